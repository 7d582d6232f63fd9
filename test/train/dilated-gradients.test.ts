// Dilated convolutions train on every backend here (cpu and wasm): the gradients registered by
// src/train/gradients/dilatedConv.ts are checked against an independent float64 reference (a
// direct convolution written out in loops, whose own gradients are checked by finite
// differences), undilated gradients are checked to be bit-identical to tfjs-core's, and models
// with dilated layers are trained through tfjs-layers and through `runTrain`.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import type { EpochEvent, WorkerEvent } from "../../src/protocol/worker";
import { atrousPlan, type Pair, type PadInfo } from "../../src/train/gradients/atrous";
import { registerDilatedConvGradients, unregisterDilatedConvGradients } from "../../src/train/gradients/dilatedConv";
import { runTrain } from "../../src/train/session";
import { ensureWasm, relativeError, runOn, seeded, TOLERANCE, values } from "./wasm-compare";

type Backend = "cpu" | "wasm";
type Padding = "valid" | "same";
type Activation = "linear" | "relu";

const BACKENDS: Backend[] = ["cpu", "wasm"];

// ---------------------------------------------------------------------------------------------
// The float64 reference: a direct convolution, channels last, stride 1.

/** One convolution, written as an NHWC conv2d or depthwise conv2d (conv1d is a 1-row conv2d). */
interface Geometry {
  depthwise: boolean;
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  /** Filters of a conv2d, the depth multiplier of a depthwise one. */
  k: number;
  dh: number;
  dw: number;
  padding: Padding;
}

/**
 * One axis of a stride-1 window, as DSL.md §4 states TensorFlow's arithmetic: the kernel spans
 * d·(n − 1) + 1; "valid" keeps the positions where it fits, "same" keeps the size and puts the
 * smaller half of the span − 1 padding before the input.
 */
function axis(size: number, kernel: number, dilation: number, padding: Padding): { out: number; before: number } {
  const span = dilation * (kernel - 1) + 1;
  return padding === "valid" ? { out: size - span + 1, before: 0 } : { out: size, before: Math.floor((span - 1) / 2) };
}

function shapes(g: Geometry) {
  const rows = axis(g.h, g.kh, g.dh, g.padding);
  const cols = axis(g.w, g.kw, g.dw, g.padding);
  const outChannels = g.depthwise ? g.c * g.k : g.k;
  return { rows, cols, outChannels, x: [g.n, g.h, g.w, g.c], filter: [g.kh, g.kw, g.c, g.k], y: [g.n, rows.out, cols.out, outChannels] };
}

interface Reference {
  y: Float64Array;
  dx: Float64Array;
  dw: Float64Array;
  db: Float64Array;
}

/** Calls `tap(xIndex, wIndex, yIndex)` for every multiply of the convolution. */
function forEachTap(g: Geometry, tap: (xi: number, wi: number, yi: number) => void): void {
  const { rows, cols, outChannels } = shapes(g);
  for (let n = 0; n < g.n; n++)
    for (let o = 0; o < rows.out; o++)
      for (let p = 0; p < cols.out; p++)
        for (let i = 0; i < g.kh; i++) {
          const r = o + i * g.dh - rows.before;
          if (r < 0 || r >= g.h) continue;
          for (let j = 0; j < g.kw; j++) {
            const s = p + j * g.dw - cols.before;
            if (s < 0 || s >= g.w) continue;
            for (let c = 0; c < g.c; c++) {
              const xi = ((n * g.h + r) * g.w + s) * g.c + c;
              for (let f = 0; f < g.k; f++) {
                const wi = ((i * g.kw + j) * g.c + c) * g.k + f;
                const yi = ((n * rows.out + o) * cols.out + p) * outChannels + (g.depthwise ? c * g.k + f : f);
                tap(xi, wi, yi);
              }
            }
          }
        }
}

