// The model IR (DSL.md §3): which exports are models, their names, input, flattened layers with
// options and spans, data and train; and the diagnostics the IR owns (nn/missing-input,
// nn/invalid-option for what is not a layer or not a config), with exact positions.

import assert from "node:assert/strict";
import { parseModelFile } from "../../src/core/ir";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import type { DiagnosticCode, LayerNode, ModelNode, Span, TextEdit } from "../../src/core/types";
import { plain } from "./plainValue";


/** A layer as `{ type: options }`, with `inner` for bidirectional. */
function layer(node: LayerNode): unknown {
  const options = Object.fromEntries([...node.options].map(([key, property]) => [key, plain(property.value)]));
  return node.inner === undefined ? { [node.type]: options } : { [node.type]: options, inner: layer(node.inner) };
}

function text(source: string, span: Span): string {
  return source.slice(span.start, span.end);
}

interface Found {
  code: DiagnosticCode;
  line: number;
  column: number;
  layer?: number;
}

function found(source: string, fileName = "model.nn.ts"): Found[] {
  const starts = lineStarts(source);
  return parseModelFile(source, fileName).diagnostics.map((d) => {
    const at: Found = { code: d.code, ...lineColumnAt(starts, d.span.start) };
    if (d.layer !== undefined) at.layer = d.layer;
    return at;
  });
}

function models(source: string, fileName = "model.nn.ts"): ModelNode[] {
  return parseModelFile(source, fileName).models;
}

function applyEdits(source: string, edits: TextEdit[]): string {
  let result = source;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.text + result.slice(edit.span.end);
  }
  return result;
}

// The example of DSL.md, verbatim.
const MNIST = `import { model, input, conv2d, maxPool2d, flatten, dropout, dense, mnist, adam } from "nn-studio";

export default model({
  name: "mnist-convnet",
  input: input([28, 28, 1]),
  layers: [
    conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),   // [26, 26, 32]      320 params
    maxPool2d({ poolSize: 2 }),                                     // [13, 13, 32]
    conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),   // [11, 11, 64]   18,496 params
    maxPool2d({ poolSize: 2 }),                                     // [5, 5, 64]
    flatten(),                                                      // [1600]
    dropout(0.5),
    dense({ units: 10, activation: "softmax" }),                  // [10]           16,010 params
  ],
  data: mnist(),
  train: {
    optimizer: adam({ learningRate: 0.001 }),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
    epochs: 15,
    batchSize: 128,
    validationSplit: 0.1,
  },
});
`;

describe("IR: the DSL.md MNIST example", () => {
  const parsed = parseModelFile(MNIST, "examples/mnist.nn.ts");
  const [mnist] = parsed.models;

  it("has no diagnostics and one model", () => {
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.models.length, 1);
  });

  it("names the model and its export", () => {
    assert.equal(mnist.name, "mnist-convnet");
    assert.equal(mnist.exportName, "default");
    assert.ok(text(MNIST, mnist.span).startsWith("model({"));
    assert.ok(text(MNIST, mnist.span).endsWith("})"));
  });

  it("reads the input", () => {
    assert.deepEqual(mnist.input?.shape, [28, 28, 1]);
    assert.equal(mnist.input?.dtype, "float32");
    assert.equal(text(MNIST, mnist.input?.span ?? { start: 0, end: 0 }), "input([28, 28, 1])");
    assert.equal(text(MNIST, mnist.input?.shapeSpan ?? { start: 0, end: 0 }), "[28, 28, 1]");
  });

  it("reads the layers with their options", () => {
    assert.deepEqual(mnist.layers.map(layer), [
      { conv2d: { filters: 32, kernelSize: 3, activation: "relu" } },
      { maxPool2d: { poolSize: 2 } },
      { conv2d: { filters: 64, kernelSize: 3, activation: "relu" } },
      { maxPool2d: { poolSize: 2 } },
      { flatten: {} },
      { dropout: { rate: 0.5 } },
      { dense: { units: 10, activation: "softmax" } },
    ]);
  });

  it("keeps the source ranges of calls, callees, option keys and values", () => {
    const first = mnist.layers[0];
    assert.equal(text(MNIST, first.call.span), `conv2d({ filters: 32, kernelSize: 3, activation: "relu" })`);
    assert.equal(text(MNIST, first.call.calleeSpan), "conv2d");
    const kernel = first.options.get("kernelSize");
    assert.equal(text(MNIST, kernel?.keySpan ?? { start: 0, end: 0 }), "kernelSize");
    assert.equal(text(MNIST, kernel?.span ?? { start: 0, end: 0 }), "3");
    const starts = lineStarts(MNIST);
    assert.deepEqual(
      mnist.layers.map((node) => lineColumnAt(starts, node.call.span.start)),
      [7, 8, 9, 10, 11, 12, 13].map((line) => ({ line, column: 5 })),
    );
    const rate = mnist.layers[5].options.get("rate");
    assert.equal(text(MNIST, rate?.span ?? { start: 0, end: 0 }), "0.5");
  });

  it("reads data and train", () => {
    assert.equal(mnist.data?.fn, "mnist");
    assert.deepEqual(plain(mnist.train ?? null), {
      optimizer: { call: "adam", args: [{ learningRate: 0.001 }] },
      loss: "categoricalCrossentropy",
      metrics: ["accuracy"],
      epochs: 15,
      batchSize: 128,
      validationSplit: 0.1,
    });
    assert.deepEqual([...(mnist.config?.props.keys() ?? [])], ["name", "input", "layers", "data", "train"]);
  });
});

