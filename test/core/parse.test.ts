// Parsing and imports (DSL.md §1): syntax errors as nn/syntax with the analysis going on after
// them, every import form, nn/unknown-name with its did-you-mean fix, and the import edits quick
// fixes use.

import assert from "node:assert/strict";
import { parseModelFile } from "../../src/core/ir";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import type { Diagnostic, DiagnosticCode, TextEdit } from "../../src/core/types";

interface Found {
  code: DiagnosticCode;
  line: number;
  column: number;
}

function found(text: string, diagnostics: Diagnostic[]): Found[] {
  const starts = lineStarts(text);
  return diagnostics.map((d) => ({ code: d.code, ...lineColumnAt(starts, d.span.start) }));
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.text + result.slice(edit.span.end);
  }
  return result;
}

/** The types of each model's layers, as `type` or `type(option/option)`. */
function layerTypes(text: string): string[][] {
  return parseModelFile(text, "parse.nn.ts").models.map((model) =>
    model.layers.map((layer) => (layer.options.size === 0 ? layer.type : `${layer.type}(${[...layer.options.keys()].join("/")})`)),
  );
}

interface Row {
  name: string;
  source: string;
  diagnostics: Found[];
  /** The layer types of each model, when the row checks what was still read. */
  layers?: string[][];
}

const NN = `import { model, input, dense, conv2d, flatten } from "nn-studio";`;

const SYNTAX: Row[] = [
  {
    name: "a missing comma, and the model after it is still read",
    source: `${NN}\nconst a = [1, 2;\nexport default model({ input: input([28, 28, 1]), layers: [conv2d({ filters: 8 kernelSize: 3 }), flatten(), dense(10)] });`,
    diagnostics: [
      { code: "nn/syntax", line: 2, column: 16 },
      { code: "nn/syntax", line: 3, column: 80 },
    ],
    layers: [["conv2d(filters/kernelSize)", "flatten", "dense(units)"]],
  },
  {
    name: "text that ends early",
    source: `${NN}\nexport default model({ input: input([4]), layers: [dense(64), dense(10)] `,
    diagnostics: [{ code: "nn/syntax", line: 2, column: 74 }],
    layers: [["dense(units)", "dense(units)"]],
  },
  {
    name: "a declaration without a name: no second diagnostic for what the parser recovered",
    source: `${NN}\nconst = 3;\nexport default model({ input: input([4]), layers: [dense(64)] });`,
    diagnostics: [
      { code: "nn/syntax", line: 2, column: 7 },
      { code: "nn/syntax", line: 2, column: 9 },
    ],
    layers: [["dense(units)"]],
  },
  {
    name: "an unterminated string",
    source: `${NN}\nexport default model({ input: input([4]), layers: [dense("a)] });`,
    diagnostics: [{ code: "nn/syntax", line: 2, column: 66 }],
    layers: [["dense(units)"]],
  },
  {
    name: "an empty file",
    source: "",
    diagnostics: [],
    layers: [],
  },
];

