import { strict as assert } from "assert";
import { LAYER_FUNCTIONS } from "../../src/core/exports";
import { LAYER_RULES } from "../../src/core/layers";
import { type Shape, UNKNOWN } from "../../src/core/types";
import { layer, type Plain, run } from "./layersTestKit";

interface Row {
  type: string;
  options?: Record<string, Plain>;
  input: Shape;
  output: Shape;
  params: number | null;
  /** Defaults to `params` (everything trainable). */
  trainable?: number | null;
  flops?: number | null;
}

// One row per layer and option variant, in the manner of Keras' parameterized layer tests. The
// parameter counts are TensorFlow.js's (the oracle test checks the same stacks against tfjs).
const ROWS: Row[] = [
  // dense
  { type: "dense", options: { units: 10 }, input: [1600], output: [10], params: 16010, flops: 32000 },
  { type: "dense", options: { units: 4, useBias: false }, input: [3], output: [4], params: 12, flops: 24 },
  { type: "dense", options: { units: 8, activation: "relu" }, input: [5, 3], output: [5, 8], params: 32, flops: 240 },
  // conv1d
  { type: "conv1d", options: { filters: 16, kernelSize: 3 }, input: [100, 8], output: [98, 16], params: 400, flops: 2 * 98 * 3 * 8 * 16 },
  { type: "conv1d", options: { filters: 4, kernelSize: 5, strides: 2, padding: "same" }, input: [11, 2], output: [6, 4], params: 44 },
  { type: "conv1d", options: { filters: 4, kernelSize: 3, dilationRate: 2 }, input: [20, 1], output: [16, 4], params: 16 },
  { type: "conv1d", options: { filters: 4, kernelSize: [3], useBias: false }, input: [20, 2], output: [18, 4], params: 24 },
  // conv2d
  { type: "conv2d", options: { filters: 32, kernelSize: 3 }, input: [28, 28, 1], output: [26, 26, 32], params: 320, flops: 389376 },
  { type: "conv2d", options: { filters: 64, kernelSize: 3, activation: "relu" }, input: [13, 13, 32], output: [11, 11, 64], params: 18496, flops: 4460544 },
  { type: "conv2d", options: { filters: 8, kernelSize: [3, 5], strides: [1, 2], padding: "same" }, input: [10, 10, 3], output: [10, 5, 8], params: 368 },
  { type: "conv2d", options: { filters: 6, kernelSize: 5, padding: "same", strides: 2 }, input: [32, 32, 3], output: [16, 16, 6], params: 456 },
  { type: "conv2d", options: { filters: 2, kernelSize: 3, dilationRate: 2 }, input: [28, 28, 1], output: [24, 24, 2], params: 20 },
  { type: "conv2d", options: { filters: 2, kernelSize: 1, useBias: false }, input: [7, 7, 4], output: [7, 7, 2], params: 8 },
  // conv2dTranspose: kernel [kh, kw, filters, c]
  { type: "conv2dTranspose", options: { filters: 16, kernelSize: 3, strides: 2 }, input: [7, 7, 32], output: [15, 15, 16], params: 4624, flops: 2 * 49 * 9 * 32 * 16 },
  { type: "conv2dTranspose", options: { filters: 1, kernelSize: 3, strides: 2, padding: "same" }, input: [7, 7, 4], output: [14, 14, 1], params: 37 },
  // kernel < stride with "valid": TensorFlow.js gives m·s (DSL.md's (m − 1)·s + n would be 13).
  { type: "conv2dTranspose", options: { filters: 1, kernelSize: 1, strides: 2 }, input: [7, 7, 1], output: [14, 14, 1], params: 2 },
  // depthwiseConv2d: depthwise_kernel [kh, kw, c, m], bias [c·m]
  { type: "depthwiseConv2d", options: { kernelSize: 3 }, input: [10, 10, 8], output: [8, 8, 8], params: 80, flops: 2 * 64 * 9 * 8 },
  { type: "depthwiseConv2d", options: { kernelSize: 3, depthMultiplier: 2, padding: "same" }, input: [10, 10, 3], output: [10, 10, 6], params: 60 },
  // separableConv2d: kh·kw·c·m + c·m·filters + filters
  { type: "separableConv2d", options: { filters: 16, kernelSize: 3 }, input: [10, 10, 8], output: [8, 8, 16], params: 72 + 128 + 16, flops: 2 * 64 * (72 + 128) },
  { type: "separableConv2d", options: { filters: 4, kernelSize: 3, depthMultiplier: 2, strides: 2, useBias: false }, input: [9, 9, 2], output: [4, 4, 4], params: 36 + 16 },
  // pooling
  { type: "maxPool1d", input: [10, 4], output: [5, 4], params: 0, flops: 0 },
  { type: "avgPool1d", options: { poolSize: 3, strides: 1 }, input: [10, 4], output: [8, 4], params: 0 },
  { type: "maxPool1d", options: { poolSize: 3, padding: "same" }, input: [10, 4], output: [4, 4], params: 0 },
  { type: "maxPool2d", options: { poolSize: 2 }, input: [26, 26, 32], output: [13, 13, 32], params: 0 },
  { type: "maxPool2d", input: [7, 7, 3], output: [3, 3, 3], params: 0 },
  { type: "avgPool2d", options: { poolSize: [2, 3], strides: [1, 3] }, input: [8, 9, 2], output: [7, 3, 2], params: 0 },
  { type: "avgPool2d", options: { poolSize: 3, strides: 2, padding: "same" }, input: [7, 7, 2], output: [4, 4, 2], params: 0 },
  { type: "globalMaxPool1d", input: [10, 4], output: [4], params: 0 },
  { type: "globalAvgPool1d", input: [10, 4], output: [4], params: 0 },
  { type: "globalMaxPool2d", input: [7, 7, 64], output: [64], params: 0 },
  { type: "globalAvgPool2d", input: [7, 7, 64], output: [64], params: 0 },
  // reshaping
  { type: "zeroPadding2d", input: [28, 28, 1], output: [30, 30, 1], params: 0 },
  { type: "zeroPadding2d", options: { padding: [1, 2] }, input: [28, 28, 1], output: [30, 32, 1], params: 0 },
  { type: "zeroPadding2d", options: { padding: [[0, 1], [2, 3]] }, input: [28, 28, 1], output: [29, 33, 1], params: 0 },
  { type: "upSampling2d", input: [7, 7, 3], output: [14, 14, 3], params: 0 },
  { type: "upSampling2d", options: { size: [2, 3] }, input: [7, 7, 3], output: [14, 21, 3], params: 0 },
  { type: "flatten", input: [5, 5, 64], output: [1600], params: 0 },
  { type: "flatten", input: [10, 3], output: [30], params: 0 },
  { type: "reshape", options: { targetShape: [7, 7, 64] }, input: [3136], output: [7, 7, 64], params: 0 },
  { type: "reshape", options: { targetShape: [-1, 64] }, input: [7, 7, 64], output: [49, 64], params: 0 },
  { type: "permute", options: { dims: [2, 1] }, input: [10, 3], output: [3, 10], params: 0 },
  { type: "permute", options: { dims: [3, 1, 2] }, input: [4, 5, 6], output: [6, 4, 5], params: 0 },
  { type: "repeatVector", options: { n: 4 }, input: [8], output: [4, 8], params: 0 },
  // regularisation
  { type: "dropout", options: { rate: 0.5 }, input: [1600], output: [1600], params: 0 },
  { type: "dropout", options: { rate: 0 }, input: [5, 5, 2], output: [5, 5, 2], params: 0 },
  { type: "spatialDropout1d", options: { rate: 0.2 }, input: [10, 4], output: [10, 4], params: 0 },
  { type: "gaussianNoise", options: { stddev: 0.1 }, input: [4], output: [4], params: 0 },
  // normalisation: batchNorm 4·c, of which 2·c (moving mean, variance) not trainable
  { type: "batchNorm", input: [26, 26, 32], output: [26, 26, 32], params: 128, trainable: 64, flops: 0 },
  { type: "batchNorm", options: { axis: 1 }, input: [10, 4], output: [10, 4], params: 40, trainable: 20 },
  { type: "batchNorm", options: { center: false }, input: [8], output: [8], params: 24, trainable: 8 },
  { type: "batchNorm", options: { scale: false, center: false, momentum: 0.9, epsilon: 0.01 }, input: [8], output: [8], params: 16, trainable: 0 },
  { type: "layerNorm", input: [10, 16], output: [10, 16], params: 32 },
  { type: "layerNorm", options: { axis: [1, 2] }, input: [3, 4], output: [3, 4], params: 24 },
  { type: "layerNorm", options: { scale: false }, input: [16], output: [16], params: 16 },
  // activations
  { type: "activation", options: { activation: "relu" }, input: [10], output: [10], params: 0 },
  { type: "leakyRelu", options: { alpha: 0.1 }, input: [10], output: [10], params: 0 },
  { type: "prelu", input: [4, 5], output: [4, 5], params: 20, flops: 0 },
  { type: "elu", input: [10], output: [10], params: 0 },
  { type: "softmax", input: [3, 10], output: [3, 10], params: 0 },
  { type: "softmax", options: { axis: 1 }, input: [3, 10], output: [3, 10], params: 0 },
  // embedding: a lookup, so no multiply-adds
  { type: "embedding", options: { inputDim: 10000, outputDim: 64 }, input: [200], output: [200, 64], params: 640000, flops: 0 },
  { type: "embedding", options: { inputDim: 50, outputDim: 8, maskZero: true }, input: [20], output: [20, 8], params: 400 },
  // recurrent: kernel [d, g·u], recurrent_kernel [u, g·u], bias [g·u]
  { type: "simpleRnn", options: { units: 8 }, input: [10, 4], output: [8], params: 4 * 8 + 64 + 8, flops: 2 * 10 * 8 * 12 },
  { type: "simpleRnn", options: { units: 8, returnSequences: true }, input: [10, 4], output: [10, 8], params: 104 },
  { type: "lstm", options: { units: 32 }, input: [200, 64], output: [32], params: 4 * (64 * 32 + 32 * 32 + 32), flops: 2 * 200 * 128 * 96 },
  { type: "lstm", options: { units: 4, returnSequences: true, dropout: 0.2, recurrentDropout: 0.1 }, input: [5, 3], output: [5, 4], params: 128 },
  { type: "gru", options: { units: 16 }, input: [12, 8], output: [16], params: 3 * (8 * 16 + 16 * 16 + 16) },
  { type: "gru", options: { units: 2, returnSequences: true, recurrentActivation: "sigmoid" }, input: [7, 1], output: [7, 2], params: 24 },
  // bidirectional: twice the wrapped layer; "concat" doubles the last axis
  { type: "bidirectional", options: { layer: layer("lstm", { units: 32 }) }, input: [200, 64], output: [64], params: 2 * 12416, flops: 2 * 2 * 200 * 128 * 96 },
  { type: "bidirectional", options: { layer: layer("gru", { units: 4, returnSequences: true }), mergeMode: "sum" }, input: [6, 3], output: [6, 4], params: 2 * 3 * (12 + 16 + 4) },
  { type: "bidirectional", options: { layer: layer("simpleRnn", { units: 5 }), mergeMode: "ave" }, input: [6, 3], output: [5], params: 2 * (15 + 25 + 5) },
];