const HEAD = `import { model, input, dense, conv2d, dropout, reshape, activation, flatten, lstm, gru, bidirectional, repeat, mnist, adam } from "nn-studio";`;

describe("IR: which exports are models, and their names", () => {
  const rows: { name: string; source: string; fileName?: string; expected: [string, string][] }[] = [
    { name: "export default model(...) is named after the file", source: `export default model({ input: input([1]) });`, fileName: "models/tiny.nn.ts", expected: [["default", "tiny"]] },
    { name: "a Windows path", source: `export default model({ input: input([1]) });`, fileName: "C:\\work\\wide.nn.ts", expected: [["default", "wide"]] },
    { name: "the name option wins", source: `export default model({ name: "net", input: input([1]) });`, expected: [["default", "net"]] },
    { name: "export const", source: `export const small = model({ input: input([1]) });`, expected: [["small", "small"]] },
    { name: "export default of a const", source: `const m = model({ input: input([1]) });\nexport default m;`, expected: [["default", "model"]] },
    { name: "export const of a const", source: `const m = model({ input: input([1]) });\nexport const big = m;`, expected: [["big", "big"]] },
    { name: "export { m as X }", source: `const m = model({ input: input([1]) });\nexport { m as wide, m as default };`, expected: [["wide", "wide"]] },
    { name: "export { m } before its declaration", source: `export { m };\nconst m = model({ input: input([1]) });`, expected: [["m", "m"]] },
    {
      name: "several models, in order",
      source: `export const a = model({ input: input([1]) });\nexport const b = model({ name: "B", input: input([2]) });\nexport default model({ input: input([3]) });`,
      expected: [["a", "a"], ["b", "B"], ["default", "model"]],
    },
    { name: "a model built by a helper", source: `const make = (n) => model({ name: \`m\${n}\`, input: input([n]) });\nexport const m4 = make(4);`, expected: [["m4", "m4"]] },
    { name: "the same model exported twice is one model", source: `export const a = model({ input: input([1]) });\nexport default a;`, expected: [["a", "a"]] },
    { name: "a model that is not exported is not analysed", source: `const hidden = model({ input: input([1]) });\nexport const n = 3;`, expected: [] },
    { name: "exports that are not models", source: `export const layers = [dense(3)];\nexport default dense;`, expected: [] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const source = `${HEAD}\n${row.source}\n`;
      assert.deepEqual(found(source, row.fileName), []);
      assert.deepEqual(
        models(source, row.fileName).map((m) => [m.exportName, m.name]),
        row.expected,
      );
    });
  }
});

