import { strict as assert } from "assert";
import { analyze } from "../../src/core/analyze";
import { applyEdits, assertDiagnostics, type ExpectedDiagnostic, memoryHost } from "./ruleTester";

const IMPORTS = `import { model, input, dense, conv2d, flatten, softmax, mnist, spiral, sine, adam } from "nn-studio";\n`;

/** A model whose lines are numbered from 2 (line 1 is the import). */
function source(body: string): string {
  return IMPORTS + body;
}

const rows: { name: string; source: string; diagnostics: ExpectedDiagnostic[] }[] = [
  {
    name: "a correct MNIST classifier has no diagnostics",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [flatten(), dense({ units: 10, activation: "softmax" })],
  data: mnist(),
  train: { optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] },
});`),
    diagnostics: [],
  },
  {
    name: "data-input-mismatch on the input's shape",
    source: source(`export default model({
  input: input([784]),
  layers: [dense({ units: 10, activation: "softmax" })],
  data: mnist(),
});`),
    diagnostics: [{ code: "nn/data-input-mismatch", line: 3, column: 16 }],
  },
  {
    name: "output-target-mismatch on units",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [flatten(), dense({ units: 1, activation: "softmax" })],
  data: mnist(),
});`),
    diagnostics: [{ code: "nn/output-target-mismatch", line: 4, column: 38 }],
  },
  {
    name: "output-target-mismatch for a spatial output against classes",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [conv2d({ filters: 10, kernelSize: 3, activation: "softmax" })],
  data: mnist(),
});`),
    diagnostics: [{ code: "nn/output-target-mismatch", line: 4, column: 12 }],
  },
  {
    name: "loss-activation: binaryCrossentropy after softmax, on the loss",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [flatten(), dense({ units: 10, activation: "softmax" })],
  data: mnist(),
  train: { optimizer: "adam", loss: "binaryCrossentropy" },
});`),
    diagnostics: [{ code: "nn/loss-activation", line: 6, column: 37 }],
  },
  {
    name: "loss-activation: crossentropy after a linear output",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [flatten(), dense({ units: 10 })],
  data: mnist(),
  train: { optimizer: "adam", loss: "categoricalCrossentropy" },
});`),
    diagnostics: [{ code: "nn/loss-activation", line: 6, column: 37 }],
  },
  {
    name: "loss-activation: a bounded activation on a regression target",
    source: source(`export default model({
  input: input([1]),
  layers: [dense({ units: 16, activation: "tanh" }), dense({ units: 1, activation: "sigmoid" })],
  data: sine({ n: 200, noise: 0.1 }),
  train: { optimizer: "adam", loss: "mse" },
});`),
    diagnostics: [{ code: "nn/loss-activation", line: 6, column: 37 }],
  },
  {
    name: "large-layer: a huge dense after flatten (26·26·8·256 + 256 = 1,384,704 of 1,387,354)",
    source: source(`export default model({
  input: input([28, 28, 1]),
  layers: [conv2d({ filters: 8, kernelSize: 3 }), flatten(), dense({ units: 256, activation: "relu" }), dense({ units: 10, activation: "softmax" })],
});`),
    diagnostics: [{ code: "nn/large-layer", line: 4, column: 62 }],
  },
  {
    name: "train: unknown option, bad loss, bad metric, bad epochs",
    source: source(`export default model({
  input: input([2]),
  layers: [dense({ units: 1, activation: "sigmoid" })],
  train: { optimizer: "adam", loss: "binaryCrossEntropy", metrics: ["acc"], epochs: 0, batchsize: 8 },
});`),
    diagnostics: [
      { code: "nn/invalid-option", line: 5, column: 37 },
      { code: "nn/invalid-option", line: 5, column: 69 },
      { code: "nn/invalid-option", line: 5, column: 85 },
      { code: "nn/unknown-option", line: 5, column: 88 },
    ],
  },
  {
    name: "train: unknown optimizer and optimizer option",
    source: source(`export default model({
  input: input([2]),
  layers: [dense({ units: 1, activation: "sigmoid" })],
  train: { optimizer: adam({ learningrate: 0.1 }), loss: "binaryCrossentropy" },
});
export const other = model({
  input: input([2]),
  layers: [dense({ units: 1, activation: "sigmoid" })],
  train: { optimizer: "adamw", loss: "binaryCrossentropy" },
});`),
    diagnostics: [
      { code: "nn/unknown-option", line: 5, column: 30 },
      { code: "nn/invalid-option", line: 10, column: 23 },
    ],
  },
  {
    name: "train: optimizer and loss are required",
    source: source(`export default model({
  input: input([2]),
  layers: [dense({ units: 1, activation: "sigmoid" })],
  train: { epochs: 3 },
});`),
    diagnostics: [
      { code: "nn/missing-option", line: 5, column: 10 },
      { code: "nn/missing-option", line: 5, column: 10 },
    ],
  },
  {
    name: "model: an unknown model option and a data value that is not a data function",
    source: source(`export default model({
  input: input([2]),
  layers: [dense({ units: 1, activation: "sigmoid" })],
  data: 42,
  epochs: 3,
});`),
    diagnostics: [
      { code: "nn/invalid-option", line: 5, column: 9 },
      { code: "nn/unknown-option", line: 6, column: 3 },
    ],
  },
];

describe("model-level checks (RuleTester rows)", () => {
  for (const row of rows) it(row.name, () => assertDiagnostics(row.source, row.diagnostics));
});

describe("model-level quick fixes remove their diagnostic", () => {
  const fixable = rows.filter((row) => ["nn/data-input-mismatch", "nn/output-target-mismatch", "nn/loss-activation"].includes(row.diagnostics[0]?.code ?? ""));
  for (const row of fixable) {
    const analysis = analyze(row.source, "model.nn.ts", memoryHost());
    const diagnostic = analysis.diagnostics.find((d) => d.code === row.diagnostics[0].code);
    for (const fix of diagnostic?.fixes ?? []) {
      it(`${row.name}: "${fix.title}"`, () => {
        const fixed = applyEdits(row.source, fix.edits);
        const after = analyze(fixed, "model.nn.ts", memoryHost());
        assert.deepEqual(after.diagnostics.filter((d) => d.code === diagnostic?.code), [], fixed);
      });
    }
  }
  it("offers a fix for each fixable row that has one", () => {
    const withFixes = fixable.filter((row) => (analyze(row.source, "model.nn.ts", memoryHost()).diagnostics[0]?.fixes ?? []).length > 0);
    // The spatial-output case has no mechanical fix (it needs new layers); every other one does.
    assert.equal(withFixes.length, fixable.length - 1);
  });
});

describe("large-layer stays quiet on small models", () => {
  it("a 12–16–8–1 MLP, whose first layer holds 59 % of 353 parameters, gets no remark", () =>
    assertDiagnostics(
      source(`export default model({
  input: input([12]),
  layers: [dense({ units: 16, activation: "relu" }), dense({ units: 8, activation: "relu" }), dense({ units: 1, activation: "sigmoid" })],
});`),
      [],
    ));
});