const IMPORTS: Row[] = [
  {
    name: "named imports",
    source: `${NN}\nexport default model({ input: input([4]), layers: [dense(8), flatten()] });`,
    diagnostics: [],
    layers: [["dense(units)", "flatten"]],
  },
  {
    name: "renamed imports",
    source: `import { model as m, input as inp, conv2d as c2d } from "nn-studio";\nexport default m({ input: inp([8, 8, 1]), layers: [c2d({ filters: 2, kernelSize: 3 })] });`,
    diagnostics: [],
    layers: [["conv2d(filters/kernelSize)"]],
  },
  {
    name: "a namespace import",
    source: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]), layers: [nn.dense(8), nn.dropout(0.5)] });`,
    diagnostics: [],
    layers: [["dense(units)", "dropout(rate)"]],
  },
  {
    name: "several import declarations",
    source: `import { model } from "nn-studio";\nimport { input } from "nn-studio";\nimport * as nn from "nn-studio";\nexport default model({ input: input([4]), layers: [nn.dense(8)] });`,
    diagnostics: [],
    layers: [["dense(units)"]],
  },
  {
    name: "a named import nn-studio doesn't export, and its use is silently unknown",
    source: `import { model, input, dens } from "nn-studio";\nexport default model({ input: input([4]), layers: [dens(64), dens(2)] });`,
    diagnostics: [{ code: "nn/unknown-name", line: 1, column: 24 }],
    layers: [["unknown", "unknown"]],
  },
  {
    name: "an unknown renamed import is reported at the imported name",
    source: `import { model, input, conv2D as c } from "nn-studio";\nexport default model({ input: input([4]), layers: [c({ filters: 1 })] });`,
    diagnostics: [{ code: "nn/unknown-name", line: 1, column: 24 }],
    layers: [["unknown"]],
  },
  {
    name: "an unused unknown import is still reported",
    source: `import { model, input, banana } from "nn-studio";\nexport default model({ input: input([4]), layers: [] });`,
    diagnostics: [{ code: "nn/unknown-name", line: 1, column: 24 }],
  },
  {
    name: "a namespace member nn-studio doesn't export",
    source: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]), layers: [nn.dense(8), nn.dens(2)] });`,
    diagnostics: [{ code: "nn/unknown-name", line: 2, column: 74 }],
    layers: [["dense(units)", "unknown"]],
  },
  {
    name: "a default import: nn-studio has no default export",
    source: `import nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]) });`,
    diagnostics: [{ code: "nn/unknown-name", line: 1, column: 8 }],
  },
  {
    name: "type-only imports are not values and not reported",
    source: `import type { Layer } from "nn-studio";\nimport { model, input, dense, type ModelConfig } from "nn-studio";\nconst l: Layer = dense(3);\nexport default model({ input: input([4]), layers: [l] } satisfies ModelConfig);`,
    diagnostics: [],
    layers: [["dense(units)"]],
  },
  {
    name: "an import used only as a type is taken for one of the declaration file's types",
    source: `import { model, input, dense, Layer } from "nn-studio";\nconst l: Layer = dense(3);\nexport default model({ input: input([4]), layers: [l] });`,
    diagnostics: [],
    layers: [["dense(units)"]],
  },
  {
    name: "a call of a name not imported from nn-studio is not a layer",
    source: `import { model, input } from "nn-studio";\nexport default model({ input: input([4]), layers: [flatten(), dense(8)] });`,
    diagnostics: [
      { code: "nn/not-static", line: 2, column: 52 },
      { code: "nn/not-static", line: 2, column: 63 },
    ],
    layers: [["unknown", "unknown"]],
  },
  {
    name: "a layer name imported from another module is not a layer",
    source: `import { dense } from "keras";\nimport { model, input } from "nn-studio";\nexport default model({ input: input([4]), layers: [dense(8)] });`,
    diagnostics: [{ code: "nn/not-static", line: 3, column: 52 }],
    layers: [["unknown"]],
  },
  {
    name: "a local function shadows nothing it doesn't declare",
    source: `import { model, input, dense } from "nn-studio";\nfunction head(n) { return dense(n); }\nexport default model({ input: input([4]), layers: [head(3)] });`,
    diagnostics: [],
    layers: [["dense(units)"]],
  },
];

describe("parsing: nn/syntax, and the analysis goes on", () => {
  for (const row of SYNTAX) {
    it(row.name, () => {
      const parsed = parseModelFile(row.source, "parse.nn.ts");
      assert.deepEqual(found(row.source, parsed.diagnostics), row.diagnostics);
      assert.ok(parsed.diagnostics.filter((d) => d.code === "nn/syntax").every((d) => d.severity === "error"));
      if (row.layers !== undefined) assert.deepEqual(layerTypes(row.source), row.layers);
    });
  }

  it("brackets nested too deeply for the parser are one diagnostic, not a crash", () => {
    const text = `${NN}\nexport default model({ input: input([4]), layers: ${"[".repeat(5000)} });`;
    const parsed = parseModelFile(text, "deep.nn.ts");
    assert.deepEqual(parsed.models, []);
    assert.deepEqual(
      parsed.diagnostics.map((d) => d.code),
      ["nn/syntax"],
    );
    assert.equal(parsed.imports.referenceTo("dense"), undefined);
  });
});