describe("IR: layers", () => {
  const rows: { name: string; prelude?: string; layers: string; expected: unknown[] }[] = [
    { name: "positional units", layers: "dense(64)", expected: [{ dense: { units: 64 } }] },
    { name: "positional units with options", layers: 'dense(64, { activation: "relu", name: "hidden" })', expected: [{ dense: { units: 64, activation: "relu", name: "hidden" } }] },
    { name: "positional rate", layers: "dropout(0.5)", expected: [{ dropout: { rate: 0.5 } }] },
    { name: "positional target shape", layers: "reshape([7, 7, 64])", expected: [{ reshape: { targetShape: [7, 7, 64] } }] },
    { name: "positional activation", layers: 'activation("relu")', expected: [{ activation: { activation: "relu" } }] },
    { name: "the config form of a positional layer", layers: "dense({ units: 8 })", expected: [{ dense: { units: 8 } }] },
    { name: "no options", layers: "flatten()", expected: [{ flatten: {} }] },
    { name: "an unknown positional value stays that option", layers: "dense(foo)", expected: [{ dense: { units: "<unknown>" } }] },
    {
      name: "bidirectional wraps its layer",
      layers: 'bidirectional({ layer: lstm({ units: 16, returnSequences: true }), mergeMode: "sum" })',
      expected: [{ bidirectional: { layer: { call: "lstm", args: [{ units: 16, returnSequences: true }] }, mergeMode: "sum" }, inner: { lstm: { units: 16, returnSequences: true } } }],
    },
    { name: "bidirectional with a positional-free inner config", layers: "bidirectional({ layer: gru({ units: 4 }) })", expected: [{ bidirectional: { layer: { call: "gru", args: [{ units: 4 }] } }, inner: { gru: { units: 4 } } }] },
    {
      name: "nested arrays from helpers are flattened",
      prelude: "const block = (f) => [conv2d({ filters: f, kernelSize: 3 }), [dropout(0.1)]];",
      layers: "...[8, 16].map(block), [[flatten()]], dense(10)",
      expected: [
        { conv2d: { filters: 8, kernelSize: 3 } },
        { dropout: { rate: 0.1 } },
        { conv2d: { filters: 16, kernelSize: 3 } },
        { dropout: { rate: 0.1 } },
        { flatten: {} },
        { dense: { units: 10 } },
      ],
    },
    {
      name: "repeat of several layers",
      layers: "repeat(2, (i) => [dense(4 * (i + 1)), dropout(0.1)]), dense(1)",
      expected: [{ dense: { units: 4 } }, { dropout: { rate: 0.1 } }, { dense: { units: 8 } }, { dropout: { rate: 0.1 } }, { dense: { units: 1 } }],
    },
    { name: "a config object shared by two layers", prelude: 'const cfg = { units: 3, activation: "tanh" };', layers: "dense(cfg), dense({ ...cfg, units: 1 })", expected: [{ dense: { units: 3, activation: "tanh" } }, { dense: { units: 1, activation: "tanh" } }] },
    { name: "a non-static element is an unknown layer", layers: "dense(4), foo(), dense(2)", expected: [{ dense: { units: 4 } }, { unknown: {} }, { dense: { units: 2 } }] },
    { name: "a layer with an unknown config is an unknown layer", layers: "conv2d(foo)", expected: [{ unknown: {} }] },
    { name: "a spread of unknown length is one unknown layer", layers: "dense(4), ...foo, dense(2)", expected: [{ dense: { units: 4 } }, { unknown: {} }, { dense: { units: 2 } }] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const source = `${HEAD}\n${row.prelude ?? ""}\nexport default model({ input: input([4]), layers: [${row.layers}] });\n`;
      const [m] = models(source);
      assert.deepEqual(m.layers.map(layer), row.expected);
      assert.ok(found(source).every((d) => d.code === "nn/not-static"));
    });
  }

  it("an unknown layer keeps its call when there was one", () => {
    const source = `${HEAD}\nexport default model({ input: input([4]), layers: [conv2d(foo)] });`;
    const [m] = models(source);
    assert.equal(m.layers[0].type, "unknown");
    assert.equal(text(source, m.layers[0].call.span), "conv2d(foo)");
    assert.equal(m.layers[0].call.fn, "conv2d");
  });

  it("a renamed or namespace callee keeps its span; fn is the canonical name", () => {
    const source = `import * as nn from "nn-studio";\nimport { dense as fc } from "nn-studio";\nexport default nn.model({ input: nn.input([2]), layers: [nn.dense(3), fc(2)] });`;
    const [m] = models(source);
    assert.deepEqual(m.layers.map((l) => [l.call.fn, text(source, l.call.calleeSpan)]), [["dense", "nn.dense"], ["dense", "fc"]]);
  });
});

