// TensorFlow.js is the oracle: every stack the core analyses as valid is built with buildModel on
// the cpu backend, and tfjs's output shapes, parameter counts and weight shapes must equal ours,
// layer by layer. The stacks are the layer-rule table (every layer with varied options) and a few
// hundred random valid stacks across all layer types, generated from a fixed seed.

import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import * as fs from "fs";
import * as path from "path";
import { analyze } from "../../src/core/analyze";
import { nodeHost } from "../../src/node/host";
import { LAYER_FUNCTIONS } from "../../src/core/exports";
import type { LayerAnalysis, LayerNode, Shape } from "../../src/core/types";
import { LAYER_OFFSET, buildModel } from "../../src/train/buildModel";
import { LAYER_ROWS, layer, type Plain, run } from "../core/layersTestKit";

/** mulberry32: small, fast and reproducible, so a failing stack can be regenerated from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stack {
  input: number[];
  dtype: "float32" | "int32";
  layers: LayerNode[];
}

/** Builds the stack in tfjs and compares every layer with the core's analysis of it. */
function compareWithTfjs(stack: Stack, label: string, predict: boolean): void {
  const analysis = run(stack.input, stack.layers);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => d.message), [], `${label}: the core reports errors`);
  compareAnalysis(stack.input, stack.dtype, analysis, label, predict);
}

