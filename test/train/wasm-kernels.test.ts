// Every kernel registerWasmTrainingKernels replaces or adds, against the cpu backend: forward
// values and full gradients through tf.grads, over tables of shapes, strides, paddings and
// dilations, with seeded inputs that include negative values (all-negative windows, ties).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { wasmKernelTuning } from "../../src/train/wasm";
import { poolWindowsTile } from "../../src/train/wasm/max_pool_grad";
import { compareWithCpu, ensureWasm, randomTensor, TOLERANCE, type ValueOptions } from "./wasm-compare";

type Pad = "valid" | "same" | number;
type Pair = [number, number];

function assertClose(comparison: Awaited<ReturnType<typeof compareWithCpu>>, label: string): void {
  comparison.errors.forEach((error, i) => {
    assert.ok(comparison.scales[i] > 0, `${label}: output ${i} is all zeros on cpu, so the row tests nothing`);
    assert.ok(error <= TOLERANCE, `${label}: output ${i} [${comparison.shapes[i]}] differs by ${error.toExponential(2)} (relative)`);
  });
}

/** A loss that is linear in `y` with seeded weights, so that dy is a dense, signed tensor. */
function weightedSum(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(tf.mul(y, randomTensor(y.shape, seed)));
}

/** The filter with (rate − 1) zeros between taps: a dilated convolution as an undilated one. */
function dilateFilter(w: tf.Tensor4D, [rh, rw]: Pair): tf.Tensor4D {
  const [kh, kw, c, m] = w.shape;
  const source = w.dataSync();
  const out = tf.buffer([(kh - 1) * rh + 1, (kw - 1) * rw + 1, c, m]);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let ch = 0; ch < c; ch++)
        for (let k = 0; k < m; k++) out.set(source[((a * kw + b) * c + ch) * m + k], a * rh, b * rw, ch, k);
  return out.toTensor() as tf.Tensor4D;
}

/** Runs each row with the kernel-path thresholds changed, then restores them. */
function withTuning<T>(changes: Partial<typeof wasmKernelTuning>, body: () => Promise<T>): () => Promise<T> {
  return async () => {
    const saved = { ...wasmKernelTuning };
    Object.assign(wasmKernelTuning, changes);
    try {
      return await body();
    } finally {
      Object.assign(wasmKernelTuning, saved);
    }
  };
}

