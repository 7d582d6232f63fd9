import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyze } from "../../src/core/analyze";
import { receptiveFields, type ReceptiveFieldLayer } from "../../src/core/receptiveField";
import { nodeHost } from "../../src/node/host";
import type { Shape } from "../../src/core/types";

// Hand computations. With r = 1, j = 1, start = 0 at the input and k' = d·(k − 1) + 1:
// r_out = r_in + (k' − 1)·j_in, j_out = j_in·s, start_out = start_in + ((k' − 1)/2 − p_before)·j_in.

function layer(type: string, config: Record<string, unknown>, inputShape: Shape, outputShape: Shape): ReceptiveFieldLayer {
  return { type, config, inputShape, outputShape, arithmetic: [] };
}

/** [size, jump, start] per axis, or the kind when the output is not spatial. */
type Expected = [number | null, number | null, number | null][] | "none";

interface Row {
  name: string;
  input: Shape;
  layers: ReceptiveFieldLayer[];
  expected: Expected[];
  kind?: "global";
}

const rows: Row[] = [
  {
    // The Keras MNIST convnet (keras.io/examples/vision/mnist_convnet).
    name: "Keras MNIST convnet",
    input: [28, 28, 1],
    layers: [
      layer("conv2d", { filters: 32, kernelSize: 3, strides: 1, padding: "valid", dilationRate: 1 }, [28, 28, 1], [26, 26, 32]),
      layer("maxPool2d", { poolSize: 2, strides: 2, padding: "valid" }, [26, 26, 32], [13, 13, 32]),
      layer("conv2d", { filters: 64, kernelSize: 3, strides: 1, padding: "valid", dilationRate: 1 }, [13, 13, 32], [11, 11, 64]),
      layer("maxPool2d", { poolSize: 2, strides: 2, padding: "valid" }, [11, 11, 64], [5, 5, 64]),
      layer("flatten", {}, [5, 5, 64], [1600]),
      layer("dropout", { rate: 0.5 }, [1600], [1600]),
      layer("dense", { units: 10 }, [1600], [10]),
    ],
    expected: [
      [[3, 1, 1], [3, 1, 1]],
      [[4, 2, 1.5], [4, 2, 1.5]],
      [[8, 2, 3.5], [8, 2, 3.5]],
      [[10, 4, 4.5], [10, 4, 4.5]],
      "none",
      "none",
      "none",
    ],
  },
  {
    // LeNet-5 (LeCun et al. 1998): C1 5×5, S2 2×2, C3 5×5, S4 2×2, C5 5×5 on a 32×32 image.
    // C5 sees the whole image: 32 pixels, centred on pixel 15.5.
    name: "LeNet-5",
    input: [32, 32, 1],
    layers: [
      layer("conv2d", { filters: 6, kernelSize: 5 }, [32, 32, 1], [28, 28, 6]),
      layer("avgPool2d", { poolSize: 2 }, [28, 28, 6], [14, 14, 6]),
      layer("conv2d", { filters: 16, kernelSize: 5 }, [14, 14, 6], [10, 10, 16]),
      layer("avgPool2d", { poolSize: 2 }, [10, 10, 16], [5, 5, 16]),
      layer("conv2d", { filters: 120, kernelSize: 5 }, [5, 5, 16], [1, 1, 120]),
      layer("flatten", {}, [1, 1, 120], [120]),
      layer("dense", { units: 84 }, [120], [84]),
      layer("dense", { units: 10 }, [84], [10]),
    ],
    expected: [
      [[5, 1, 2], [5, 1, 2]],
      [[6, 2, 2.5], [6, 2, 2.5]],
      [[14, 2, 6.5], [14, 2, 6.5]],
      [[16, 4, 7.5], [16, 4, 7.5]],
      [[32, 4, 15.5], [32, 4, 15.5]],
      "none",
      "none",
      "none",
    ],
  },
  {
    // "same" pads floor(total / 2) before: 28 with k 3, s 1 pads 1 → start 0; with s 2 the total is 1 → 0 before.
    name: "same padding, stride and dilation",
    input: [28, 28, 3],
    layers: [
      layer("conv2d", { filters: 8, kernelSize: 3, padding: "same" }, [28, 28, 3], [28, 28, 8]),
      layer("conv2d", { filters: 8, kernelSize: 3, strides: 2, padding: "same" }, [28, 28, 8], [14, 14, 8]),
      layer("conv2d", { filters: 8, kernelSize: 3, dilationRate: 2 }, [14, 14, 8], [10, 10, 8]),
    ],
    expected: [
      [[3, 1, 0], [3, 1, 0]],
      [[5, 2, 1], [5, 2, 1]],
      [[13, 2, 5], [13, 2, 5]],
    ],
  },
  {
    // Explicit padding moves the origin before the image; a [h, w] kernel differs per axis.
    name: "zeroPadding2d and a rectangular kernel",
    input: [10, 10, 1],
    layers: [
      layer("zeroPadding2d", { padding: [[2, 2], [1, 1]] }, [10, 10, 1], [14, 12, 1]),
      layer("conv2d", { filters: 4, kernelSize: [3, 5] }, [14, 12, 1], [12, 8, 4]),
    ],
    expected: [
      [[1, 1, -2], [1, 1, -1]],
      [[3, 1, -1], [5, 1, 1]],
    ],
  },
  {
    // Upsampling halves the jump; the next 3-wide window then spans 2 more half-pixels.
    name: "pooling then upsampling",
    input: [8, 8, 1],
    layers: [
      layer("maxPool2d", { poolSize: 2 }, [8, 8, 1], [4, 4, 1]),
      layer("upSampling2d", { size: 2 }, [4, 4, 1], [8, 8, 1]),
      layer("conv2d", { filters: 1, kernelSize: 3, padding: "same" }, [8, 8, 1], [8, 8, 1]),
    ],
    expected: [
      [[2, 2, 0.5], [2, 2, 0.5]],
      [[2, 1, 0.5], [2, 1, 0.5]],
      [[4, 1, 0.5], [4, 1, 0.5]],
    ],
  },
  {
    name: "conv1d on a sequence",
    input: [100, 16],
    layers: [
      layer("conv1d", { filters: 8, kernelSize: 5, strides: 2 }, [100, 16], [48, 8]),
      layer("maxPool1d", { poolSize: 2 }, [48, 8], [24, 8]),
    ],
    expected: [[[5, 2, 2]], [[7, 4, 3]]],
  },
  {
    // An unknown kernel leaves this and every later size unknown, never guessed.
    name: "unknown kernel size",
    input: [28, 28, 1],
    layers: [
      layer("conv2d", { filters: 8, kernelSize: null }, [28, 28, 1], [null, null, 8]),
      layer("maxPool2d", { poolSize: 2 }, [null, null, 8], [null, null, 8]),
    ],
    expected: [
      [[null, 1, null], [null, 1, null]],
      [[null, 2, null], [null, 2, null]],
    ],
  },
  {
    name: "vector input has no spatial field",
    input: [2],
    layers: [layer("dense", { units: 8 }, [2], [8])],
    expected: ["none"],
  },
];