describe("IR: input", () => {
  const rows: { name: string; input: string; shape: unknown; dtype?: string; diagnostics?: Found[] }[] = [
    { name: "a shape", input: "input([28, 28, 1])", shape: [28, 28, 1] },
    { name: "a size that varies", input: "input([null, 8])", shape: [null, 8] },
    { name: "an unknown size", input: "input([foo, 8])", shape: [null, 8], diagnostics: [{ code: "nn/not-static", line: 2, column: 38 }] },
    { name: "a spread of unknown length leaves the rank unknown", input: "input([...foo, 8])", shape: null, diagnostics: [{ code: "nn/not-static", line: 2, column: 41 }] },
    { name: "an unknown shape", input: "input(foo)", shape: null, diagnostics: [{ code: "nn/not-static", line: 2, column: 37 }] },
    { name: "int32 ids", input: 'input([100], { dtype: "int32", name: "tokens" })', shape: [100], dtype: "int32" },
    { name: "a size that is not a whole number ≥ 1", input: "input([28, 0, 2.5])", shape: null, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 42 }, { code: "nn/invalid-option", line: 2, column: 45 }] },
    { name: "a size that is a string", input: 'input([28, "28"])', shape: null, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 42 }] },
    { name: "an empty shape", input: "input([])", shape: null, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 37 }] },
    { name: "a number instead of an array", input: "input(784)", shape: null, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 37 }] },
    { name: "no shape", input: "input()", shape: null, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 31 }] },
    { name: "a bad dtype", input: 'input([4], { dtype: "float64" })', shape: [4], diagnostics: [{ code: "nn/invalid-option", line: 2, column: 51 }] },
    { name: "an unknown input option", input: 'input([4], { dtyp: "int32" })', shape: [4], diagnostics: [{ code: "nn/unknown-option", line: 2, column: 44 }] },
    { name: "options that are not an object", input: "input([4], 3)", shape: [4], diagnostics: [{ code: "nn/invalid-option", line: 2, column: 42 }] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const source = `${HEAD}\nexport default model({ input: ${row.input}, layers: [] });\n`;
      const [m] = models(source);
      assert.deepEqual(m.input?.shape, row.shape);
      assert.equal(m.input?.dtype, row.dtype ?? "float32");
      assert.deepEqual(found(source), row.diagnostics ?? []);
    });
  }

  it("nn/unknown-option on input is a warning with a did-you-mean", () => {
    const source = `${HEAD}\nexport default model({ input: input([4], { dtyp: "int32" }) });\n`;
    const [diagnostic] = parseModelFile(source, "m.nn.ts").diagnostics;
    assert.equal(diagnostic.severity, "warning");
    assert.match(diagnostic.message, /Did you mean 'dtype'\?/);
  });

  const FIXES = [
    {
      name: "a bare array becomes an input call, imported if needed",
      source: `import { model, dense } from "nn-studio";\nexport default model({ input: [28, 28, 1], layers: [dense(2)] });\n`,
      after: `import { model, dense, input } from "nn-studio";\nexport default model({ input: input([28, 28, 1]), layers: [dense(2)] });\n`,
    },
    {
      name: "a single size is wrapped in an array",
      source: `${HEAD}\nexport default model({ input: input(784), layers: [dense(2)] });\n`,
      after: `${HEAD}\nexport default model({ input: input([784]), layers: [dense(2)] });\n`,
    },
  ];
  for (const row of FIXES) {
    it(`fix: ${row.name}`, () => {
      const [diagnostic] = parseModelFile(row.source, "m.nn.ts").diagnostics;
      const fix = diagnostic.fixes?.[0];
      assert.ok(fix !== undefined);
      const after = applyEdits(row.source, fix.edits);
      assert.equal(after, row.after);
      assert.deepEqual(parseModelFile(after, "m.nn.ts").diagnostics, []);
    });
  }
});