describe("wasm training kernels match the cpu backend", function () {
  this.timeout(120_000);
  before(ensureWasm);
  after(() => tf.setBackend("cpu"));

  describe("BatchMatMul and _FusedMatMul with transposes", () => {
    // TensorFlow.js has no gradient for a batch that broadcasts ([3, …] × [1, …]) on any
    // backend, so those rows compare values only.
    const rows: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean; broadcast?: boolean }[] = [
      { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
      { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
      { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
      { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
      { a: [2, 7, 5], b: [2, 3, 7], transposeA: true, transposeB: true },
      { a: [3, 4, 6], b: [1, 6, 2], transposeA: false, transposeB: false, broadcast: true },
      { a: [3, 6, 4], b: [1, 2, 6], transposeA: true, transposeB: true, broadcast: true },
      { a: [3, 4, 6], b: [3, 6, 2], transposeA: false, transposeB: false },
      { a: [64, 1], b: [64, 10], transposeA: true, transposeB: false },
      { a: [1, 33], b: [17, 33], transposeA: false, transposeB: true },
    ];
    for (const [i, row] of rows.entries()) {
      const label = `matMul [${row.a}]${row.transposeA ? "ᵀ" : ""} × [${row.b}]${row.transposeB ? "ᵀ" : ""}`;
      it(`${label}: value${row.broadcast === true ? "" : " and gradients"}`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const a = randomTensor(row.a, 10 + i);
            const b = randomTensor(row.b, 20 + i);
            const f = (x: tf.Tensor, y: tf.Tensor) => weightedSum(tf.matMul(x, y, row.transposeA, row.transposeB), 30 + i);
            const value = tf.matMul(a, b, row.transposeA, row.transposeB);
            return row.broadcast === true ? value : [value, ...tf.grads(f)([a, b])];
          }),
          label,
        );
      });
      it(`${label}: fused with bias and relu, value${row.broadcast === true ? "" : " and gradients"}`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const a = randomTensor(row.a, 40 + i);
            const b = randomTensor(row.b, 50 + i);
            const columns = row.transposeB ? row.b[row.b.length - 2] : row.b[row.b.length - 1];
            const bias = randomTensor([columns], 60 + i);
            const fused = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
              tf.fused.matMul({ a: x, b: y, bias: z, transposeA: row.transposeA, transposeB: row.transposeB, activation: "relu" });
            const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => weightedSum(fused(x, y, z), 70 + i);
            const value = fused(a, b, bias);
            return row.broadcast === true ? value : [value, ...tf.grads(f)([a, b, bias])];
          }),
          `fused ${label}`,
        );
      });
    }
  });

  describe("products by our gemm (a new right operand, few rows) and by XNNPACK, each row on both paths", () => {
    // Rows cover the 6-row register block and every remainder, the 8- and 4-column strips and
    // the 1–3 columns after them, a bias or none, ReLU, another activation fused after, leading
    // axes of size 1, and a second product by the same right operand (XNNPACK's turn).
    const rows: { a: number[]; b: number[]; bias: boolean; activation: tf.fused.Activation }[] = [
      { a: [1, 1], b: [1, 1], bias: false, activation: "linear" },
      { a: [6, 9], b: [9, 8], bias: true, activation: "relu" },
      { a: [13, 20], b: [20, 17], bias: true, activation: "relu" },
      { a: [7, 5], b: [5, 12], bias: false, activation: "linear" },
      { a: [11, 33], b: [33, 3], bias: true, activation: "sigmoid" },
      { a: [64, 100], b: [100, 24], bias: true, activation: "relu" },
      { a: [1, 5, 7], b: [1, 7, 10], bias: true, activation: "relu" },
      { a: [4, 6], b: [1, 6, 9], bias: false, activation: "elu" },
    ];
    for (const [path, maxRows] of [["our gemm", 4096], ["XNNPACK", 0]] as const) {
      for (const [i, row] of rows.entries()) {
        const label = `${path}: [${row.a}] × [${row.b}]${row.bias ? " + bias" : ""}, ${row.activation}`;
        it(`${label}: value, gradients and a second product by the same operand`, withTuning({ nativeGemmMaxRows: maxRows }, async () => {
          assertClose(
            await compareWithCpu(() => {
              const a = randomTensor(row.a, 130 + i);
              const b = randomTensor(row.b, 140 + i);
              const bias = row.bias ? randomTensor([row.b[row.b.length - 1]], 150 + i) : undefined;
              const product = (x: tf.Tensor, y: tf.Tensor, z?: tf.Tensor) => tf.fused.matMul({ a: x, b: y, bias: z, activation: row.activation });
              const again = product(randomTensor(row.a, 160 + i), b, bias);
              const value = product(a, b, bias);
              const inputs = bias === undefined ? [a, b] : [a, b, bias];
              const differentiable = row.activation === "linear" || row.activation === "relu";
              const grads = differentiable ? tf.grads((...xs: tf.Tensor[]) => weightedSum(product(xs[0], xs[1], xs[2]), 170 + i))(inputs) : [];
              return [value, again, ...grads];
            }),
            label,
          );
        }));
      }
    }
  });

  describe("_FusedMatMul with a batch above 1 (the wasm kernel adds bias and PReLU weights wrongly there)", () => {
    // tfjs-core defines fused gradients only for linear and relu; the others compare values.
    const activations: { activation: tf.fused.Activation; withGrads: boolean }[] = [
      { activation: "linear", withGrads: true },
      { activation: "relu", withGrads: true },
      { activation: "relu6", withGrads: false },
      { activation: "elu", withGrads: false },
      { activation: "sigmoid", withGrads: false },
      { activation: "leakyrelu", withGrads: false },
      { activation: "prelu", withGrads: false },
    ];
    for (const [i, { activation, withGrads }] of activations.entries()) {
      it(`[2, 4, 6] × [2, 6, 3] + bias, ${activation}: value${withGrads ? " and gradients" : ""}`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const a = randomTensor([2, 4, 6], 80 + i);
            const b = randomTensor([2, 6, 3], 90 + i);
            const bias = randomTensor([3], 100 + i);
            const preluActivationWeights = activation === "prelu" ? randomTensor([3], 110 + i, { low: 0, high: 0.5 }) : undefined;
            const fused = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
              tf.fused.matMul({ a: x, b: y, bias: z, activation, preluActivationWeights, leakyreluAlpha: 0.1 });
            const value = fused(a, b, bias);
            return withGrads ? [value, ...tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => weightedSum(fused(x, y, z), 120 + i))([a, b, bias])] : value;
          }),
          activation,
        );
      });
    }
  });

  describe("conv2d: forward, input gradient (Conv2DBackpropInput) and filter gradient (Conv2DBackpropFilter)", () => {
    const rows: { x: number[]; filter: number[]; strides: Pair; pad: Pad; dilations?: Pair; values?: ValueOptions }[] = [
      { x: [2, 9, 9, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: "valid" },
      { x: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: "same" },
      { x: [3, 8, 7, 2], filter: [2, 3, 2, 4], strides: [2, 2], pad: "valid" },
      { x: [2, 9, 9, 8], filter: [3, 3, 8, 6], strides: [1, 1], pad: "valid" },
      { x: [2, 10, 9, 16], filter: [3, 2, 16, 4], strides: [2, 2], pad: "same" },
      { x: [2, 11, 11, 9], filter: [3, 3, 9, 7], strides: [3, 2], pad: "valid" },
      { x: [1, 7, 8, 12], filter: [5, 5, 12, 3], strides: [1, 1], pad: "same" },
      { x: [2, 8, 8, 10], filter: [4, 4, 10, 3], strides: [1, 1], pad: "same" },
      { x: [2, 12, 12, 3], filter: [1, 1, 3, 5], strides: [2, 2], pad: "valid" },
      { x: [2, 9, 9, 4], filter: [3, 3, 4, 4], strides: [1, 1], pad: 2 },
      { x: [2, 9, 9, 9], filter: [3, 3, 9, 4], strides: [2, 2], pad: 1 },
      { x: [2, 6, 6, 10], filter: [3, 3, 10, 4], strides: [1, 1], pad: 4 },
      { x: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: "valid", values: { low: -3, high: -1 } },
      { x: [2, 10, 10, 9], filter: [3, 3, 9, 4], strides: [1, 1], pad: "same", dilations: [2, 2] },
      { x: [2, 10, 11, 2], filter: [2, 3, 2, 4], strides: [1, 1], pad: "valid", dilations: [3, 2] },
      { x: [2, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: "valid" },
      { x: [3, 7, 2, 1], filter: [3, 3, 1, 3], strides: [1, 1], pad: "same" },
      { x: [2, 11, 10, 1], filter: [5, 5, 1, 6], strides: [3, 2], pad: "same" },
      { x: [2, 10, 13, 5], filter: [4, 4, 5, 7], strides: [3, 3], pad: 3 },
    ];
    const paths: { name: string; tuning: Partial<typeof wasmKernelTuning> }[] = [
      { name: "default paths", tuning: {} },
      { name: "batch-swapped filter gradient, col2im input gradient", tuning: { swappedConvMinChannels: 1, rotatedConvForStride1: false } },
      { name: "direct SIMD filter gradient for every layer, col2im in one-image chunks", tuning: { swappedConvMinChannels: Infinity, rotatedConvForStride1: false, maxColumnElements: 1 } },
    ];
    for (const path of paths) {
      describe(path.name, () => {
        for (const [i, row] of rows.entries()) {
          const dilations = row.dilations ?? [1, 1];
          const label = `x [${row.x}] filter [${row.filter}] strides ${row.strides} pad ${row.pad} dilations ${dilations}`;
          // TensorFlow.js defines no conv2d gradient for dilations above 1 (on any backend).
          const withGrads = dilations[0] === 1 && dilations[1] === 1;
          it(
            `${label}: ${withGrads ? "value, dx and dW" : "value"}`,
            withTuning(path.tuning, async () => {
              assertClose(
                await compareWithCpu(() => {
                  const x = randomTensor(row.x, 100 + i, row.values) as tf.Tensor4D;
                  const w = randomTensor(row.filter, 200 + i) as tf.Tensor4D;
                  const conv = (a: tf.Tensor, b: tf.Tensor) =>
                    tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, row.strides, row.pad, "NHWC", dilations);
                  const value = conv(x, w);
                  return withGrads ? [value, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => weightedSum(conv(a, b), 300 + i))([x, w])] : value;
                }),
                label,
              );
            }),
          );
        }
      });
    }
  });

  describe("conv2dTranspose (Conv2DBackpropInput forward) and its gradients", () => {
    const rows: { x: number[]; filter: number[]; output: number[]; strides: Pair; pad: "valid" | "same" }[] = [
      { x: [2, 5, 5, 3], filter: [3, 3, 4, 3], output: [2, 11, 11, 4], strides: [2, 2], pad: "valid" },
      { x: [2, 5, 5, 3], filter: [3, 3, 4, 3], output: [2, 10, 10, 4], strides: [2, 2], pad: "same" },
      { x: [2, 6, 6, 8], filter: [3, 3, 2, 8], output: [2, 8, 8, 2], strides: [1, 1], pad: "valid" },
      { x: [1, 4, 6, 5], filter: [2, 2, 3, 5], output: [1, 8, 12, 3], strides: [2, 2], pad: "same" },
      { x: [2, 4, 4, 2], filter: [5, 5, 3, 2], output: [2, 12, 12, 3], strides: [3, 3], pad: "same" },
    ];
    for (const [i, row] of rows.entries()) {
      const label = `x [${row.x}] filter [${row.filter}] → [${row.output}] strides ${row.strides} pad ${row.pad}`;
      it(`${label}: value and gradients`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const x = randomTensor(row.x, 400 + i) as tf.Tensor4D;
            const w = randomTensor(row.filter, 500 + i) as tf.Tensor4D;
            const deconv = (a: tf.Tensor, b: tf.Tensor) =>
              tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, row.output as [number, number, number, number], row.strides, row.pad);
            return [deconv(x, w), ...tf.grads((a: tf.Tensor, b: tf.Tensor) => weightedSum(deconv(a, b), 600 + i))([x, w])];
          }),
          label,
        );
      });
    }
  });

  describe("depthwise and separable convolutions", () => {
    const rows: { x: number[]; filter: number[]; strides: Pair; pad: Pad; dilations?: Pair }[] = [
      { x: [2, 9, 9, 3], filter: [3, 3, 3, 1], strides: [1, 1], pad: "valid" },
      { x: [2, 9, 9, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: "same" },
      { x: [1, 8, 10, 4], filter: [2, 3, 4, 3], strides: [1, 2], pad: "valid" },
      { x: [2, 7, 7, 2], filter: [5, 5, 2, 1], strides: [1, 1], pad: "same" },
      { x: [2, 9, 9, 2], filter: [3, 3, 2, 2], strides: [3, 3], pad: 1 },
      { x: [2, 10, 10, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: "same", dilations: [2, 2] },
      { x: [1, 11, 9, 2], filter: [3, 2, 2, 1], strides: [1, 1], pad: "valid", dilations: [2, 3] },
    ];
    for (const [i, row] of rows.entries()) {
      const dilations = row.dilations ?? [1, 1];
      const label = `x [${row.x}] filter [${row.filter}] strides ${row.strides} pad ${row.pad} dilations ${dilations}`;
      it(`depthwise ${label}: value, dx and dW (backprop kernels called directly)`, async () => {
        // tf.grads refuses dilations above 1 for depthwise convolutions, so the two backprop
        // kernels are called with the attributes the gradient would pass. The cpu kernels ignore
        // dilations, so the reference runs a filter dilated with zeros at dilation 1 and reads
        // the filter gradient at the filter's own taps.
        const attrs = (extra: object, rates: Pair) =>
          ({ strides: row.strides, pad: row.pad, dilations: rates, dimRoundingMode: undefined, ...extra }) as unknown as tf.NamedAttrMap;
        const inputs = () => {
          const x = randomTensor(row.x, 700 + i) as tf.Tensor4D;
          const w = randomTensor(row.filter, 800 + i) as tf.Tensor4D;
          return { x, w };
        };
        const outputs = (x: tf.Tensor4D, w: tf.Tensor4D, rates: Pair) => {
          const value = tf.depthwiseConv2d(x, w, row.strides, row.pad, "NHWC", rates);
          const dy = randomTensor(value.shape, 900 + i);
          const dx = tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy, filter: w }, attrs({ inputShape: row.x }, rates)) as tf.Tensor;
          const dw = tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x, dy }, attrs({ filterShape: w.shape }, rates)) as tf.Tensor;
          return [value, dx, dw];
        };
        assertClose(
          await compareWithCpu(
            () => {
              const { x, w } = inputs();
              return outputs(x, w, dilations);
            },
            () => {
              const { x, w } = inputs();
              const [value, dx, dwDilated] = outputs(x, dilateFilter(w, dilations), [1, 1]);
              return [value, dx, tf.stridedSlice(dwDilated, [0, 0, 0, 0], dwDilated.shape, [dilations[0], dilations[1], 1, 1])];
            },
          ),
          label,
        );
      });
      if (dilations[0] === 1 && dilations[1] === 1) {
        it(`depthwise ${label}: gradients through tf.grads`, async () => {
          assertClose(
            await compareWithCpu(() => {
              const x = randomTensor(row.x, 1000 + i) as tf.Tensor4D;
              const w = randomTensor(row.filter, 1100 + i) as tf.Tensor4D;
              const f = (a: tf.Tensor, b: tf.Tensor) =>
                weightedSum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, row.strides, row.pad), 1200 + i);
              return tf.grads(f)([x, w]);
            }),
            label,
          );
        });
        if (typeof row.pad === "string" && row.strides[0] === row.strides[1]) {
          const pad = row.pad;
          it(`separable ${label} → 5 filters: value and gradients`, async () => {
            assertClose(
              await compareWithCpu(() => {
                const x = randomTensor(row.x, 1300 + i) as tf.Tensor4D;
                const depthwise = randomTensor(row.filter, 1400 + i) as tf.Tensor4D;
                const pointwise = randomTensor([1, 1, row.filter[2] * row.filter[3], 5], 1500 + i) as tf.Tensor4D;
                const sep = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
                  tf.separableConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, row.strides, pad);
                return [sep(x, depthwise, pointwise), ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => weightedSum(sep(a, b, c), 1600 + i))([x, depthwise, pointwise])];
              }),
              label,
            );
          });
        }
      }
    }
  });

  describe("pooling gradients (MaxPoolGrad replaced; AvgPoolGrad is the wasm backend's own)", () => {
    // `tiles` marks the rows whose windows tile the input (stride = pool size, no padding), which
    // take the SIMD MaxPoolGrad kernel unless the tuning turns it off.
    const rows: { x: number[]; pool: Pair; strides: Pair; pad: "valid" | "same"; values?: ValueOptions; tiles: boolean; note: string }[] = [
      { x: [2, 8, 8, 3], pool: [2, 2], strides: [2, 2], pad: "valid", tiles: true, note: "mixed signs" },
      { x: [2, 8, 8, 3], pool: [2, 2], strides: [2, 2], pad: "valid", values: { low: -3, high: -0.5 }, tiles: true, note: "every window ≤ 0" },
      { x: [2, 9, 9, 4], pool: [3, 3], strides: [2, 2], pad: "valid", values: { low: -2, high: 0.2 }, tiles: false, note: "overlapping, mostly negative" },
      { x: [2, 7, 9, 3], pool: [2, 2], strides: [2, 2], pad: "same", values: { low: -2, high: -1 }, tiles: false, note: "padding never wins" },
      { x: [1, 10, 10, 5], pool: [3, 2], strides: [1, 2], pad: "same", tiles: false, note: "non-square" },
      { x: [2, 8, 8, 6], pool: [2, 2], strides: [2, 2], pad: "valid", values: { low: -1, high: 1, step: 0.5 }, tiles: true, note: "ties: the first maximum wins" },
      { x: [2, 8, 8, 6], pool: [3, 3], strides: [1, 1], pad: "same", values: { low: -1, high: 0, step: 1 }, tiles: false, note: "all ties" },
      { x: [3, 13, 13, 2], pool: [2, 2], strides: [2, 2], pad: "valid", tiles: true, note: "odd size drops a border" },
      { x: [2, 8, 10, 4], pool: [2, 2], strides: [2, 2], pad: "same", tiles: true, note: "same padding that is zero" },
      { x: [2, 11, 11, 64], pool: [2, 2], strides: [2, 2], pad: "valid", values: { low: -1, high: 1, step: 0.25 }, tiles: true, note: "64 channels, ties, border dropped" },
      { x: [3, 6, 5, 1], pool: [2, 2], strides: [2, 2], pad: "valid", values: { low: -2, high: -1 }, tiles: true, note: "1 channel, all negative, column dropped" },
      { x: [2, 9, 10, 3], pool: [3, 3], strides: [3, 3], pad: "valid", tiles: true, note: "3×3 tiles, column dropped" },
      { x: [2, 9, 9, 5], pool: [3, 3], strides: [3, 3], pad: "same", values: { low: -1, high: 0, step: 0.5 }, tiles: true, note: "3×3 tiles, ties ≤ 0" },
      { x: [2, 7, 9, 2], pool: [2, 3], strides: [2, 3], pad: "valid", values: { low: -3, high: -1 }, tiles: true, note: "2×3 tiles, every window < 0" },
      { x: [2, 8, 8, 3], pool: [1, 1], strides: [1, 1], pad: "valid", tiles: true, note: "1×1 windows" },
    ];
    const paths: { name: string; tuning: Partial<typeof wasmKernelTuning> }[] = [
      { name: "default paths", tuning: {} },
      { name: "general MaxPoolGrad loop", tuning: { maxPoolGradTiledPath: false } },
    ];
    for (const path of paths) {
      describe(path.name, () => {
        for (const [i, row] of rows.entries()) {
          const label = `[${row.x}] pool ${row.pool} strides ${row.strides} ${row.pad} (${row.note})`;
          it(
            `maxPool ${label}: value and gradient`,
            withTuning(path.tuning, async () => {
              assertClose(
                await compareWithCpu(() => {
                  const x = randomTensor(row.x, 1700 + i, row.values) as tf.Tensor4D;
                  const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, row.pool, row.strides, row.pad);
                  return [pool(x), tf.grad((a: tf.Tensor) => weightedSum(pool(a), 1800 + i))(x)];
                }),
                label,
              );
            }),
          );
        }
      });
    }
    it("the rows marked as tiling are exactly those the fast path takes", () => {
      for (const row of rows) {
        const info = tf.backend_util.computePool2DInfo(row.x as [number, number, number, number], row.pool, row.strides, 1, row.pad);
        assert.equal(poolWindowsTile(info), row.tiles, `[${row.x}] pool ${row.pool} strides ${row.strides} ${row.pad}`);
      }
    });
    // NaN and −∞ never win a window on the cpu (its running maximum starts at −∞ and compares
    // with >), −0 ties with +0, and +∞ wins; each window below holds one such case. Only the
    // gradient is compared: the forward MaxPool's NaN handling is the backends' own.
    const special: { pool: Pair; note: string }[] = [
      { pool: [2, 2], note: "2×2 tiles" },
      { pool: [3, 3], note: "3×3 tiles" },
    ];
    const windows = [
      [NaN, 1, 2, 0.5],
      [1, NaN, -2, 3],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [-Infinity, NaN, -Infinity, NaN],
      [-0, 0, -1, -0],
      [0, -0, -0, 0],
      [-Infinity, -5, NaN, -Infinity],
      [Infinity, Infinity, 1, NaN],
      [NaN, NaN, NaN, NaN],
      [-1, -Infinity, -1, -2],
    ];
    for (const path of paths) {
      for (const { pool, note } of special) {
        it(`maxPool gradient with NaN, ±∞ and ±0 in the windows, ${note} (${path.name})`, withTuning(path.tuning, async () => {
          // Each window's elements (row-major) are the listed values, in every channel with a
          // channel-dependent rotation; a 3×3 window repeats its list's last values.
          const [kh, kw] = pool;
          // 7 channels: four through the kernel's SIMD lanes, three through its scalar tail.
          const channels = 7;
          const height = kh * 2;
          const width = kw * windows.length;
          const data = new Float32Array(height * width * channels);
          for (let wy = 0; wy < 2; wy++)
            for (let wx = 0; wx < windows.length; wx++)
              for (let a = 0; a < kh; a++)
                for (let b = 0; b < kw; b++)
                  for (let ch = 0; ch < channels; ch++) {
                    const list = windows[(wx + wy * 3) % windows.length];
                    const element = (a * kw + b + ch) % (kh * kw);
                    data[((wy * kh + a) * width + wx * kw + b) * channels + ch] = list[Math.min(element, list.length - 1)];
                  }
          assertClose(
            await compareWithCpu(() => {
              const x = tf.tensor4d(data, [1, height, width, channels]);
              const f = (a: tf.Tensor) => weightedSum(tf.maxPool(a as tf.Tensor4D, pool, pool, "valid"), 2050);
              return tf.grad(f)(x);
            }),
            `special values ${note}`,
          );
        }));
      }
    }
    for (const [i, row] of rows.entries()) {
      const label = `[${row.x}] pool ${row.pool} strides ${row.strides} ${row.pad} (${row.note})`;
      it(`avgPool ${label}: value and gradient`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const x = randomTensor(row.x, 1900 + i, row.values) as tf.Tensor4D;
            const pool = (a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, row.pool, row.strides, row.pad);
            return [pool(x), tf.grad((a: tf.Tensor) => weightedSum(pool(a), 2000 + i))(x)];
          }),
          label,
        );
      });
    }
  });

  describe("gather and its gradient (UnsortedSegmentSum)", () => {
    const rows: { x: number[]; indices: number[]; indicesShape: number[]; axis: number }[] = [
      { x: [6, 4], indices: [1, 3, 1, 0, 5], indicesShape: [5], axis: 0 },
      { x: [10, 3], indices: [2, 2, 2, 9, 0, 7], indicesShape: [2, 3], axis: 0 },
      { x: [3, 7, 2], indices: [6, 0, 6], indicesShape: [3], axis: 1 },
      { x: [4, 5], indices: [4, 0, 1, 1], indicesShape: [4], axis: 1 },
      { x: [20, 40], indices: [19, 0, 3, 3, 7], indicesShape: [5], axis: 0 },
    ];
    for (const [i, row] of rows.entries()) {
      const label = `x [${row.x}] indices [${row.indicesShape}] axis ${row.axis}`;
      it(`${label}: value and gradient`, async () => {
        assertClose(
          await compareWithCpu(() => {
            const x = randomTensor(row.x, 2100 + i);
            const indices = tf.tensor(row.indices, row.indicesShape, "int32");
            const gather = (a: tf.Tensor) => tf.gather(a, indices, row.axis);
            return [gather(x), tf.grad((a: tf.Tensor) => weightedSum(gather(a), 2200 + i))(x)];
          }),
          label,
        );
      });
    }
    it("unsortedSegmentSum drops ids outside [0, numSegments)", async () => {
      assertClose(
        await compareWithCpu(() =>
          tf.unsortedSegmentSum(randomTensor([6, 3], 2300), tf.tensor1d([0, 4, -1, 2, 0, 5], "int32"), 4),
        ),
        "unsortedSegmentSum",
      );
    });
    it("gather rejects an index outside the axis, as the cpu backend does", async () => {
      await tf.setBackend("wasm");
      assert.throws(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([3], "int32")), /index value 3 is not in \[0, 2\]/);
    });
  });

  describe("sums over leading axes, identity and cast", () => {
    const rows: { x: number[]; axes: number[]; keepDims: boolean }[] = [
      { x: [4, 5, 6, 3], axes: [0, 1, 2], keepDims: false },
      { x: [4, 5, 6, 3], axes: [1, 0], keepDims: true },
      { x: [7, 9], axes: [0], keepDims: false },
      { x: [7, 9], axes: [1], keepDims: false },
      { x: [3, 4, 5], axes: [0, 1, 2], keepDims: false },
      { x: [3, 4, 5], axes: [1], keepDims: true },
      { x: [2, 3, 4, 5, 6], axes: [0, 1, 2], keepDims: false },
      { x: [8, 4, 2, 3], axes: [0, 1], keepDims: true },
    ];
    const paths: { name: string; tuning: Partial<typeof wasmKernelTuning> }[] = [
      { name: "JavaScript", tuning: { sumPoolMinRows: Infinity } },
      { name: "XNNPACK average pooling", tuning: { sumPoolMinRows: 1 } },
    ];
    for (const path of paths) {
      for (const [i, row] of rows.entries()) {
        it(
          `sum [${row.x}] over ${row.axes}${row.keepDims ? " keeping dims" : ""} (${path.name})`,
          withTuning(path.tuning, async () => {
            assertClose(await compareWithCpu(() => tf.sum(randomTensor(row.x, 2400 + i), row.axes, row.keepDims)), `sum ${row.axes}`);
          }),
        );
      }
    }
    const large: { x: number[]; note: string }[] = [
      { x: [64, 26, 26, 8], note: "43,264 rows in chunks of 832" },
      { x: [64, 11, 11, 64], note: "7,744 rows in chunks of 968" },
      { x: [4096, 1], note: "one column, chunks of 1024" },
      { x: [1031, 3], note: "a prime row count: JavaScript" },
    ];
    for (const [i, row] of large.entries()) {
      it(`sum [${row.x}] over the leading axes, default paths (${row.note})`, async () => {
        const axes = row.x.slice(0, -1).map((_, axis) => axis);
        assertClose(await compareWithCpu(() => tf.sum(randomTensor(row.x, 2450 + i), axes)), `sum ${row.x}`);
      });
    }
    it("identity and same-type cast share the input's data; their results outlive it", async () => {
      await tf.setBackend("wasm");
      const x = randomTensor([3, 4], 2500);
      const expected = Array.from(x.dataSync());
      const cloned = tf.clone(x);
      const cast = tf.cast(x, "float32");
      x.dispose();
      assert.deepEqual(Array.from(cloned.dataSync()), expected);
      assert.deepEqual(Array.from(cast.dataSync()), expected);
      tf.dispose([cloned, cast]);
    });
    it("cast to another type still converts", async () => {
      await tf.setBackend("wasm");
      const y = tf.cast(tf.tensor1d([1.7, -2.2, 0]), "int32");
      assert.equal(y.dtype, "int32");
      assert.deepEqual(Array.from(y.dataSync()), [1, -2, 0]);
      y.dispose();
    });
  });

  describe("upSampling2d's gradient (ResizeNearestNeighborGrad, the wasm backend's own)", () => {
    const rows: { x: number[]; size: Pair }[] = [
      { x: [2, 4, 4, 3], size: [8, 8] },
      { x: [1, 3, 5, 2], size: [6, 15] },
      { x: [3, 5, 3, 4], size: [10, 9] },
      { x: [2, 6, 6, 2], size: [9, 8] },
    ];
    for (const [i, row] of rows.entries()) {
      it(`[${row.x}] → ${row.size}: value and gradient`, async () => {
        // The cpu ResizeNearestNeighborGrad reads dy at the images' batch stride, which is wrong
        // for batches above 1; the reference is the same resize written as two gathers (whose
        // gradient is a segment sum), with the forward pass's source index floor(y · H / H').
        const nearest = (from: number, to: number) =>
          tf.tensor1d(Array.from({ length: to }, (_, y) => Math.min(from - 1, Math.floor((y * from) / to))), "int32");
        assertClose(
          await compareWithCpu(
            () => {
              const x = randomTensor(row.x, 2600 + i) as tf.Tensor4D;
              const up = (a: tf.Tensor) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, row.size);
              return [up(x), tf.grad((a: tf.Tensor) => weightedSum(up(a), 2700 + i))(x)];
            },
            () => {
              const x = randomTensor(row.x, 2600 + i) as tf.Tensor4D;
              const rowsIndex = nearest(row.x[1], row.size[0]);
              const colsIndex = nearest(row.x[2], row.size[1]);
              const up = (a: tf.Tensor) => tf.gather(tf.gather(a, rowsIndex, 1), colsIndex, 2);
              return [up(x), tf.grad((a: tf.Tensor) => weightedSum(up(a), 2700 + i))(x)];
            },
          ),
          `resize ${row.size}`,
        );
      });
    }
  });
});