/** y = activation(conv(x, w) + b) and the gradients of L = Σ y·gy, in float64. */
function reference(g: Geometry, x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | null, activation: Activation, gy: ArrayLike<number>): Reference {
  const { outChannels, x: xShape, filter, y: yShape } = shapes(g);
  const size = (shape: number[]) => shape.reduce((a, v) => a * v, 1);
  const pre = new Float64Array(size(yShape));
  if (b !== null) for (let i = 0; i < pre.length; i++) pre[i] = b[i % outChannels];
  forEachTap(g, (xi, wi, yi) => (pre[yi] += x[xi] * w[wi]));
  const y = activation === "relu" ? pre.map((v) => Math.max(v, 0)) : pre;
  const gPre = Float64Array.from(gy, (v, i) => (activation === "relu" && pre[i] <= 0 ? 0 : v));
  const dx = new Float64Array(size(xShape));
  const dw = new Float64Array(size(filter));
  forEachTap(g, (xi, wi, yi) => {
    dx[xi] += w[wi] * gPre[yi];
    dw[wi] += x[xi] * gPre[yi];
  });
  const db = new Float64Array(outChannels);
  gPre.forEach((v, i) => (db[i % outChannels] += v));
  return { y, dx, dw, db };
}

// ---------------------------------------------------------------------------------------------
// Rows: every op that reaches a dilated kernel in training, over shapes, kernels, channels,
// dilations 2 and 3 (also different per axis), both paddings and batches 1 to 3.

type Op = "conv2d" | "conv2d NCHW" | "conv1d" | "depthwiseConv2d" | "fused.conv2d" | "fused.depthwiseConv2d";

interface Row {
  op: Op;
  /** [N, H, W, C], or [N, L, C] for conv1d. */
  x: number[];
  /** [kh, kw], or [k] for conv1d. */
  kernel: number[];
  /** Filters, or the depth multiplier of a depthwise convolution. */
  k: number;
  dilation: Pair | number;
  padding: Padding;
  /** Fused ops only: a bias and this activation. */
  activation?: Activation;
  note?: string;
  /** The backends whose forward pass runs this op (default: every one). */
  backends?: Backend[];
}

const rows: Row[] = [
  { op: "conv2d", x: [1, 7, 7, 2], kernel: [3, 3], k: 3, dilation: 2, padding: "valid" },
  { op: "conv2d", x: [2, 7, 7, 2], kernel: [3, 3], k: 3, dilation: 2, padding: "same" },
  { op: "conv2d", x: [3, 9, 8, 1], kernel: [3, 3], k: 2, dilation: 3, padding: "same", note: "sizes not multiples of the dilation" },
  { op: "conv2d", x: [2, 10, 9, 3], kernel: [2, 3], k: 4, dilation: [3, 2], padding: "valid", note: "even kernel height" },
  { op: "conv2d", x: [1, 8, 8, 3], kernel: [2, 2], k: 2, dilation: [2, 3], padding: "same", note: "even kernel: uneven padding" },
  { op: "conv2d", x: [2, 9, 9, 8], kernel: [3, 3], k: 4, dilation: 2, padding: "same", note: "8 channels: wasm's batch-swapped filter gradient" },
  { op: "conv2d", x: [1, 5, 5, 2], kernel: [3, 3], k: 2, dilation: 2, padding: "valid", note: "a 1×1 output" },
  { op: "conv2d", x: [2, 6, 11, 2], kernel: [1, 3], k: 3, dilation: [2, 3], padding: "same", note: "a 1-row kernel dilated along that axis" },
  { op: "conv2d", x: [3, 12, 4, 2], kernel: [4, 1], k: 2, dilation: [3, 2], padding: "valid" },
  { op: "conv2d", x: [1, 6, 6, 2], kernel: [3, 3], k: 2, dilation: 3, padding: "same", note: "a span of 7 over 6 pixels" },
  // The wasm backend's forward Conv2D is channels-last only, so channels-first rows run on cpu.
  { op: "conv2d NCHW", x: [2, 7, 7, 2], kernel: [3, 3], k: 2, dilation: 2, padding: "same", backends: ["cpu"] },
  { op: "conv2d NCHW", x: [1, 8, 9, 3], kernel: [2, 3], k: 3, dilation: [3, 2], padding: "valid", backends: ["cpu"] },
  { op: "conv1d", x: [2, 12, 2], kernel: [3], k: 3, dilation: 2, padding: "valid" },
  { op: "conv1d", x: [3, 11, 1], kernel: [3], k: 2, dilation: 3, padding: "same" },
  { op: "conv1d", x: [1, 10, 3], kernel: [2], k: 2, dilation: 2, padding: "same" },
  { op: "depthwiseConv2d", x: [2, 8, 8, 3], kernel: [3, 3], k: 1, dilation: 2, padding: "same" },
  { op: "depthwiseConv2d", x: [1, 9, 7, 2], kernel: [2, 3], k: 2, dilation: [3, 2], padding: "valid" },
  { op: "depthwiseConv2d", x: [3, 7, 7, 1], kernel: [3, 3], k: 3, dilation: [2, 3], padding: "same" },
  { op: "fused.conv2d", x: [2, 8, 8, 2], kernel: [3, 3], k: 3, dilation: 2, padding: "same", activation: "linear", note: "tfjs-layers' conv2d path" },
  { op: "fused.conv2d", x: [2, 9, 8, 2], kernel: [3, 2], k: 2, dilation: [2, 3], padding: "valid", activation: "relu" },
  { op: "fused.depthwiseConv2d", x: [2, 8, 7, 2], kernel: [3, 3], k: 2, dilation: [2, 3], padding: "valid", activation: "linear" },
];