describe("layer rules: output shapes, parameters and FLOPs", () => {
  for (const row of ROWS) {
    const title = `${row.type}(${JSON.stringify(row.options ?? {}, (_k, v) => (typeof v === "object" && v !== null && "call" in v ? `${v.type}(…)` : v))}) on ${JSON.stringify(row.input)}`;
    it(title, () => {
      const { layers, diagnostics } = run(row.input, [layer(row.type, row.options)]);
      const [analysis] = layers;
      assert.deepEqual(
        diagnostics.filter((d) => d.severity !== "information").map((d) => d.code),
        [],
      );
      assert.deepEqual(analysis.outputShape, row.output);
      assert.equal(analysis.params, row.params);
      assert.equal(analysis.trainableParams, row.trainable === undefined ? row.params : row.trainable);
      if (row.flops !== undefined) assert.equal(analysis.flops, row.flops);
    });
  }

  it("every layer function has at least one row", () => {
    const covered = new Set(ROWS.map((row) => row.type));
    assert.deepEqual(LAYER_FUNCTIONS.filter((type) => !covered.has(type)), []);
  });

  it("the registry holds exactly the exported layer functions", () => {
    assert.deepEqual(Object.keys(LAYER_RULES).sort(), [...LAYER_FUNCTIONS].sort());
    for (const type of LAYER_FUNCTIONS) assert.equal(LAYER_RULES[type].type, type);
  });
});