describe("receptiveFields", () => {
  for (const row of rows) {
    it(row.name, () => {
      const fields = receptiveFields({ inputShape: row.input, layers: row.layers });
      const actual: Expected[] = fields.map((field) =>
        field.kind === "none" ? "none" : field.axes.map((a) => [a.size, a.jump, a.start] as [number | null, number | null, number | null]),
      );
      assert.deepEqual(actual, row.expected);
    });
  }

  it("global pooling sees the whole input map", () => {
    const fields = receptiveFields({
      inputShape: [8, 8, 1],
      layers: [
        layer("conv2d", { filters: 4, kernelSize: 3 }, [8, 8, 1], [6, 6, 4]),
        layer("globalAvgPool2d", {}, [6, 6, 4], [4]),
      ],
    });
    assert.deepEqual(fields[1], {
      kind: "global",
      axes: [
        { axis: "height", size: 8, jump: null, start: 3.5 },
        { axis: "width", size: 8, jump: null, start: 3.5 },
      ],
    });
  });

  it("a merge sees the union of its inputs' windows", () => {
    // Branch a: 3×3 conv (r 3); branch b: 1×1 conv (r 1); add → r 3, same centre.
    const fields = receptiveFields({
      inputShape: [8, 8, 1],
      layers: [
        { ...layer("conv2d", { filters: 2, kernelSize: 3, padding: "same" }, [8, 8, 1], [8, 8, 2]), inputs: [-1] },
        { ...layer("conv2d", { filters: 2, kernelSize: 1 }, [8, 8, 1], [8, 8, 2]), inputs: [-1] },
        { ...layer("add", {}, [8, 8, 2], [8, 8, 2]), inputs: [0, 1] },
      ],
    });
    assert.deepEqual(fields[2], {
      kind: "spatial",
      axes: [
        { axis: "height", size: 3, jump: 1, start: 0 },
        { axis: "width", size: 3, jump: 1, start: 0 },
      ],
    });
  });

  it("prefers the core's per-axis arithmetic when it is given", () => {
    const conv = layer("conv2d", { filters: 1, kernelSize: 3, padding: "same" }, [5, 5, 1], [5, 5, 1]);
    conv.arithmetic = [
      { axis: "height", input: 5, output: 5, text: "", formula: "", kernel: 3, stride: 1, dilation: 1, padBefore: 1, padAfter: 1 },
      { axis: "width", input: 5, output: 5, text: "", formula: "", kernel: 3, stride: 1, dilation: 1, padBefore: 1, padAfter: 1 },
    ];
    const [field] = receptiveFields({ inputShape: [5, 5, 1], layers: [conv] });
    assert.deepEqual(field, { kind: "spatial", axes: [{ axis: "height", size: 3, jump: 1, start: 0 }, { axis: "width", size: 3, jump: 1, start: 0 }] });
  });

  it("a window that doesn't fit the input has no field (the error is already reported)", () => {
    const conv = layer("conv2d", { filters: 1, kernelSize: 5 }, [3, 3, 1], [null, null, 1]);
    conv.arithmetic = ["height", "width"].map((axis) => ({ axis, input: 3, output: -1, text: "", formula: "", kernel: 5, stride: 1, dilation: 1 }));
    const [field] = receptiveFields({ inputShape: [3, 3, 1], layers: [conv] });
    assert.deepEqual(field, {
      kind: "spatial",
      axes: [
        { axis: "height", size: null, jump: null, start: null },
        { axis: "width", size: null, jump: null, start: null },
      ],
    });
  });

  // The same hand computations, through the core's analysis of the shipped examples. LeNet-5
  // there pads 28×28 by 2 first, so centres are in the unpadded image: 2 less than above.
  const examples: { file: string; expected: Expected[] }[] = [
    {
      file: "mnist.nn.ts",
      expected: [[[3, 1, 1], [3, 1, 1]], [[4, 2, 1.5], [4, 2, 1.5]], [[8, 2, 3.5], [8, 2, 3.5]], [[10, 4, 4.5], [10, 4, 4.5]], "none", "none", "none"],
    },
    {
      file: "lenet5.nn.ts",
      expected: [
        [[1, 1, -2], [1, 1, -2]],
        [[5, 1, 0], [5, 1, 0]],
        [[6, 2, 0.5], [6, 2, 0.5]],
        [[14, 2, 4.5], [14, 2, 4.5]],
        [[16, 4, 5.5], [16, 4, 5.5]],
        "none",
        "none",
        "none",
        "none",
      ],
    },
  ];
  for (const row of examples) {
    it(`examples/${row.file} through the core's analysis`, () => {
      const file = path.resolve(__dirname, "../../examples", row.file);
      const [model] = analyze(fs.readFileSync(file, "utf8"), file, nodeHost).models;
      const actual: Expected[] = receptiveFields(model).map((field) =>
        field.kind === "none" ? "none" : field.axes.map((a) => [a.size, a.jump, a.start] as [number | null, number | null, number | null]),
      );
      assert.deepEqual(actual, row.expected);
    });
  }
});
