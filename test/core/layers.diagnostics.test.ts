// RuleTester-style tables for the diagnostics the layer rules own: each row is a model file and
// the diagnostics it must produce (code, severity, 1-based line and column), nothing more. Every
// quick fix offered is applied to the source, the file is analysed again, and the diagnostic
// must be gone without any new error appearing.

import { strict as assert } from "assert";
import { parseModelFile } from "../../src/core/ir";
import { analyzeLayers } from "../../src/core/layers";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import type { Diagnostic, DiagnosticCode, Severity, TextEdit } from "../../src/core/types";

const HEADER =
  'import { model, input, conv1d, conv2d, depthwiseConv2d, dense, flatten, maxPool2d, avgPool1d, reshape, permute, dropout, lstm, bidirectional, embedding, batchNorm, softmax, elu, activation, upSampling2d } from "nn-studio";';

/** A model file whose layer k (0-based) starts on line 6 + k, column 5. */
function file(input: string, layers: string[], header = HEADER): string {
  return [header, "", "export default model({", `  input: input(${input}),`, "  layers: [", ...layers.map((l) => `    ${l},`), "  ],", "});", ""].join("\n");
}

interface Expected {
  code: DiagnosticCode;
  severity: Severity;
  line: number;
  column: number;
  /** Absent for the front end's diagnostics, which belong to no layer. */
  layer: number | undefined;
}

function analyse(source: string): Diagnostic[] {
  const parsed = parseModelFile(source, "test.nn.ts");
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  for (const model of parsed.models) analyzeLayers(model, { report: (d) => diagnostics.push(d), imports: parsed.imports, text: source });
  return diagnostics.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
}

function located(source: string, diagnostics: Diagnostic[]) {
  const starts = lineStarts(source);
  return diagnostics.map((d) => {
    const { line, column } = lineColumnAt(starts, d.span.start);
    return { code: d.code, severity: d.severity, line, column, layer: d.layer };
  });
}

function applyEdits(source: string, edits: TextEdit[]): string {
  let text = source;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    text = text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end);
  }
  return text;
}