describe("layer analysis: the DSL.md MNIST convnet", () => {
  const { layers, outputShape, diagnostics } = run([28, 28, 1], [
    layer("conv2d", { filters: 32, kernelSize: 3, activation: "relu" }),
    layer("maxPool2d", { poolSize: 2 }),
    layer("conv2d", { filters: 64, kernelSize: 3, activation: "relu" }),
    layer("maxPool2d", { poolSize: 2 }),
    layer("flatten"),
    layer("dropout", { rate: 0.5 }),
    layer("dense", { units: 10, activation: "softmax" }),
  ]);
  const rows: { name: string; output: Shape; params: number; flops: number }[] = [
    { name: "conv2d", output: [26, 26, 32], params: 320, flops: 389376 },
    { name: "maxPool2d", output: [13, 13, 32], params: 0, flops: 0 },
    { name: "conv2d_1", output: [11, 11, 64], params: 18496, flops: 4460544 },
    { name: "maxPool2d_1", output: [5, 5, 64], params: 0, flops: 0 },
    { name: "flatten", output: [1600], params: 0, flops: 0 },
    { name: "dropout", output: [1600], params: 0, flops: 0 },
    { name: "dense", output: [10], params: 16010, flops: 32000 },
  ];
  rows.forEach((row, i) =>
    it(`${row.name} → ${JSON.stringify(row.output)}`, () => {
      assert.equal(layers[i].name, row.name);
      assert.equal(layers[i].index, i);
      assert.deepEqual(layers[i].outputShape, row.output);
      assert.equal(layers[i].params, row.params);
      assert.equal(layers[i].flops, row.flops);
    }),
  );
  it("totals 34,826 parameters and 4,881,920 FLOPs", () => {
    assert.deepEqual(outputShape, [10]);
    assert.equal(layers.reduce((sum, l) => sum + (l.params ?? 0), 0), 34826);
    assert.equal(layers.reduce((sum, l) => sum + (l.flops ?? 0), 0), 4881920);
  });
  it("reports only the dropped border row of 11 → 5, as information", () => {
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.layer]), [["nn/pool-truncation", "information", 3]]);
  });
  it("explains each spatial size", () => {
    assert.deepEqual(layers[0].arithmetic.map((a) => [a.axis, a.text]), [
      ["height", "floor((28 − 3) / 1) + 1 = 26"],
      ["width", "floor((28 − 3) / 1) + 1 = 26"],
    ]);
    assert.equal(layers[3].arithmetic[0].dropped, 1);
  });
});

