// Keeps types/nn-studio.d.ts (what users see in completions) in step with the layer rules and
// exports.ts: every export is declared, every layer function's config interface has exactly the
// rule's options, required and optional alike, with JSDoc and the rule's default. The file is
// read with the TypeScript parser; model files are then type-checked against it.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ALL_EXPORTS, LAYER_FUNCTIONS, POSITIONAL_OPTION } from "../../src/core/exports";
import { LAYER_RULES } from "../../src/core/layers";

const ROOT = path.join(__dirname, "..", "..");
const DECLARATIONS = path.join(ROOT, "types", "nn-studio.d.ts");
const source = ts.createSourceFile(DECLARATIONS, fs.readFileSync(DECLARATIONS, "utf8"), ts.ScriptTarget.Latest, true);

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

const functions = new Map<string, ts.FunctionDeclaration[]>();
const interfaces = new Map<string, ts.InterfaceDeclaration>();
for (const statement of source.statements) {
  if (ts.isFunctionDeclaration(statement) && statement.name && isExported(statement)) {
    const list = functions.get(statement.name.text) ?? [];
    list.push(statement);
    functions.set(statement.name.text, list);
  }
  if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
}

interface Member {
  name: string;
  optional: boolean;
  node: ts.PropertySignature;
}

/** The properties of an interface declared in the file, including those it extends. */
function membersOf(name: string): Member[] {
  const declaration = interfaces.get(name);
  assert.ok(declaration, `interface ${name} is not declared`);
  const members: Member[] = [];
  for (const clause of declaration.heritageClauses ?? []) {
    for (const type of clause.types) members.push(...membersOf(type.expression.getText(source)));
  }
  for (const member of declaration.members) {
    if (ts.isPropertySignature(member) && member.name && ts.isIdentifier(member.name)) {
      members.push({ name: member.name.text, optional: member.questionToken !== undefined, node: member });
    }
  }
  return members;
}

/** The config interface of a layer function: the overload that takes one object parameter. */
function configInterface(fn: string): string {
  for (const overload of functions.get(fn) ?? []) {
    const first = overload.parameters[0];
    if (first?.type && ts.isTypeReferenceNode(first.type)) {
      const name = first.type.typeName.getText(source);
      if (interfaces.has(name)) return name;
    }
  }
  throw new Error(`${fn} has no overload taking a config interface`);
}

function jsDocText(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((doc) => doc.getText(source))
    .join("\n");
}

function defaultTag(node: ts.Node): string | undefined {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text === "default") return typeof tag.comment === "string" ? tag.comment.trim() : undefined;
  }
  return undefined;
}