function geometry(row: Row): Geometry {
  const [dh, dw] = typeof row.dilation === "number" ? [row.dilation, row.dilation] : row.dilation;
  const depthwise = row.op === "depthwiseConv2d" || row.op === "fused.depthwiseConv2d";
  if (row.op === "conv1d") {
    const [n, length, c] = row.x;
    return { depthwise, n, h: 1, w: length, c, kh: 1, kw: row.kernel[0], k: row.k, dh: 1, dw: typeof row.dilation === "number" ? row.dilation : row.dilation[1], padding: row.padding };
  }
  const [n, h, w, c] = row.x;
  return { depthwise, n, h, w, c, kh: row.kernel[0], kw: row.kernel[1], k: row.k, dh, dw, padding: row.padding };
}

function label(row: Row): string {
  const note = row.note ? ` (${row.note})` : "";
  const activation = row.activation ? ` ${row.activation} + bias` : "";
  return `${row.op}${activation} x [${row.x}] kernel [${row.kernel}] k ${row.k} dilation ${row.dilation} ${row.padding}${note}`;
}

interface RowData {
  x: Float32Array;
  w: Float32Array;
  b: Float32Array | null;
  gy: Float32Array;
}

function rowData(row: Row, seed: number): RowData {
  const s = shapes(geometry(row));
  const count = (shape: number[]) => shape.reduce((a, v) => a * v, 1);
  return {
    x: values(count(s.x), seed),
    w: values(count(s.filter), seed + 1),
    b: row.activation ? values(s.outChannels, seed + 2) : null,
    gy: values(count(s.y), seed + 3),
  };
}

/** The row's forward pass on tensors laid out as the reference's (NHWC; conv1d as [N, L, C]). */
function forward(row: Row, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor {
  const pad = row.padding;
  const d = row.dilation;
  const x4 = x as tf.Tensor4D;
  const w4 = w as tf.Tensor4D;
  switch (row.op) {
    case "conv2d":
      return tf.conv2d(x4, w4, 1, pad, "NHWC", d);
    case "conv2d NCHW":
      return tf.transpose(tf.conv2d(tf.transpose(x4, [0, 3, 1, 2]), w4, 1, pad, "NCHW", d), [0, 2, 3, 1]);
    case "conv1d":
      return tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, pad, "NWC", typeof d === "number" ? d : d[1]);
    case "depthwiseConv2d":
      return tf.depthwiseConv2d(x4, w4, 1, pad, "NHWC", d);
    case "fused.conv2d":
      return tf.fused.conv2d({ x: x4, filter: w4, strides: 1, pad, dilations: d, bias: b ?? undefined, activation: row.activation });
    case "fused.depthwiseConv2d":
      return tf.fused.depthwiseConv2d({ x: x4, filter: w4, strides: 1, pad, dilations: d, bias: b ?? undefined, activation: row.activation });
  }
}