const ROWS: { name: string; source: string; diagnostics: Expected[]; fixes?: number }[] = [
  // nn/negative-dimension
  {
    name: "a kernel larger than the input: at the kernelSize value",
    source: file("[5, 5, 1]", ["conv2d({ filters: 8, kernelSize: 7 })"]),
    diagnostics: [{ code: "nn/negative-dimension", severity: "error", line: 6, column: 38, layer: 0 }],
    fixes: 2,
  },
  {
    name: "a default pool on a 1×1 input: at the call",
    source: file("[1, 1, 3]", ["maxPool2d()"]),
    diagnostics: [{ code: "nn/negative-dimension", severity: "error", line: 6, column: 5, layer: 0 }],
    fixes: 1,
  },
  {
    name: "one pooling too many: only the first failure is reported",
    source: file("[4, 4, 1]", ["maxPool2d()", "maxPool2d()", "maxPool2d()", "flatten()", "dense(2)"]),
    diagnostics: [{ code: "nn/negative-dimension", severity: "error", line: 8, column: 5, layer: 2 }],
    fixes: 1,
  },
  {
    name: "a dilation that spans more than the input: at the dilationRate value",
    source: file("[5, 5, 1]", ["conv2d({ filters: 2, kernelSize: 3, dilationRate: 3 })"]),
    diagnostics: [{ code: "nn/negative-dimension", severity: "error", line: 6, column: 55, layer: 0 }],
    fixes: 2,
  },
  {
    name: "a multi-line options object",
    source: file("[3, 3, 1]", ["conv2d({\n      filters: 8,\n      kernelSize: 5,\n    })"]),
    diagnostics: [{ code: "nn/negative-dimension", severity: "error", line: 8, column: 19, layer: 0 }],
    fixes: 2,
  },
  // nn/rank-mismatch
  {
    name: "conv2d after flatten",
    source: file("[28, 28, 1]", ["flatten()", "conv2d({ filters: 8, kernelSize: 3 })", "dense(10)"]),
    diagnostics: [{ code: "nn/rank-mismatch", severity: "error", line: 7, column: 5, layer: 1 }],
  },
  {
    name: "lstm on images",
    source: file("[28, 28, 1]", ["lstm({ units: 32 })"]),
    diagnostics: [{ code: "nn/rank-mismatch", severity: "error", line: 6, column: 5, layer: 0 }],
  },
  {
    name: "embedding on 2-D",
    source: file("[10, 4]", ["embedding({ inputDim: 100, outputDim: 8 })"]),
    diagnostics: [{ code: "nn/rank-mismatch", severity: "error", line: 6, column: 5, layer: 0 }],
  },
  {
    name: "flatten on a vector",
    source: file("[10]", ["flatten()"]),
    diagnostics: [{ code: "nn/rank-mismatch", severity: "error", line: 6, column: 5, layer: 0 }],
  },
  {
    name: "permute with dims of another rank: at dims",
    source: file("[10, 4, 2]", ["permute({ dims: [2, 1] })"]),
    diagnostics: [{ code: "nn/rank-mismatch", severity: "error", line: 6, column: 21, layer: 0 }],
  },
  // nn/reshape-size
  {
    name: "reshape that changes the element count (positional)",
    source: file("[7, 7, 64]", ["reshape([3000])"]),
    diagnostics: [{ code: "nn/reshape-size", severity: "error", line: 6, column: 13, layer: 0 }],
  },
  {
    name: "reshape with -1 that does not divide",
    source: file("[7, 7, 64]", ["reshape({ targetShape: [-1, 5] })"]),
    diagnostics: [{ code: "nn/reshape-size", severity: "error", line: 6, column: 28, layer: 0 }],
  },
  {
    name: "reshape with two -1",
    source: file("[7, 7, 64]", ["reshape({ targetShape: [-1, -1] })"]),
    diagnostics: [{ code: "nn/reshape-size", severity: "error", line: 6, column: 28, layer: 0 }],
  },
  // nn/invalid-option
  {
    name: "units ≤ 0",
    source: file("[4]", ["dense({ units: 0 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 20, layer: 0 }],
  },
  {
    name: "a dropout rate of 1 (positional)",
    source: file("[4]", ["dropout(1)"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 13, layer: 0 }],
  },
  {
    name: "an unknown activation, with a did-you-mean fix",
    source: file("[4]", ['dense({ units: 2, activation: "rleu" })']),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 35, layer: 0 }],
    fixes: 1,
  },
  {
    name: "a kernelSize that is not an integer",
    source: file("[8, 8, 1]", ["conv2d({ filters: 2, kernelSize: 2.5 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 38, layer: 0 }],
  },
  {
    name: "a padding the layer does not allow",
    source: file("[8, 2]", ['conv1d({ filters: 2, kernelSize: 2, padding: "causal" })']),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 50, layer: 0 }],
  },
  {
    name: "dilation with strides, which TensorFlow.js refuses",
    source: file("[16, 16, 1]", ["conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 67, layer: 0 }],
  },
  {
    name: "elu with an alpha TensorFlow.js does not implement",
    source: file("[4]", ["elu({ alpha: 0.5 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 18, layer: 0 }],
  },
  {
    name: "softmax along an axis that is not the last",
    source: file("[3, 4]", ["softmax({ axis: 1 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 21, layer: 0 }],
  },
  {
    name: "a batchNorm axis the input does not have",
    source: file("[4]", ["batchNorm({ axis: 3 })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 23, layer: 0 }],
  },
  {
    name: "two layers with the same name",
    source: file("[4]", ['dense({ units: 4, name: "hidden" })', 'dense({ units: 4, name: "hidden" })']),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 7, column: 29, layer: 1 }],
  },
  {
    name: "bidirectional around a layer that is not recurrent",
    source: file("[5, 3]", ["bidirectional({ layer: dense(4) })"]),
    diagnostics: [{ code: "nn/invalid-option", severity: "error", line: 6, column: 28, layer: 0 }],
  },
  // nn/unknown-option and nn/missing-option
  {
    name: "a misspelled option: warning at the key, and the real one missing",
    source: file("[28, 28, 1]", ["conv2d({ filter: 32, kernelSize: 3 })"]),
    diagnostics: [
      { code: "nn/missing-option", severity: "error", line: 6, column: 5, layer: 0 },
      { code: "nn/unknown-option", severity: "warning", line: 6, column: 14, layer: 0 },
    ],
    fixes: 1,
  },
  {
    name: "an unknown option without a close match",
    source: file("[4]", ["dense({ units: 2, banana: true })"]),
    diagnostics: [{ code: "nn/unknown-option", severity: "warning", line: 6, column: 23, layer: 0 }],
  },
  {
    name: "a Keras-style inputShape on the first layer",
    source: file("[4]", ["dense({ units: 2, inputShape: [4] })"]),
    diagnostics: [{ code: "nn/unknown-option", severity: "warning", line: 6, column: 23, layer: 0 }],
  },
  {
    name: "dense without units",
    source: file("[4]", ['dense({ activation: "relu" })']),
    diagnostics: [{ code: "nn/missing-option", severity: "error", line: 6, column: 5, layer: 0 }],
  },
  {
    name: "the wrapped layer's own options are checked",
    source: file("[5, 3]", ["bidirectional({ layer: lstm({ unit: 4 }) })"]),
    diagnostics: [
      { code: "nn/missing-option", severity: "error", line: 6, column: 28, layer: 0 },
      { code: "nn/unknown-option", severity: "warning", line: 6, column: 35, layer: 0 },
    ],
    fixes: 1,
  },
  // nn/dense-on-spatial
  {
    name: "dense right after a convolution, fixed by flatten()",
    source: file("[28, 28, 1]", ["conv2d({ filters: 8, kernelSize: 3 })", "dense(10)"]),
    diagnostics: [{ code: "nn/dense-on-spatial", severity: "warning", line: 7, column: 5, layer: 1 }],
    fixes: 1,
  },
  {
    name: "the flatten() fix also imports flatten",
    source: file("[8, 8, 2]", ["dense(10)"], 'import { model, input, dense } from "nn-studio";'),
    diagnostics: [{ code: "nn/dense-on-spatial", severity: "warning", line: 6, column: 5, layer: 0 }],
    fixes: 1,
  },
  // nn/pool-truncation
  {
    name: "7 → 3 with poolSize 2 drops a row and a column",
    source: file("[7, 7, 1]", ["maxPool2d({ poolSize: 2 })"]),
    diagnostics: [{ code: "nn/pool-truncation", severity: "information", line: 6, column: 5, layer: 0 }],
    fixes: 1,
  },
  {
    name: "a strided 1-D pooling",
    source: file("[9, 2]", ["avgPool1d({ poolSize: 2, strides: 2 })"]),
    diagnostics: [{ code: "nn/pool-truncation", severity: "information", line: 6, column: 5, layer: 0 }],
    fixes: 1,
  },
  // Valid models and unknowns: nothing to report.
  {
    name: "the DSL.md MNIST convnet with padding that fits",
    source: file("[28, 28, 1]", [
      'conv2d({ filters: 32, kernelSize: 3, activation: "relu", padding: "same" })',
      "maxPool2d({ poolSize: 2 })",
      'conv2d({ filters: 64, kernelSize: 3, activation: "relu", padding: "same" })',
      "maxPool2d({ poolSize: 2 })",
      "flatten()",
      "dropout(0.5)",
      'dense({ units: 10, activation: "softmax" })',
    ]),
    diagnostics: [],
  },
  {
    name: "an unknown value is reported once, by the front end, and causes nothing after it",
    source: file("[28, 28, 1]", ["conv2d({ filters: 8, kernelSize: Date.now() })", "maxPool2d()", "flatten()", "dense(10)"]),
    diagnostics: [{ code: "nn/not-static", severity: "warning", line: 6, column: 38, layer: undefined }],
  },
];

describe("layer diagnostics (RuleTester style)", () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      const diagnostics = analyse(row.source);
      it("reports exactly the expected codes and positions", () => {
        assert.deepEqual(located(row.source, diagnostics), row.diagnostics);
      });
      it("names the model and says what to do", () => {
        for (const d of diagnostics.filter((d) => d.code !== "nn/not-static")) {
          assert.equal(d.model, "test");
          assert.ok(d.message.length > 40, d.message);
        }
      });
      const fixed = diagnostics.flatMap((d) => (d.fixes ?? []).map((fix) => ({ d, fix })));
      it(`offers ${row.fixes ?? 0} quick fix(es)`, () => assert.equal(fixed.length, row.fixes ?? 0));
      for (const { d, fix } of fixed) {
        it(`fix "${fix.title}" removes ${d.code}`, () => {
          const source = applyEdits(row.source, fix.edits);
          const after = analyse(source);
          assert.deepEqual(
            after.filter((a) => a.code === d.code && a.layer === d.layer).map((a) => a.message),
            [],
            source,
          );
          const previous = new Set(diagnostics.filter((x) => x !== d).map((x) => x.code));
          const added = after.filter((a) => a.severity === "error" && !previous.has(a.code));
          assert.deepEqual(added.map((a) => a.message), [], source);
        });
      }
    });
  }
});

describe("layer diagnostics: messages carry the arithmetic", () => {
  const rows: { source: string; includes: string[] }[] = [
    {
      source: file("[5, 5, 1]", ["conv2d({ filters: 8, kernelSize: 7 })"]),
      includes: ["kernelSize 7 is larger than the input height 5 and width 5", "floor((5 − 7) / 1) + 1 = −1", 'padding: "same"'],
    },
    { source: file("[7, 7, 64]", ["reshape([3000])"]), includes: ["3,136", "3,000", "[-1, 64]"] },
    { source: file("[7, 7, 1]", ["maxPool2d({ poolSize: 2 })"]), includes: ["6 of 7 rows", "floor((7 − 2) / 2) + 1 = 3"] },
    { source: file("[28, 28, 1]", ["conv2d({ filter: 32, kernelSize: 3 })"]), includes: ["Did you mean 'filters'?"] },
  ];
  for (const row of rows) {
    it(row.includes[0], () => {
      const messages = analyse(row.source).map((d) => d.message).join("\n");
      for (const part of row.includes) assert.ok(messages.includes(part), `${part}\n${messages}`);
    });
  }
});