describe("imports from nn-studio", () => {
  for (const row of IMPORTS) {
    it(row.name, () => {
      const parsed = parseModelFile(row.source, "imports.nn.ts");
      assert.deepEqual(found(row.source, parsed.diagnostics), row.diagnostics);
      if (row.layers !== undefined) assert.deepEqual(layerTypes(row.source), row.layers);
    });
  }

  it("nn/unknown-name is an error with a did-you-mean", () => {
    const text = `import { model, input, conv2D } from "nn-studio";`;
    const [diagnostic] = parseModelFile(text, "x.nn.ts").diagnostics;
    assert.equal(diagnostic.severity, "error");
    assert.match(diagnostic.message, /Did you mean 'conv2d'\?/);
  });

  // Each fix, applied, leaves a file without the diagnostic and with the layers read.
  const FIXES = [
    {
      name: "a misspelled import is renamed along with its uses",
      source: `import { model, input, dens } from "nn-studio";\nexport default model({ input: input([4]), layers: [dens(64), dens(2)] });`,
      after: `import { model, input, dense } from "nn-studio";\nexport default model({ input: input([4]), layers: [dense(64), dense(2)] });`,
    },
    {
      name: "a misspelled renamed import keeps its local name",
      source: `import { model, input, Dense as d } from "nn-studio";\nexport default model({ input: input([4]), layers: [d(64)] });`,
      after: `import { model, input, dense as d } from "nn-studio";\nexport default model({ input: input([4]), layers: [d(64)] });`,
    },
    {
      name: "a misspelled namespace member",
      source: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]), layers: [nn.flaten()] });`,
      after: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]), layers: [nn.flatten()] });`,
    },
    {
      name: "a default import becomes a namespace import",
      source: `import nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]) });`,
      after: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([4]) });`,
    },
    {
      name: "a layer used without its import gets one",
      source: `import { model, input } from "nn-studio";\nexport default model({ input: input([4]), layers: [flatten()] });`,
      after: `import { model, input, flatten } from "nn-studio";\nexport default model({ input: input([4]), layers: [flatten()] });`,
    },
  ];
  for (const row of FIXES) {
    it(`fix: ${row.name}`, () => {
      const [diagnostic] = parseModelFile(row.source, "fix.nn.ts").diagnostics;
      const fix = diagnostic.fixes?.[0];
      assert.ok(fix !== undefined);
      const fixed = applyEdits(row.source, fix.edits);
      assert.equal(fixed, row.after);
      const again = parseModelFile(fixed, "fix.nn.ts");
      assert.deepEqual(again.diagnostics, []);
      assert.ok(again.models[0].layers.every((layer) => layer.type !== "unknown"));
    });
  }

  it("a name without a close match gets no fix", () => {
    const [diagnostic] = parseModelFile(`import { banana } from "nn-studio";`, "x.nn.ts").diagnostics;
    assert.deepEqual(diagnostic.fixes ?? [], []);
  });
});

describe("ImportInfo: referring to an export, and importing it", () => {
  const REFERENCES = [
    { name: "a named import", source: `import { model, flatten } from "nn-studio";`, reference: "flatten" },
    { name: "a renamed import", source: `import { flatten as fl } from "nn-studio";`, reference: "fl" },
    { name: "a namespace import", source: `import * as nn from "nn-studio";`, reference: "nn.flatten" },
    { name: "not imported", source: `import { model } from "nn-studio";`, reference: undefined },
    { name: "only as a type", source: `import type { flatten } from "nn-studio";`, reference: undefined },
  ];
  for (const row of REFERENCES) {
    it(`referenceTo: ${row.name}`, () => {
      assert.equal(parseModelFile(row.source, "x.nn.ts").imports.referenceTo("flatten"), row.reference);
    });
  }

  const ENSURE = [
    {
      name: "already imported: no edits",
      source: `import { model, flatten } from "nn-studio";\n`,
      reference: "flatten",
      after: `import { model, flatten } from "nn-studio";\n`,
    },
    {
      name: "through the namespace: no edits",
      source: `import * as nn from "nn-studio";\n`,
      reference: "nn.flatten",
      after: `import * as nn from "nn-studio";\n`,
    },
    {
      name: "added to a one-line list",
      source: `import { model, dense } from "nn-studio";\n`,
      reference: "flatten",
      after: `import { model, dense, flatten } from "nn-studio";\n`,
    },
    {
      name: "added to a one-line list with a trailing comma",
      source: `import { model, dense, } from "nn-studio";\n`,
      reference: "flatten",
      after: `import { model, dense, flatten, } from "nn-studio";\n`,
    },
    {
      name: "added to a multi-line list with a trailing comma",
      source: `import {\n  model,\n  dense,\n} from "nn-studio";\n`,
      reference: "flatten",
      after: `import {\n  model,\n  dense,\n  flatten,\n} from "nn-studio";\n`,
    },
    {
      name: "added to a multi-line list without a trailing comma",
      source: `import {\n  model,\n  dense\n} from "nn-studio";\n`,
      reference: "flatten",
      after: `import {\n  model,\n  dense,\n  flatten\n} from "nn-studio";\n`,
    },
    {
      name: "added to empty braces",
      source: `import {} from "nn-studio";\n`,
      reference: "flatten",
      after: `import { flatten } from "nn-studio";\n`,
    },
    {
      name: "a new line after the last import when nn-studio is not imported by name",
      source: `import * as path from "path";\nimport type { Layer } from "nn-studio";\n\nconst a = 1;\n`,
      reference: "flatten",
      after: `import * as path from "path";\nimport type { Layer } from "nn-studio";\nimport { flatten } from "nn-studio";\n\nconst a = 1;\n`,
    },
    {
      name: "a new line before the first statement of a file without imports",
      source: `// A model.\nconst a = 1;\n`,
      reference: "flatten",
      after: `// A model.\nimport { flatten } from "nn-studio";\nconst a = 1;\n`,
    },
    {
      name: "the file's quote style",
      source: `import * as fs from 'fs';\n`,
      reference: "flatten",
      after: `import * as fs from 'fs';\nimport { flatten } from 'nn-studio';\n`,
    },
    {
      name: "a name the file already uses gets an alias",
      source: `import { model } from "nn-studio";\nconst flatten = 3;\n`,
      reference: "nnFlatten",
      after: `import { model, flatten as nnFlatten } from "nn-studio";\nconst flatten = 3;\n`,
    },
  ];
  for (const row of ENSURE) {
    it(`ensureImported: ${row.name}`, () => {
      const { reference, edits } = parseModelFile(row.source, "x.nn.ts").imports.ensureImported("flatten");
      assert.equal(reference, row.reference);
      const after = applyEdits(row.source, edits);
      assert.equal(after, row.after);
      assert.equal(parseModelFile(after, "x.nn.ts").imports.referenceTo("flatten"), row.reference);
    });
  }
});