describe("types/nn-studio.d.ts", () => {
  it("declares every export of exports.ts, and nothing else as a function", () => {
    assert.deepEqual([...ALL_EXPORTS].filter((name) => !functions.has(name)), []);
    assert.deepEqual([...functions.keys()].filter((name) => !ALL_EXPORTS.has(name)), []);
  });

  it("documents every exported function with JSDoc and an @example", () => {
    for (const [name, overloads] of functions) {
      const doc = jsDocText(overloads[0]);
      assert.ok(doc.length > 0, `${name} has no JSDoc`);
      assert.ok(doc.includes("@example"), `${name} has no @example`);
    }
  });

  it("gives the output-size formula on every convolution and pooling layer", () => {
    const windowed = LAYER_FUNCTIONS.filter((fn) => /^(conv|depthwise|separable|maxPool|avgPool)/.test(fn));
    for (const fn of windowed) {
      const doc = jsDocText((functions.get(fn) ?? [])[0]);
      assert.ok(doc.includes("ceil(m / s)") || doc.includes("m·s"), `${fn}: no output-size formula`);
    }
  });

  describe("layer options match the rules", () => {
    for (const fn of LAYER_FUNCTIONS) {
      it(fn, () => {
        const members = membersOf(configInterface(fn));
        const rule = LAYER_RULES[fn];
        assert.deepEqual(members.map((m) => m.name).sort(), rule.options.map((o) => o.name).sort(), "option names");
        for (const option of rule.options) {
          const member = members.find((m) => m.name === option.name);
          assert.ok(member);
          assert.equal(member.optional, option.required !== true, `${option.name}: optional in the .d.ts iff not required by the rule`);
          assert.ok(jsDocText(member.node).length > 0, `${option.name}: no JSDoc`);
          const tag = defaultTag(member.node);
          if (option.defaultFrom !== undefined) {
            assert.equal(tag, option.defaultFrom, `${option.name}: @default`);
          } else if (option.default !== undefined) {
            assert.ok(tag !== undefined, `${option.name}: no @default`);
            const expected = option.default;
            // Per-axis defaults are written once, as the number repeated on every axis.
            const shown =
              Array.isArray(expected) && expected.flat(2).every((v) => v === expected.flat(2)[0]) ? expected.flat(2)[0] : expected;
            assert.deepEqual(JSON.parse(tag), shown, `${option.name}: @default`);
          } else {
            assert.equal(tag, undefined, `${option.name}: @default on an option without one`);
          }
        }
      });
    }
  });

  it("accepts the positional forms of exports.ts POSITIONAL_OPTION, typed as that option", () => {
    for (const [fn, option] of Object.entries(POSITIONAL_OPTION)) {
      const config = configInterface(fn);
      const member = membersOf(config).find((m) => m.name === option);
      assert.ok(member?.node.type, `${fn}: ${option} is not in ${config}`);
      const positional = (functions.get(fn) ?? []).find((o) => o.parameters[0]?.type?.getText(source) !== config);
      assert.ok(positional, `${fn} has no positional overload`);
      assert.equal(positional.parameters[0].type?.getText(source), member.node.type.getText(source), `${fn}: the positional ${option}'s type`);
    }
  });
});

describe("model files type-check against types/nn-studio.d.ts", function () {
  this.timeout(60_000);

  /** Type errors (code and 1-based line) of `files` compiled with "nn-studio" mapped to the declarations. */
  function typeErrors(files: Record<string, string>): { file: string; line: number; code: number; message: string }[] {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      paths: { "nn-studio": [DECLARATIONS] },
      types: [],
      lib: ["lib.es2022.d.ts"],
      // The declarations are checked by the project's own tsc run; here only the model files are.
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(ROOT, "virtual", name), text]));
    host.readFile = (name) => virtual.get(name) ?? readFile(name);
    host.fileExists = (name) => virtual.has(name) || fileExists(name);
    const program = ts.createProgram([...virtual.keys()], options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      file: d.file ? path.basename(d.file.fileName) : "",
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
  }

  const examples = fs.readdirSync(path.join(ROOT, "examples")).filter((name) => name.endsWith(".nn.ts"));

  it("the examples compile without type errors", () => {
    const files = Object.fromEntries(examples.map((name) => [name, fs.readFileSync(path.join(ROOT, "examples", name), "utf8")]));
    assert.deepEqual(typeErrors(files), []);
  });

  it("misused layers are type errors at their line", () => {
    const text = [
      'import { model, input, conv2d, dense, bidirectional, dropout } from "nn-studio";', // 1
      "export default model({", // 2
      "  input: input([28, 28, 1]),", // 3
      "  layers: [", // 4
      "    conv2d({ filter: 32, kernelSize: 3 }),", // 5: misspelled option
      "    bidirectional({ layer: dense(4) }),", // 6: not a recurrent layer
      '    dense({ units: 10, activation: "rleu" }),', // 7: unknown activation
      "    dropout(0.5),", // 8: fine
      "  ],", // 9
      "});", // 10
    ].join("\n");
    const lines = typeErrors({ "wrong.nn.ts": text }).map((e) => e.line);
    assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), [5, 6, 7]);
  });
});
