import { strict as assert } from "assert";
import { LAYER_FUNCTIONS } from "../../src/core/exports";
import { LAYER_RULES } from "../../src/core/layers";
import { type Shape, UNKNOWN } from "../../src/core/types";
import { LAYER_ROWS, layer, type Plain, run } from "./layersTestKit";

describe("layer rules: output shapes, parameters and FLOPs", () => {
  for (const row of LAYER_ROWS) {
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
    const covered = new Set(LAYER_ROWS.map((row) => row.type));
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

describe("layer analysis: arithmetic across layers", () => {
  it("a valid convolution after zeroPadding2d shows the padding inside its formula", () => {
    const { layers } = run([28, 28, 1], [layer("zeroPadding2d", { padding: [1, 2] }), layer("conv2d", { filters: 4, kernelSize: 3 })]);
    assert.deepEqual(layers[0].arithmetic.map((a) => a.text), ["28 + 1 + 1 = 30", "28 + 2 + 2 = 32"]);
    assert.deepEqual(
      layers[1].arithmetic.map((a) => [a.input, a.text, a.padBefore, a.padAfter]),
      [
        [28, "floor((28 − 3 + 2·1) / 1) + 1 = 28", 1, 1],
        [28, "floor((28 − 3 + 2·2) / 1) + 1 = 30", 2, 2],
      ],
    );
    assert.deepEqual(layers[1].outputShape, [28, 30, 4]);
  });

  it('a "same" convolution after zeroPadding2d starts from the padded size', () => {
    const { layers } = run([28, 28, 1], [layer("zeroPadding2d"), layer("conv2d", { filters: 4, kernelSize: 3, strides: 2, padding: "same" })]);
    assert.deepEqual(layers[1].arithmetic.map((a) => [a.input, a.text, a.padBefore, a.padAfter]), [
      [30, "ceil(30 / 2) = 15", 0, 1],
      [30, "ceil(30 / 2) = 15", 0, 1],
    ]);
  });

  it("records the dropped border and TensorFlow's padding split per axis", () => {
    const { layers } = run([7, 8, 1], [layer("maxPool2d"), layer("conv2d", { filters: 1, kernelSize: 2, padding: "same" })]);
    assert.deepEqual(layers[0].arithmetic.map((a) => a.dropped), [1, 0]);
    assert.deepEqual(layers[1].arithmetic.map((a) => [a.padBefore, a.padAfter]), [[0, 1], [0, 1]]);
  });

  it("a window larger than its input leaves that size unknown downstream, with the arithmetic kept", () => {
    const { layers, diagnostics } = run([5, 9, 1], [layer("conv2d", { filters: 2, kernelSize: 7 }), layer("flatten"), layer("dense", { units: 3 })]);
    assert.deepEqual(diagnostics.map((d) => d.code), ["nn/negative-dimension"]);
    assert.deepEqual(layers[0].arithmetic.map((a) => a.output), [-1, 3]);
    assert.deepEqual(layers.map((l) => l.outputShape), [[null, 3, 2], [null], [3]]);
    assert.equal(layers[0].params, 7 * 7 * 2 + 2);
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