describe("layer analysis: config, names and weights", () => {
  it("applies defaults and uses tfjs option names (1-D sizes as numbers, 2-D as pairs)", () => {
    const { layers } = run([28, 28, 1], [layer("conv2d", { filters: 8, kernelSize: 3 }), layer("maxPool2d"), layer("flatten"), layer("dense", { units: 2 })]);
    assert.deepEqual(layers[0].config, {
      filters: 8, kernelSize: [3, 3], strides: [1, 1], padding: "valid", dilationRate: [1, 1], activation: "linear", useBias: true, name: "conv2d",
    });
    assert.deepEqual(layers[1].config, { poolSize: [2, 2], strides: [2, 2], padding: "valid", name: "maxPool2d" });
    assert.deepEqual(layers[3].config, { units: 2, activation: "linear", useBias: true, name: "dense" });
    const seq = run([10, 4], [layer("conv1d", { filters: 2, kernelSize: 3 }), layer("maxPool1d", { poolSize: 2 })]).layers;
    assert.deepEqual(seq[0].config.kernelSize, 3);
    assert.deepEqual(seq[1].config, { poolSize: 2, strides: 2, padding: "valid", name: "maxPool1d" });
  });

  it("holds bidirectional's wrapped layer as { type, config }", () => {
    const { layers } = run([5, 3], [layer("bidirectional", { layer: layer("gru", { units: 4, name: "g" }) })]);
    assert.deepEqual(layers[0].config.layer, {
      type: "gru",
      config: { units: 4, activation: "tanh", recurrentActivation: "hardSigmoid", returnSequences: false, dropout: 0, recurrentDropout: 0, name: "g" },
    });
    assert.equal(layers[0].config.mergeMode, "concat");
  });

  it("names layers Keras-style: the name option, else type, type_1, ... per type", () => {
    const { layers } = run([4], [
      layer("dense", { units: 4 }),
      layer("dense", { units: 4, name: "hidden" }),
      layer("dropout", { rate: 0.1 }),
      layer("dense", { units: 4 }),
      layer("dropout", { rate: 0.1 }),
    ]);
    assert.deepEqual(layers.map((l) => l.name), ["dense", "hidden", "dropout", "dense_1", "dropout_1"]);
  });

  it("lists weights as tfjs builds them", () => {
    const weights = (type: string, options: Record<string, Plain>, input: Shape) =>
      run(input, [layer(type, options)]).layers[0].weights.map((w) => [w.name, w.shape, w.trainable]);
    assert.deepEqual(weights("lstm", { units: 5 }, [7, 3]), [
      ["kernel", [3, 20], true],
      ["recurrent_kernel", [5, 20], true],
      ["bias", [20], true],
    ]);
    assert.deepEqual(weights("batchNorm", {}, [4, 4, 6]), [
      ["gamma", [6], true],
      ["beta", [6], true],
      ["moving_mean", [6], false],
      ["moving_variance", [6], false],
    ]);
    assert.deepEqual(weights("conv2dTranspose", { filters: 2, kernelSize: 3 }, [4, 4, 5]), [
      ["kernel", [3, 3, 2, 5], true],
      ["bias", [2], true],
    ]);
    assert.deepEqual(weights("separableConv2d", { filters: 7, kernelSize: 3, depthMultiplier: 2 }, [9, 9, 3]), [
      ["depthwise_kernel", [3, 3, 3, 2], true],
      ["pointwise_kernel", [1, 1, 6, 7], true],
      ["bias", [7], true],
    ]);
    assert.deepEqual(weights("bidirectional", { layer: layer("simpleRnn", { units: 2 }) }, [3, 1]).map((w) => w[0]), [
      "forward/kernel", "forward/recurrent_kernel", "forward/bias", "backward/kernel", "backward/recurrent_kernel", "backward/bias",
    ]);
  });
});