describe("IR: diagnostics it owns, with positions", () => {
  const rows: { name: string; source: string; diagnostics: Found[] }[] = [
    { name: "a model without input", source: `export default model({ layers: [dense(1)] });`, diagnostics: [{ code: "nn/missing-input", line: 2, column: 16 }] },
    { name: "input: undefined is missing too", source: `export default model({ input: undefined });`, diagnostics: [{ code: "nn/missing-input", line: 2, column: 16 }] },
    { name: "a model without a config", source: `export default model();`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 16 }] },
    { name: "a config that is not an object", source: `export default model([dense(1)]);`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 22 }] },
    { name: "an unknown config: no missing-input after it", source: `export default model(foo);`, diagnostics: [{ code: "nn/not-static", line: 2, column: 22 }] },
    { name: "an unknown input: no missing-input", source: `export default model({ input: foo });`, diagnostics: [{ code: "nn/not-static", line: 2, column: 31 }] },
    { name: "input that is not an input call", source: `export default model({ input: dense(3) });`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 31 }] },
    {
      name: "elements that are not layers, each at its place with its index",
      source: `export default model({\n  input: input([4]),\n  layers: [dense(4), 5, "relu", null, input([2]), mnist(), adam(), flatten, dense(1)],\n});`,
      diagnostics: [
        { code: "nn/invalid-option", line: 4, column: 22, layer: 1 },
        { code: "nn/invalid-option", line: 4, column: 25, layer: 2 },
        { code: "nn/invalid-option", line: 4, column: 33, layer: 3 },
        { code: "nn/invalid-option", line: 4, column: 39, layer: 4 },
        { code: "nn/invalid-option", line: 4, column: 51, layer: 5 },
        { code: "nn/invalid-option", line: 4, column: 60, layer: 6 },
        { code: "nn/invalid-option", line: 4, column: 68, layer: 7 },
      ],
    },
    {
      name: "a non-object config of a layer without a positional option",
      source: `export default model({ input: input([4]), layers: [conv2d(3), dense(2)] });`,
      diagnostics: [{ code: "nn/invalid-option", line: 2, column: 59, layer: 0 }],
    },
    {
      name: "a positional option given twice",
      source: `export default model({ input: input([4]), layers: [dense(3, { units: 4 })] });`,
      diagnostics: [{ code: "nn/invalid-option", line: 2, column: 63, layer: 0 }],
    },
    {
      name: "a second argument that is not an options object",
      source: `export default model({ input: input([4]), layers: [dropout(0.5, 2)] });`,
      diagnostics: [{ code: "nn/invalid-option", line: 2, column: 65, layer: 0 }],
    },
    {
      name: "an extra argument",
      source: `export default model({ input: input([4]), layers: [flatten({}, 1)] });`,
      diagnostics: [{ code: "nn/invalid-option", line: 2, column: 64, layer: 0 }],
    },
    { name: "layers that is not an array", source: `export default model({ input: input([4]), layers: dense(3) });`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 51 }] },
    { name: "train that is not an object", source: `export default model({ input: input([4]), train: "adam" });`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 50 }] },
    { name: "a name that is not a string", source: `export default model({ name: 3, input: input([4]) });`, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 30 }] },
    {
      name: "a non-static element: one diagnostic, no invalid-option after it",
      source: `export default model({ input: input([4]), layers: [dense(2), makeLayer(), dense(1)] });`,
      diagnostics: [{ code: "nn/not-static", line: 2, column: 62 }],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.deepEqual(found(`${HEAD}\n${row.source}\n`), row.diagnostics);
    });
  }

  it("IR diagnostics name their model, and severities follow DSL.md §7", () => {
    const source = `${HEAD}\nexport const a = model({ layers: [5] });\n`;
    const diagnostics = parseModelFile(source, "m.nn.ts").diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.model]),
      [
        ["nn/missing-input", "error", "a"],
        ["nn/invalid-option", "error", "a"],
      ],
    );
  });

  it("a non-layer element is kept as an unknown layer, so indices match the source", () => {
    const source = `${HEAD}\nexport default model({ input: input([4]), layers: [dense(4), 5, dense(2)] });\n`;
    assert.deepEqual(models(source)[0].layers.map((l) => l.type), ["dense", "unknown", "dense"]);
  });

  const FIXES = [
    {
      name: "a layer function that is not called",
      source: `${HEAD}\nexport default model({ input: input([4]), layers: [flatten, dense(2)] });\n`,
      after: `${HEAD}\nexport default model({ input: input([4]), layers: [flatten(), dense(2)] });\n`,
    },
    {
      name: "a single layer instead of an array",
      source: `${HEAD}\nexport default model({ input: input([4]), layers: dense(2) });\n`,
      after: `${HEAD}\nexport default model({ input: input([4]), layers: [dense(2)] });\n`,
    },
  ];
  for (const row of FIXES) {
    it(`fix: ${row.name}`, () => {
      const [diagnostic] = parseModelFile(row.source, "m.nn.ts").diagnostics;
      const fix = diagnostic.fixes?.[0];
      assert.ok(fix !== undefined);
      const after = applyEdits(row.source, fix.edits);
      assert.equal(after, row.after);
      assert.deepEqual(parseModelFile(after, "m.nn.ts").diagnostics, []);
    });
  }

  it("data is the data call, or null", () => {
    const source = `${HEAD}\nexport const a = model({ input: input([4]), data: mnist({ limit: 10 }) });\nexport const b = model({ input: input([4]), data: "mnist" });\nexport const c = model({ input: input([4]) });\n`;
    assert.deepEqual(
      models(source).map((m) => (m.data === null ? null : plain(m.data))),
      [{ call: "mnist", args: [{ limit: 10 }] }, null, null],
    );
  });
});
