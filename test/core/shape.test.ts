import { strict as assert } from "assert";
import { transposeAxis, upsampleAxis, windowAxis, zeroPadAxis, type WindowAxis } from "../../src/core/shape";
import type { AxisArithmetic } from "../../src/core/types";

type Expected = Partial<Pick<AxisArithmetic, "output" | "text" | "formula" | "padBefore" | "padAfter" | "dropped">>;

function check(actual: AxisArithmetic, expected: Expected): void {
  for (const key of Object.keys(expected) as (keyof Expected)[]) {
    assert.deepEqual(actual[key], expected[key], `${key}: ${JSON.stringify(actual)}`);
  }
}

describe("shape arithmetic: sliding windows", () => {
  const rows: { spec: WindowAxis; expected: Expected }[] = [
    // DSL.md's own example and the MNIST convnet's axes.
    {
      spec: { axis: "height", input: 28, kernel: 3, stride: 1, padding: "valid" },
      expected: { output: 26, text: "floor((28 − 3) / 1) + 1 = 26", formula: "floor((m − n) / s) + 1", padBefore: 0, padAfter: 0, dropped: 0 },
    },
    {
      spec: { axis: "height", input: 26, kernel: 2, stride: 2, padding: "valid" },
      expected: { output: 13, text: "floor((26 − 2) / 2) + 1 = 13", dropped: 0 },
    },
    // 7 → 3 with poolSize 2: the last row is dropped (DSL.md nn/pool-truncation).
    {
      spec: { axis: "height", input: 7, kernel: 2, stride: 2, padding: "valid" },
      expected: { output: 3, text: "floor((7 − 2) / 2) + 1 = 3", dropped: 1 },
    },
    {
      spec: { axis: "height", input: 11, kernel: 2, stride: 2, padding: "valid" },
      expected: { output: 5, dropped: 1 },
    },
    // A kernel larger than the input: the message carries this text.
    {
      spec: { axis: "height", input: 5, kernel: 7, stride: 1, padding: "valid" },
      expected: { output: -1, text: "floor((5 − 7) / 1) + 1 = −1" },
    },
    { spec: { axis: "width", input: 2, kernel: 3, stride: 1, padding: "valid" }, expected: { output: 0 } },
    // Dilation: the effective kernel is d·(n − 1) + 1.
    {
      spec: { axis: "height", input: 28, kernel: 3, stride: 1, dilation: 2, padding: "valid" },
      expected: { output: 24, text: "floor((28 − 2·(3 − 1) − 1) / 1) + 1 = 24", formula: "floor((m − d·(n − 1) − 1) / s) + 1" },
    },
    // "same": ceil(m / s), with TensorFlow's split of the padding (the odd pixel goes after).
    {
      spec: { axis: "height", input: 28, kernel: 3, stride: 1, padding: "same" },
      expected: { output: 28, text: "ceil(28 / 1) = 28", formula: "ceil(m / s)", padBefore: 1, padAfter: 1, dropped: 0 },
    },
    { spec: { axis: "height", input: 28, kernel: 3, stride: 2, padding: "same" }, expected: { output: 14, padBefore: 0, padAfter: 1, dropped: 0 } },
    { spec: { axis: "height", input: 7, kernel: 2, stride: 2, padding: "same" }, expected: { output: 4, padBefore: 0, padAfter: 1, dropped: 0 } },
    { spec: { axis: "height", input: 5, kernel: 4, stride: 1, padding: "same" }, expected: { output: 5, padBefore: 1, padAfter: 2 } },
    // A 1-wide window with stride 2 needs no padding and leaves the last row uncovered.
    { spec: { axis: "height", input: 4, kernel: 1, stride: 2, padding: "same" }, expected: { output: 2, padBefore: 0, padAfter: 0, dropped: 1 } },
    // A zeroPadding2d before a "valid" convolution: the padding is shown in the formula.
    {
      spec: { axis: "height", input: 28, kernel: 3, stride: 1, padding: "valid", explicitPadding: { before: 1, after: 1 } },
      expected: { output: 28, text: "floor((28 − 3 + 2·1) / 1) + 1 = 28", formula: "floor((m − n + 2p) / s) + 1", padBefore: 1, padAfter: 1 },
    },
    {
      spec: { axis: "width", input: 28, kernel: 3, stride: 2, padding: "valid", explicitPadding: { before: 0, after: 1 } },
      expected: { output: 14, text: "floor((28 − 3 + 0 + 1) / 2) + 1 = 14", padBefore: 0, padAfter: 1, dropped: 0 },
    },
    {
      spec: { axis: "height", input: 28, kernel: 3, stride: 1, dilation: 2, padding: "valid", explicitPadding: { before: 2, after: 2 } },
      expected: { output: 28, text: "floor((28 + 2·2 − 2·(3 − 1) − 1) / 1) + 1 = 28" },
    },
    // Unknown sizes stay unknown and show as "?".
    { spec: { axis: "height", input: null, kernel: 3, stride: 1, padding: "valid" }, expected: { output: null, text: "floor((? − 3) / 1) + 1 = ?" } },
    { spec: { axis: "height", input: 28, kernel: null, stride: 1, padding: "valid" }, expected: { output: null, text: "floor((28 − ?) / 1) + 1 = ?" } },
    { spec: { axis: "height", input: 28, kernel: 3, stride: null, padding: "same" }, expected: { output: null, text: "ceil(28 / ?) = ?" } },
    { spec: { axis: "height", input: 28, kernel: 3, stride: 1, padding: null }, expected: { output: null } },
  ];
  for (const { spec, expected } of rows) {
    it(`${spec.padding} m=${spec.input} n=${spec.kernel} s=${spec.stride} d=${spec.dilation ?? 1}${spec.explicitPadding ? " padded" : ""} → ${expected.output}`, () =>
      check(windowAxis(spec), expected));
  }
});