/** [y, dx, dw, (db)] of L = Σ y·gy, through tf.grads. */
function gradientsOf(row: Row, data: RowData): () => tf.Tensor[] {
  return () => {
    const s = shapes(geometry(row));
    const xShape = row.op === "conv1d" ? row.x : s.x;
    const filterShape = row.op === "conv1d" ? [row.kernel[0], s.x[3], row.k] : s.filter;
    const x = tf.tensor(data.x, xShape);
    const w = tf.tensor(data.w, filterShape);
    const b = data.b === null ? null : tf.tensor1d(data.b);
    const gy = tf.tensor(data.gy, forward(row, x, w, b).shape);
    const loss = (...inputs: tf.Tensor[]) => tf.sum(tf.mul(forward(row, inputs[0], inputs[1], inputs[2] ?? null), gy));
    return [forward(row, x, w, b), ...tf.grads(loss)(b === null ? [x, w] : [x, w, b])];
  };
}

// ---------------------------------------------------------------------------------------------

describe("dilated convolution gradients", function () {
  this.timeout(60000);

  before(async () => {
    await ensureWasm();
    registerDilatedConvGradients(tf);
  });

  describe("the space-to-batch plan", () => {
    const cases: { input: number[]; pad: PadInfo; dilations: Pair; inputPaddings: [Pair, Pair]; outputPaddings: [Pair, Pair]; blocked: number[] }[] = [
      // valid 7×7, d 2: 7 → 8 with one zero; 4×4 sub-images, four of them per image.
      { input: [1, 7, 7, 2], pad: { top: 0, bottom: 0, left: 0, right: 0 }, dilations: [2, 2], inputPaddings: [[0, 1], [0, 1]], outputPaddings: [[0, 1], [0, 1]], blocked: [4, 4, 4, 2] },
      // same 3×3, d 2: 2 + 7 + 2 = 11 → 12.
      { input: [2, 7, 7, 2], pad: { top: 2, bottom: 2, left: 2, right: 2 }, dilations: [2, 2], inputPaddings: [[2, 3], [2, 3]], outputPaddings: [[0, 1], [0, 1]], blocked: [8, 6, 6, 2] },
      // same 3×3, d 3: 3 + 9 + 3 = 15 rows (a multiple), 3 + 8 + 3 = 14 → 15 columns.
      { input: [3, 9, 8, 1], pad: { top: 3, bottom: 3, left: 3, right: 3 }, dilations: [3, 3], inputPaddings: [[3, 3], [3, 4]], outputPaddings: [[0, 0], [0, 1]], blocked: [27, 5, 5, 1] },
      // conv1d: one row, dilation [1, 2]; 12 columns already even.
      { input: [2, 1, 12, 2], pad: { top: 0, bottom: 0, left: 0, right: 0 }, dilations: [1, 2], inputPaddings: [[0, 0], [0, 0]], outputPaddings: [[0, 0], [0, 0]], blocked: [4, 1, 6, 2] },
    ];
    for (const c of cases) {
      it(`[${c.input}] pad ${JSON.stringify(c.pad)} dilations ${c.dilations} → blocks [${c.blocked}]`, () => {
        const plan = atrousPlan(c.input, c.pad, c.dilations);
        assert.deepEqual(plan.inputPaddings, c.inputPaddings);
        assert.deepEqual(plan.outputPaddings, c.outputPaddings);
        assert.deepEqual(plan.blockedInputShape, c.blocked);
      });
    }
  });

  describe("the float64 reference agrees with central differences", () => {
    for (const [index, row] of rows.entries()) {
      if (row.activation === "relu" || index % 3 !== 0) continue;
      it(label(row), () => {
        const g = geometry(row);
        const data = rowData(row, 100 + index);
        const x = Float64Array.from(data.x);
        const w = Float64Array.from(data.w);
        const b = data.b && Float64Array.from(data.b);
        const loss = () => reference(g, x, w, b, "linear", data.gy).y.reduce((sum, v, i) => sum + v * data.gy[i], 0);
        const analytic = reference(g, x, w, b, "linear", data.gy);
        const h = 1e-3;
        const numeric = (values: Float64Array) =>
          Float64Array.from(values, (_, i) => {
            const kept = values[i];
            values[i] = kept + h;
            const up = loss();
            values[i] = kept - h;
            const down = loss();
            values[i] = kept;
            return (up - down) / (2 * h);
          });
        // L is linear in each argument, so central differences are exact up to rounding.
        assert.ok(relativeError(numeric(x), analytic.dx) < 1e-9, "dx");
        assert.ok(relativeError(numeric(w), analytic.dw) < 1e-9, "dw");
        if (b) assert.ok(relativeError(numeric(b), analytic.db) < 1e-9, "db");
      });
    }
  });

  for (const backend of BACKENDS) {
    describe(`on ${backend}: y, dx, dW (and db) against the float64 reference`, () => {
      for (const [index, row] of rows.entries()) {
        if (row.backends && !row.backends.includes(backend)) continue;
        it(label(row), async () => {
          const data = rowData(row, 100 + index);
          const expected = reference(geometry(row), data.x, data.w, data.b, row.activation ?? "linear", data.gy);
          const actual = await runOn(backend, gradientsOf(row, data));
          const names = ["y", "dx", "dW", "db"] as const;
          const wanted = [expected.y, expected.dx, expected.dw, expected.db].slice(0, actual.length);
          assert.equal(actual.length, data.b === null ? 3 : 4);
          wanted.forEach((reference, i) => {
            assert.ok(reference.some((v) => v !== 0), `${names[i]} of the reference is zero, so it tests nothing`);
            const error = relativeError(actual[i].data, reference);
            assert.ok(error <= TOLERANCE, `${names[i]} differs by ${error.toExponential(2)} (relative)`);
          });
        });
      }
    });
  }

  describe("dilation 1 keeps tfjs-core's gradients, bit for bit", () => {
    const x = [2, 9, 9, 3];
    const cases: { name: string; build: () => tf.Tensor[] }[] = [
      { name: "conv2d same", build: () => conv2dGrads(x, [3, 3, 3, 4], 1, "same") },
      { name: "conv2d valid, stride 2", build: () => conv2dGrads(x, [3, 3, 3, 4], 2, "valid") },
      { name: "conv2d, 8 channels", build: () => conv2dGrads([2, 7, 7, 8], [3, 3, 8, 4], 1, "valid") },
      { name: "depthwiseConv2d same", build: () => depthwiseGrads(x, [3, 3, 3, 2], 1, "same") },
      { name: "depthwiseConv2d valid, stride 2", build: () => depthwiseGrads(x, [3, 3, 3, 2], 2, "valid") },
      { name: "fused.conv2d linear + bias", build: () => fusedGrads(x, [3, 3, 3, 4]) },
      {
        name: "conv1d",
        build: () => grads([2, 12, 3], [3, 3, 2], (a, b) => tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, 1, "same")),
      },
    ];
    for (const backend of BACKENDS) {
      for (const c of cases) {
        it(`${backend}: ${c.name}`, async () => {
          const ours = await runOn(backend, c.build);
          unregisterDilatedConvGradients(tf);
          try {
            const theirs = await runOn(backend, c.build);
            assert.equal(ours.length, theirs.length);
            ours.forEach((o, i) => assert.deepEqual(Array.from(o.data), Array.from(theirs[i].data), `output ${i}`));
          } finally {
            registerDilatedConvGradients(tf);
          }
        });
      }
    }
  });

  describe("registration", () => {
    it("is idempotent: a second call keeps the same gradient configs and fused ops", () => {
      const before = [tf.getGradient("Conv2D"), tf.getGradient("DepthwiseConv2dNative"), tf.fused.conv2d, tf.fused.depthwiseConv2d];
      registerDilatedConvGradients(tf);
      const after = [tf.getGradient("Conv2D"), tf.getGradient("DepthwiseConv2dNative"), tf.fused.conv2d, tf.fused.depthwiseConv2d];
      after.forEach((value, i) => assert.equal(value, before[i], `entry ${i}`));
    });

    // Without the registration, tfjs-core 4.22 refuses every dilated gradient: the reason for it.
    const refusals: { name: string; run: () => tf.Tensor[]; message: RegExp }[] = [
      { name: "conv2d", run: () => grads([1, 7, 7, 1], [3, 3, 1, 1], (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same", "NHWC", 2)), message: /gradient of conv2D: dilation rates greater than 1/ },
      { name: "conv1d", run: () => grads([1, 9, 1], [3, 1, 1], (a, b) => tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, 1, "valid", "NWC", 2)), message: /gradient of conv2D: dilation rates greater than 1/ },
      { name: "depthwiseConv2d", run: () => grads([1, 7, 7, 1], [3, 3, 1, 1], (a, b) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same", "NHWC", 2)), message: /depthwiseConv2dNative: dilation rates greater than 1/ },
      {
        name: "fused.conv2d (linear)",
        run: () => grads([1, 7, 7, 1], [3, 3, 1, 1], (a, b) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 1, pad: "same", dilations: 2 })),
        message: /gradient of fused conv2D: dilation rates greater than 1/,
      },
    ];
    for (const r of refusals) {
      it(`unregistering restores tfjs-core's own ${r.name} gradient, which refuses dilation 2`, async () => {
        await tf.setBackend("cpu");
        unregisterDilatedConvGradients(tf);
        try {
          assert.throws(() => tf.tidy(r.run), r.message);
        } finally {
          registerDilatedConvGradients(tf);
        }
        const outputs = tf.tidy(r.run);
        const [, dx, dw] = outputs;
        assert.ok(dx.dataSync().some((v) => v !== 0) && dw.dataSync().some((v) => v !== 0), "registered again, the gradients are non-zero");
        tf.dispose(outputs);
      });
    }
  });

  describe("layers with a dilation train, and wasm follows cpu", () => {
    it("conv2d (linear, relu, tanh), separableConv2d and conv1d, all dilated: 3 epochs", async () => {
      const fit = await dilatedFitOnBothBackends();
      for (const backend of BACKENDS) {
        const losses = fit[backend].losses;
        assert.ok(
          losses.every((loss, i) => i === 0 || loss < losses[i - 1]),
          `${backend} losses do not decrease: ${Array.from(losses).join(", ")}`,
        );
      }
      const lossError = relativeError(fit.wasm.losses, fit.cpu.losses);
      assert.ok(lossError <= TOLERANCE, `losses differ by ${lossError.toExponential(2)}`);
      fit.cpu.weights.forEach((w, i) => {
        const error = relativeError(fit.wasm.weights[i], w);
        assert.ok(error <= TOLERANCE, `weight ${i} differs by ${error.toExponential(2)}`);
      });
    });
  });

  describe("nn-studio train (runTrain) on cpu", function () {
    this.timeout(120000);
    let workspace: string;
    beforeEach(() => {
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-dilated-"));
    });
    afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

    it("trains a model of dilated conv2d and conv1d layers to a decreasing loss, registering through loadBackend", async () => {
      writeBarsDataset(workspace, 48);
      const file = path.join(workspace, "dilated.nn.ts");
      fs.writeFileSync(file, DILATED_MODEL);
      // The worker's backend setup must register the gradients itself.
      unregisterDilatedConvGradients(tf);
      const events: WorkerEvent[] = [];
      try {
        await runTrain({ type: "train", file, backend: "cpu", workspace }, { emit: (event) => events.push(event), stopRequested: () => false });
      } finally {
        registerDilatedConvGradients(tf);
      }
      const final = events[events.length - 1];
      assert.equal(final.type, "done", JSON.stringify(final));
      const losses = events.filter((e): e is EpochEvent => e.type === "epoch").map((e) => e.logs.loss);
      assert.equal(losses.length, 6);
      assert.ok(
        losses.every((loss, i) => Number.isFinite(loss) && (i === 0 || loss < losses[i - 1])),
        `losses do not decrease: ${losses.join(", ")}`,
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers for the undilated and refusal cases: gradients of a seeded linear loss.

function grads(xShape: number[], wShape: number[], f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor): tf.Tensor[] {
  const count = (shape: number[]) => shape.reduce((a, v) => a * v, 1);
  const x = tf.tensor(values(count(xShape), 7), xShape);
  const w = tf.tensor(values(count(wShape), 8), wShape);
  const y = f(x, w);
  const gy = tf.tensor(values(y.size, 9), y.shape);
  return [y, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), gy)))([x, w])];
}

function conv2dGrads(x: number[], w: number[], stride: number, pad: Padding): tf.Tensor[] {
  return grads(x, w, (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad));
}

function depthwiseGrads(x: number[], w: number[], stride: number, pad: Padding): tf.Tensor[] {
  return grads(x, w, (a, b) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad));
}

function fusedGrads(xShape: number[], wShape: number[]): tf.Tensor[] {
  const bias = tf.tensor1d(values(wShape[3], 10));
  return grads(xShape, wShape, (a, b) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 1, pad: "same", bias }));
}

// ---------------------------------------------------------------------------------------------
// A tfjs-layers model with every dilated layer, fitted on cpu and on wasm from the same weights.

async function dilatedFitOnBothBackends(): Promise<Record<Backend, { losses: Float32Array; weights: Float32Array[] }>> {
  const L = tf.layers;
  const build = () => {
    const model = tf.sequential();
    model.add(L.conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, dilationRate: 2, padding: "same" }));
    model.add(L.separableConv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: "same", activation: "relu" }));
    model.add(L.conv2d({ filters: 3, kernelSize: [3, 2], dilationRate: [2, 3], activation: "tanh" }));
    model.add(L.reshape({ targetShape: [42, 3] }));
    model.add(L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 3, activation: "relu" }));
    model.add(L.flatten());
    model.add(L.dense({ units: 2, activation: "softmax" }));
    model.compile({ optimizer: tf.train.sgd(0.05), loss: "categoricalCrossentropy" });
    return model;
  };
  const initial = (await runOn("cpu", () => build().getWeights().map((w) => w.clone()))).map((w) => w.data);
  const train = async (backend: Backend) => {
    if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
    const model = build();
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
    const random = seeded(11);
    const labels = Array.from({ length: 24 }, (_, i) => i % 2);
    // Class 1 is brighter in the top half: learnable in a few epochs by any of the layers.
    const pixels = labels.flatMap((label) => Array.from({ length: 200 }, (_, p) => random() + (label === 1 && p < 100 ? 0.5 : 0)));
    const x = tf.tensor4d(pixels, [24, 10, 10, 2]);
    const y = tf.oneHot(tf.tensor1d(labels, "int32"), 2);
    try {
      const history = await model.fit(x, y, { batchSize: 8, epochs: 3, shuffle: false, verbose: 0 });
      return {
        losses: Float32Array.from(history.history.loss as number[]),
        weights: model.getWeights().map((w) => Float32Array.from(w.dataSync())),
      };
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  };
  return { cpu: await train("cpu"), wasm: await train("wasm") };
}