describe("layer analysis: unknown values stay unknown and are never reported", () => {
  const rows: { name: string; input: Shape; layers: () => ReturnType<typeof layer>[]; outputs: Shape[]; params: (number | null)[] }[] = [
    {
      name: "unknown filters: channels and params unknown, spatial sizes known",
      input: [28, 28, 1],
      layers: () => [layer("conv2d", { filters: UNKNOWN, kernelSize: 3 }), layer("flatten"), layer("dense", { units: 10 })],
      outputs: [[26, 26, null], [null], [10]],
      params: [null, 0, null],
    },
    {
      name: "one unknown kernel entry: only that axis is unknown",
      input: [28, 28, 1],
      layers: () => [layer("conv2d", { filters: 4, kernelSize: [3, UNKNOWN] })],
      outputs: [[26, null, 4]],
      params: [null],
    },
    {
      name: "an unknown layer: everything after it is unknown, weightless layers still count 0",
      input: [28, 28, 1],
      layers: () => [layer("unknown"), layer("conv2d", { filters: 4, kernelSize: 3 }), layer("dropout", { rate: 0.5 }), layer("embedding", { inputDim: 10, outputDim: 3 })],
      outputs: [null, null, null, null],
      params: [null, null, 0, 30],
    },
    {
      name: "an unknown input shape",
      input: null,
      layers: () => [layer("dense", { units: 3 }), layer("dense", { units: 2 })],
      outputs: [null, null],
      params: [null, null],
    },
    {
      name: "an unknown input size: a convolution after it is unknown on that axis",
      input: [null, 28, 1],
      layers: () => [layer("conv2d", { filters: 4, kernelSize: 3 }), layer("maxPool2d"), layer("flatten"), layer("dense", { units: 2 })],
      outputs: [[null, 26, 4], [null, 13, 4], [null], [2]],
      params: [40, 0, 0, null],
    },
    {
      name: "unknown returnSequences: the output's rank is unknown, the weights are not",
      input: [10, 4],
      layers: () => [layer("lstm", { units: 3, returnSequences: UNKNOWN }), layer("dense", { units: 2 })],
      outputs: [null, null],
      params: [96, null],
    },
    {
      name: "reshape with an unknown entry, then an unknown padding",
      input: [12],
      layers: () => [layer("reshape", { targetShape: [UNKNOWN, 4] }), layer("conv1d", { filters: 2, kernelSize: 3, padding: UNKNOWN })],
      outputs: [[null, 4], [null, 2]],
      params: [0, 26],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const { layers, diagnostics } = run(row.input, row.layers());
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(layers.map((l) => l.outputShape), row.outputs);
      assert.deepEqual(layers.map((l) => l.params), row.params);
    });
  }
});