describe("shape arithmetic: transposed convolution, upsampling, zero padding", () => {
  const rows: { name: string; actual: () => AxisArithmetic; expected: Expected }[] = [
    {
      name: "transpose valid, n ≥ s",
      actual: () => transposeAxis({ axis: "height", input: 7, kernel: 3, stride: 2, padding: "valid" }),
      expected: { output: 15, text: "(7 − 1)·2 + 3 = 15", formula: "(m − 1)·s + n" },
    },
    {
      // TensorFlow.js: m·s + max(n − s, 0); DSL.md's (m − 1)·s + n would say 13.
      name: "transpose valid, n < s follows TensorFlow.js",
      actual: () => transposeAxis({ axis: "height", input: 7, kernel: 1, stride: 2, padding: "valid" }),
      expected: { output: 14, text: "7·2 = 14" },
    },
    {
      name: "transpose same",
      actual: () => transposeAxis({ axis: "width", input: 7, kernel: 3, stride: 2, padding: "same" }),
      expected: { output: 14, text: "7·2 = 14", formula: "m·s" },
    },
    {
      name: "transpose unknown input",
      actual: () => transposeAxis({ axis: "width", input: null, kernel: 3, stride: 2, padding: "valid" }),
      expected: { output: null, text: "(? − 1)·2 + 3 = ?" },
    },
    { name: "upsample", actual: () => upsampleAxis({ axis: "height", input: 14, size: 2 }), expected: { output: 28, text: "14·2 = 28" } },
    { name: "upsample unknown", actual: () => upsampleAxis({ axis: "height", input: 14, size: null }), expected: { output: null, text: "14·? = ?" } },
    {
      name: "zero padding",
      actual: () => zeroPadAxis({ axis: "height", input: 28, before: 1, after: 2 }),
      expected: { output: 31, text: "28 + 1 + 2 = 31", padBefore: 1, padAfter: 2 },
    },
    { name: "zero padding unknown", actual: () => zeroPadAxis({ axis: "width", input: null, before: 1, after: 1 }), expected: { output: null, text: "? + 1 + 1 = ?" } },
  ];
  for (const row of rows) it(row.name, () => check(row.actual(), row.expected));
});