// ---------------------------------------------------------------------------------------------
// The runTrain model: IDX images of a horizontal (class 0) or vertical (class 1) bar.

const DILATED_MODEL = `import { model, input, conv2d, reshape, conv1d, flatten, dense, idx, adam } from "nn-studio";

export default model({
  name: "dilated",
  input: input([8, 8, 1]),
  layers: [
    conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: "same" }),
    conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, activation: "relu" }),
    reshape([16, 4]),
    conv1d({ filters: 4, kernelSize: 3, dilationRate: 3, activation: "tanh" }),
    flatten(),
    dense({ units: 2, activation: "softmax" }),
  ],
  data: idx({ images: "bars-images-idx3-ubyte", labels: "bars-labels-idx1-ubyte" }),
  train: { optimizer: adam({ learningRate: 0.01 }), loss: "categoricalCrossentropy", epochs: 6, batchSize: 8, seed: 1 },
});
`;

function idxFile(dims: number[], bytes: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08; // unsigned bytes
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(bytes)]);
}

function writeBarsDataset(folder: string, count: number): void {
  const random = seeded(5);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  const pixels = labels.flatMap((label, i) => {
    const line = i % 8;
    return Array.from({ length: 64 }, (_, p) => {
      const onBar = label === 0 ? Math.floor(p / 8) === line : p % 8 === line;
      return Math.round((onBar ? 200 : 0) + 55 * random());
    });
  });
  fs.writeFileSync(path.join(folder, "bars-images-idx3-ubyte"), idxFile([count, 8, 8], pixels));
  fs.writeFileSync(path.join(folder, "bars-labels-idx1-ubyte"), idxFile([count], labels));
}