function compareAnalysis(
  input: number[],
  dtype: "float32" | "int32",
  analysis: { layers: LayerAnalysis[]; outputShape: Shape },
  label: string,
  predict: boolean,
): void {
  const stack = { input, dtype };
  const model = buildModel(tf, stack.input, analysis.layers, stack.dtype);
  try {
    analysis.layers.forEach((ours: LayerAnalysis, i) => {
      const theirs = model.layers[i + LAYER_OFFSET];
      const where = `${label}, layer ${i} ${ours.name}`;
      assert.deepEqual(ours.outputShape, (theirs.outputShape as (number | null)[]).slice(1), `${where}: output shape`);
      assert.equal(ours.params, theirs.countParams(), `${where}: params`);
      const trainable = theirs.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
      assert.equal(ours.trainableParams, trainable, `${where}: trainable params`);
      assert.deepEqual(
        ours.weights.map((w) => [w.shape, w.trainable]),
        theirs.weights.map((w) => [w.shape, w.trainable]),
        `${where}: weight shapes`,
      );
      ours.weights.forEach((w, j) => {
        const last = w.name.split("/").pop() ?? "";
        // tfjs makes weight names unique across the process by appending _1, _2, ...
        const matches = new RegExp(`/${last}(_\\d+)?$`).test(theirs.weights[j].name);
        assert.ok(matches, `${where}: weight ${j} is ${theirs.weights[j].name}, not ${w.name}`);
      });
    });
    const total = analysis.layers.reduce((sum, l) => sum + (l.params ?? NaN), 0);
    assert.equal(total, model.countParams(), `${label}: total params`);
    if (predict) {
      // The declared shapes are tfjs's computeOutputShape; a forward pass checks the real one.
      const output = tf.tidy(() => {
        const x = tf.zeros([1, ...stack.input], stack.dtype);
        const y = model.predict(x) as tf.Tensor;
        return y.shape.slice(1);
      });
      assert.deepEqual(output, analysis.outputShape, `${label}: predicted output shape`);
    }
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Random valid stacks.

type Generator = (r: Random, shape: number[]) => LayerNode | null;

class Random {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A size option: one number or a pair (for 2-D layers). */
  size(rank: 1 | 2, min: number, max: number): Plain {
    if (rank === 1) return this.chance(0.8) ? this.int(min, max) : [this.int(min, max)];
    return this.chance(0.6) ? this.int(min, max) : [this.int(min, max), this.int(min, max)];
  }
}

const ACTIVATION_NAMES = ["linear", "relu", "relu6", "elu", "selu", "sigmoid", "hardSigmoid", "tanh", "softmax", "softplus", "softsign", "swish", "mish", "gelu"];

function maybe(r: Random, options: Record<string, Plain>, key: string, value: () => Plain, p = 0.5): Record<string, Plain> {
  if (r.chance(p)) options[key] = value();
  return options;
}

function conv(r: Random, rank: 1 | 2, type: string, extra: Record<string, Plain>): LayerNode {
  const options: Record<string, Plain> = { ...extra, kernelSize: r.size(rank, 1, 4) };
  maybe(r, options, "padding", () => r.pick(["valid", "same"]));
  maybe(r, options, "activation", () => r.pick(ACTIVATION_NAMES), 0.3);
  maybe(r, options, "useBias", () => r.chance(0.5), 0.2);
  if (type !== "conv2dTranspose" && type !== "depthwiseConv2d" && type !== "separableConv2d" && r.chance(0.25)) {
    options.dilationRate = r.size(rank, 1, 2);
  } else {
    maybe(r, options, "strides", () => r.size(rank, 1, 3), 0.4);
  }
  return layer(type, options);
}

function pool(r: Random, rank: 1 | 2, type: string): LayerNode {
  const options: Record<string, Plain> = {};
  maybe(r, options, "poolSize", () => r.size(rank, 1, 3));
  maybe(r, options, "strides", () => r.size(rank, 1, 3), 0.3);
  maybe(r, options, "padding", () => r.pick(["valid", "same"]));
  return layer(type, options);
}

function recurrent(r: Random, type: string): LayerNode {
  const options: Record<string, Plain> = { units: r.int(1, 6) };
  maybe(r, options, "returnSequences", () => r.chance(0.5), 0.6);
  maybe(r, options, "activation", () => r.pick(["tanh", "relu", "sigmoid"]), 0.2);
  if (type !== "simpleRnn") maybe(r, options, "recurrentActivation", () => r.pick(["sigmoid", "hardSigmoid"]), 0.2);
  maybe(r, options, "dropout", () => r.pick([0, 0.1, 0.5]), 0.2);
  return layer(type, options);
}

/** A reshape target with the same element count: a random factorisation, sometimes with -1. */
function reshapeTarget(r: Random, shape: number[]): Plain {
  const total = shape.reduce((a, b) => a * b, 1);
  const rank = r.int(1, 3);
  const dims: number[] = [];
  let rest = total;
  for (let i = 0; i < rank - 1; i++) {
    const divisors = [...Array(rest).keys()].map((k) => k + 1).filter((d) => rest % d === 0 && d <= 16);
    const d = r.pick(divisors);
    dims.push(d);
    rest /= d;
  }
  dims.push(rest);
  const target: number[] = [...dims];
  if (r.chance(0.3)) target[r.int(0, target.length - 1)] = -1;
  return target;
}

/** Generators by the rank of the input they accept; each returns a layer or null (not applicable). */
const ANY_RANK: Record<string, Generator> = {
  dense: (r) => layer("dense", maybe(r, { units: r.int(1, 12) }, "activation", () => r.pick(ACTIVATION_NAMES))),
  dropout: (r) => layer("dropout", { rate: r.pick([0, 0.2, 0.5, 0.9]) }),
  gaussianNoise: (r) => layer("gaussianNoise", { stddev: r.pick([0, 0.1, 1]) }),
  batchNorm: (r, shape) => {
    const options: Record<string, Plain> = {};
    maybe(r, options, "axis", () => r.pick([-1, shape.length]), 0.3);
    maybe(r, options, "center", () => r.chance(0.5), 0.3);
    maybe(r, options, "scale", () => r.chance(0.5), 0.3);
    maybe(r, options, "momentum", () => 0.9, 0.2);
    return layer("batchNorm", options);
  },
  layerNorm: (r) => layer("layerNorm", maybe(r, maybe(r, {}, "center", () => r.chance(0.5), 0.3), "scale", () => r.chance(0.5), 0.3)),
  activation: (r) => layer("activation", { activation: r.pick(ACTIVATION_NAMES) }),
  leakyRelu: (r) => layer("leakyRelu", maybe(r, {}, "alpha", () => r.pick([0.01, 0.3]))),
  prelu: () => layer("prelu"),
  elu: () => layer("elu"),
  // tfjs computes softmax only along the last axis; other axes are reported by the core.
  softmax: (r, shape) => layer("softmax", maybe(r, {}, "axis", () => r.pick([-1, shape.length]), 0.3)),
  reshape: (r, shape) => layer("reshape", { targetShape: reshapeTarget(r, shape) }),
  permute: (r, shape) => {
    const dims = shape.map((_, i) => i + 1);
    for (let i = dims.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [dims[i], dims[j]] = [dims[j], dims[i]];
    }
    return layer("permute", { dims });
  },
};

const RANK_1: Record<string, Generator> = {
  repeatVector: (r) => layer("repeatVector", { n: r.int(1, 5) }),
  embedding: (r) => layer("embedding", maybe(r, { inputDim: r.int(2, 30), outputDim: r.int(1, 8) }, "maskZero", () => r.chance(0.5), 0.2)),
};

const RANK_2: Record<string, Generator> = {
  conv1d: (r) => conv(r, 1, "conv1d", { filters: r.int(1, 8) }),
  maxPool1d: (r) => pool(r, 1, "maxPool1d"),
  avgPool1d: (r) => pool(r, 1, "avgPool1d"),
  globalMaxPool1d: () => layer("globalMaxPool1d"),
  globalAvgPool1d: () => layer("globalAvgPool1d"),
  spatialDropout1d: (r) => layer("spatialDropout1d", { rate: r.pick([0, 0.3]) }),
  simpleRnn: (r) => recurrent(r, "simpleRnn"),
  lstm: (r) => recurrent(r, "lstm"),
  gru: (r) => recurrent(r, "gru"),
  bidirectional: (r) =>
    layer("bidirectional", maybe(r, { layer: recurrent(r, r.pick(["simpleRnn", "lstm", "gru"])) }, "mergeMode", () => r.pick(["concat", "sum", "mul", "ave"]))),
  flatten: () => layer("flatten"),
};

const RANK_3: Record<string, Generator> = {
  conv2d: (r) => conv(r, 2, "conv2d", { filters: r.int(1, 8) }),
  conv2dTranspose: (r) => conv(r, 2, "conv2dTranspose", { filters: r.int(1, 6) }),
  depthwiseConv2d: (r) => conv(r, 2, "depthwiseConv2d", maybe(r, {}, "depthMultiplier", () => r.int(1, 3))),
  separableConv2d: (r) => conv(r, 2, "separableConv2d", maybe(r, { filters: r.int(1, 8) }, "depthMultiplier", () => r.int(1, 2))),
  maxPool2d: (r) => pool(r, 2, "maxPool2d"),
  avgPool2d: (r) => pool(r, 2, "avgPool2d"),
  globalMaxPool2d: () => layer("globalMaxPool2d"),
  globalAvgPool2d: () => layer("globalAvgPool2d"),
  zeroPadding2d: (r) =>
    layer("zeroPadding2d", maybe(r, {}, "padding", () => r.pick<Plain>([r.int(0, 2), [r.int(0, 2), r.int(0, 2)], [[r.int(0, 2), r.int(0, 2)], [r.int(0, 2), r.int(0, 2)]]]))),
  upSampling2d: (r) => layer("upSampling2d", maybe(r, {}, "size", () => r.size(2, 1, 3))),
  flatten: () => layer("flatten"),
};

/** The rank's own layers are drawn more often than the rank-agnostic ones, which outnumber them. */
function generatorsFor(r: Random, rank: number): Record<string, Generator> {
  const own = rank === 1 ? RANK_1 : rank === 2 ? RANK_2 : rank === 3 ? RANK_3 : { flatten: RANK_2.flatten };
  return r.chance(0.6) ? own : ANY_RANK;
}

const MAX_ELEMENTS = 4096;

/** A random stack whose every layer the core accepts without errors, sizes kept small. */
function randomStack(r: Random): Stack {
  // Images start half the stacks: their layers can only be drawn before the rank drops.
  const rank = r.pick([1, 2, 3, 3]);
  const input = rank === 1 ? [r.int(2, 24)] : rank === 2 ? [r.int(2, 16), r.int(1, 6)] : [r.int(3, 16), r.int(3, 16), r.int(1, 4)];
  const layers: LayerNode[] = [];
  let shape = input;
  const depth = r.int(1, 7);
  for (let attempt = 0; layers.length < depth && attempt < 60; attempt++) {
    const generators = generatorsFor(r, shape.length);
    const make = generators[r.pick(Object.keys(generators))];
    const candidate = make(r, shape);
    if (candidate === null) continue;
    const { layers: analysed, diagnostics } = run(input, [...layers, candidate]);
    const output = analysed[analysed.length - 1].outputShape;
    if (diagnostics.some((d) => d.severity === "error") || output === null || output.some((d) => d === null)) continue;
    const known = output as number[];
    if (known.length > 4 || known.reduce((a, b) => a * b, 1) > MAX_ELEMENTS || (analysed[analysed.length - 1].params ?? 0) > 50_000) continue;
    layers.push(candidate);
    shape = known;
  }
  return { input, dtype: "float32", layers };
}

describe("TensorFlow.js oracle", function () {
  this.timeout(120_000);

  before(async () => {
    await tf.setBackend("cpu");
    await tf.ready();
  });

  describe("every layer rule row, built alone", () => {
    for (const row of LAYER_ROWS) {
      const input = row.input as number[];
      it(`${row.type} on ${JSON.stringify(input)}`, () => {
        const stack: Stack = { input, dtype: row.type === "embedding" ? "int32" : "float32", layers: [layer(row.type, row.options)] };
        compareWithTfjs(stack, row.type, true);
      });
    }
  });

  describe("known stacks", () => {
    const stacks: { name: string; stack: () => Stack }[] = [
      {
        name: "the DSL.md MNIST convnet",
        stack: () => ({
          input: [28, 28, 1],
          dtype: "float32",
          layers: [
            layer("conv2d", { filters: 32, kernelSize: 3, activation: "relu" }),
            layer("maxPool2d", { poolSize: 2 }),
            layer("conv2d", { filters: 64, kernelSize: 3, activation: "relu" }),
            layer("maxPool2d", { poolSize: 2 }),
            layer("flatten"),
            layer("dropout", { rate: 0.5 }),
            layer("dense", { units: 10, activation: "softmax" }),
          ],
        }),
      },
      {
        name: "an IMDB-style embedding + bidirectional LSTM on int32 ids",
        stack: () => ({
          input: [20],
          dtype: "int32",
          layers: [
            layer("embedding", { inputDim: 100, outputDim: 8 }),
            layer("bidirectional", { layer: layer("lstm", { units: 4 }) }),
            layer("dropout", { rate: 0.3 }),
            layer("dense", { units: 1, activation: "sigmoid" }),
          ],
        }),
      },
      {
        name: "a padded convolution, batch norm and an upsampling decoder",
        stack: () => ({
          input: [12, 12, 3],
          dtype: "float32",
          layers: [
            layer("zeroPadding2d", { padding: 1 }),
            layer("conv2d", { filters: 8, kernelSize: 3 }),
            layer("batchNorm"),
            layer("maxPool2d"),
            layer("conv2dTranspose", { filters: 4, kernelSize: 3, strides: 2, padding: "same" }),
            layer("upSampling2d"),
            layer("globalAvgPool2d"),
            layer("dense", { units: 3, activation: "softmax" }),
          ],
        }),
      },
    ];
    for (const { name, stack } of stacks) it(name, () => compareWithTfjs(stack(), name, true));
  });

  describe("random valid stacks (seeded)", () => {
    const SEED = 20240611;
    const COUNT = 300;
    const random = new Random(rng(SEED));
    const stacks = Array.from({ length: COUNT }, () => randomStack(random));

    it(`covers every layer function across ${COUNT} stacks`, () => {
      if (process.env.ORACLE_STATS) {
        const counts = new Map<string, number>();
        for (const s of stacks) for (const l of s.layers) counts.set(l.type, (counts.get(l.type) ?? 0) + 1);
        console.log([...counts].sort((a, b) => b[1] - a[1]), stacks.reduce((n, s) => n + s.layers.length, 0));
      }
      const used = new Set(stacks.flatMap((s) => s.layers.flatMap((l) => [l.type, ...(l.inner ? [l.inner.type] : [])])));
      assert.deepEqual(LAYER_FUNCTIONS.filter((type) => !used.has(type)), []);
    });

    it(`${COUNT} stacks agree with TensorFlow.js on shapes, params and weights`, () => {
      stacks.forEach((stack, i) => {
        const label = `stack ${i} (seed ${SEED}) ${JSON.stringify(stack.input)} → ${stack.layers.map((l) => l.type).join(" → ")}`;
        compareWithTfjs(stack, label, i % 3 === 0);
      });
    });
  });

  describe("every example in examples/", () => {
    const folder = path.join(__dirname, "..", "..", "examples");
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".nn.ts"))) {
      it(file, () => {
        const fileName = path.join(folder, file);
        const result = analyze(fs.readFileSync(fileName, "utf8"), fileName, nodeHost);
        assert.ok(result.models.length > 0, `${file} has no models`);
        for (const model of result.models) {
          const layerErrors = result.diagnostics.filter((d) => d.severity === "error" && d.layer !== undefined);
          assert.deepEqual(layerErrors.map((d) => d.message), [], `${file}: layer errors`);
          const input = model.inputShape;
          assert.ok(input !== null && input.every((d) => d !== null), `${file}: input shape unknown`);
          compareAnalysis(input as number[], model.node.input?.dtype ?? "float32", model, `${file} ${model.name}`, false);
        }
      });
    }
  });

  it("leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    compareWithTfjs({ input: [6, 6, 2], dtype: "float32", layers: [layer("conv2d", { filters: 2, kernelSize: 3 }), layer("flatten"), layer("dense", { units: 2 })] }, "leak", true);
    assert.equal(tf.memory().numTensors, before);
  });
});

