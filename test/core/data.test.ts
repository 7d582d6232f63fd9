import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { analyze } from "../../src/core/analyze";
import { dataFacts, encodeCsv, planCsv } from "../../src/core/data";
import type { CsvOptions, CsvPlan } from "../../src/core/data";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import { UNKNOWN } from "../../src/core/types";
import type { CallValue, DataFacts, Diagnostic, Host, Located, Property, Value } from "../../src/core/types";

// The data functions are called with values the front end has evaluated. These tests read a
// call's source with TypeScript's parser and evaluate its literals (the identifier `unknown`
// stands for a value that is not static), so every diagnostic has a real position to assert.

function evaluate(node: ts.Expression, file: ts.SourceFile): Value {
  if (ts.isParenthesizedExpression(node)) return evaluate(node.expression, file);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return -(evaluate(node.operand, file) as number);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isIdentifier(node) && node.text === "undefined") return undefined;
  if (ts.isIdentifier(node) && node.text === "unknown") return UNKNOWN;
  const span = { start: node.getStart(file), end: node.end };
  if (ts.isArrayLiteralExpression(node)) return { kind: "array", items: node.elements.map((e) => located(e, file)), span };
  if (ts.isObjectLiteralExpression(node)) {
    const props = new Map<string, Property>();
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) throw new Error("test sources use plain properties only");
      const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : p.name.getText(file);
      props.set(key, { key, keySpan: { start: p.name.getStart(file), end: p.name.end }, value: evaluate(p.initializer, file), span: { start: p.initializer.getStart(file), end: p.initializer.end } });
    }
    return { kind: "object", props, span };
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    return {
      kind: "call",
      fn: node.expression.text,
      args: node.arguments.map((a) => located(a, file)),
      span,
      calleeSpan: { start: node.expression.getStart(file), end: node.expression.end },
    };
  }
  throw new Error(`test sources can't hold ${ts.SyntaxKind[node.kind]}`);
}

function located(node: ts.Expression, file: ts.SourceFile): Located {
  return { value: evaluate(node, file), span: { start: node.getStart(file), end: node.end } };
}

function callOf(source: string): CallValue {
  const file = ts.createSourceFile("call.ts", source, ts.ScriptTarget.Latest, true);
  const statement = file.statements[0];
  if (!ts.isExpressionStatement(statement)) throw new Error("a test source is one call");
  return evaluate(statement.expression, file) as CallValue;
}

/** An in-memory host; `bytes` files are readable through readBytes (the CLI's host can), text files through readFile. */
function host(files: Record<string, string> = {}, bytes?: Record<string, Uint8Array>): Host {
  const h: Host = {
    readFile: (file) => files[file],
    resolvePath: (fromFile, relative) => path.posix.join(path.posix.dirname(fromFile), relative),
  };
  if (bytes !== undefined) h.readBytes = (file, length) => bytes[file]?.slice(0, length);
  return h;
}

interface Expected {
  code: Diagnostic["code"];
  line: number;
  column: number;
}

function run(source: string, h: Host): { facts: DataFacts | null; diagnostics: Diagnostic[]; positions: Expected[] } {
  const diagnostics: Diagnostic[] = [];
  const facts = dataFacts(callOf(source), { host: h, fileName: "/models/model.nn.ts", report: (d) => diagnostics.push(d) });
  const starts = lineStarts(source);
  const positions = diagnostics.map((d) => ({ code: d.code, ...lineColumnAt(starts, d.span.start) }));
  return { facts, diagnostics, positions };
}

function idxBytes(type: number, dims: number[], values: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(values, header.length);
  return out;
}

const NUMERIC_CSV = "a,b,y\n1,2,0\n3,4.5,1\n-1,0,1\n";
const CHURN_LIKE = "id,name,geo,gender,score,label\n1,Ann,France,F,600,0\n2,\"Bo, Jr.\",Spain,M,650,1\n3,Cy,Germany,F,700,0\n";
const MULTILINE = 'a,note,y\n1,"two\nlines",0\n2,"fine",1\n3,x,1\n';
const FILES: Record<string, string> = {
  "/models/data.csv": NUMERIC_CSV,
  "/models/churn.csv": CHURN_LIKE,
  "/models/multi.csv": MULTILINE,
  "/models/multi2.csv": 'a,note,y\n1,"two\nlines",0\nbad,"fine",1\n',
  "/models/proto.csv": "constructor,__proto__,toString,y\n1,2,a,0\n3,4,b,1\n",
  "/models/semi.csv": "a;b;y\n1;2;3\n4;5;6\n7;8;9.5\n",
  "/models/classes.csv": "x,species\n1,setosa\n2,versicolor\n3,virginica\n4,setosa\n",
  "/models/ints.csv": "x,rating\n1,1\n2,2\n3,3\n4,5\n5,4\n",
  "/models/manyints.csv": "x,age\n" + Array.from({ length: 30 }, (_, i) => `${i},${20 + i}`).join("\n") + "\n",
  "/models/const.csv": "x,y\n1,1\n2,1\n",
  "/models/empty.csv": "",
  "/models/headeronly.csv": "a,b\n",
  "/models/ragged.csv": "a,b,y\n1,2,0\n1,2\n",
  "/models/emptylabel.csv": "a,y\n1,0\n2,\n3,1\n",
};

const IMAGES = idxBytes(0x08, [3, 4, 2], new Array(24).fill(7));
const LABELS = idxBytes(0x08, [3], [0, 4, 2]);
const BYTES: Record<string, Uint8Array> = {
  "/models/img.idx": IMAGES,
  "/models/lab.idx": LABELS,
  "/models/lab2.idx": idxBytes(0x08, [2], [0, 1]),
  "/models/img.idx.gz": new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]),
  "/models/bad.idx": new Uint8Array([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]),
  "/models/short.idx": idxBytes(0x08, [3], [1]),
  "/models/digits/train-images-idx3-ubyte": idxBytes(0x08, [1, 28, 28], []),
  "/models/digits/train-labels-idx1-ubyte.gz": new Uint8Array([0x1f, 0x8b]),
  "/models/digits/t10k-images.idx3-ubyte": idxBytes(0x08, [1, 28, 28], []),
  "/models/digits/t10k-labels-idx1-ubyte": idxBytes(0x08, [1], [3]),
  "/models/partial/train-images-idx3-ubyte": idxBytes(0x08, [1, 28, 28], []),
};

interface Row {
  source: string;
  /** Use the host that can read bytes (IDX headers). */
  bytes?: boolean;
  xShape: DataFacts["xShape"];
  target: DataFacts["target"];
  diagnostics: Expected[];
}

const BINARY: DataFacts["target"] = { kind: "binary", labels: ["0", "1"] };
const DIGITS: DataFacts["target"] = { kind: "classes", classes: 10, labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] };
const FASHION: DataFacts["target"] = {
  kind: "classes",
  classes: 10,
  labels: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
};

const rows: Row[] = [
  // mnist, fashionMnist
  { source: "mnist()", xShape: [28, 28, 1], target: DIGITS, diagnostics: [] },
  { source: "fashionMnist({ limit: 100 })", xShape: [28, 28, 1], target: FASHION, diagnostics: [] },
  { source: "mnist({ limt: 5 })", xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/unknown-option", line: 1, column: 9 }] },
  { source: "mnist({ limit: 0 })", xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 16 }] },
  { source: "mnist({ limit: 2.5 })", xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 16 }] },
  { source: "mnist({ limit: unknown })", xShape: [28, 28, 1], target: DIGITS, diagnostics: [] },
  { source: "mnist(unknown)", xShape: [28, 28, 1], target: DIGITS, diagnostics: [] },
  { source: 'mnist("x")', xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 7 }] },
  { source: 'mnist({ path: "digits" })', bytes: true, xShape: [28, 28, 1], target: DIGITS, diagnostics: [] },
  { source: 'mnist({ path: "partial" })', bytes: true, xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 15 }] },
  { source: 'mnist({ path: "partial" })', xShape: [28, 28, 1], target: DIGITS, diagnostics: [] },
  { source: "mnist({ path: 3 })", xShape: [28, 28, 1], target: DIGITS, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 15 }] },

  // synthetic sets
  { source: "xor({ n: 200 })", xShape: [2], target: BINARY, diagnostics: [] },
  { source: "circles({ n: 200, noise: 0.1 })", xShape: [2], target: BINARY, diagnostics: [] },
  { source: "moons({ n: 200, noise: 0 })", xShape: [2], target: BINARY, diagnostics: [] },
  { source: "spiral({ n: 300, classes: 3, noise: 0.1 })", xShape: [2], target: { kind: "classes", classes: 3 }, diagnostics: [] },
  { source: "spiral({ n: 300 })", xShape: [2], target: BINARY, diagnostics: [] },
  { source: "spiral({ n: 300, classes: unknown })", xShape: [2], target: { kind: "classes", classes: null }, diagnostics: [] },
  { source: "spiral({ n: 300, classes: 1 })", xShape: [2], target: { kind: "classes", classes: null }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 27 }] },
  { source: "sine({ n: 100, noise: 0.05 })", xShape: [1], target: { kind: "regression", width: 1 }, diagnostics: [] },
  { source: "sine(unknown)", xShape: [1], target: { kind: "regression", width: 1 }, diagnostics: [] },
  { source: "circles({ noise: 0.1 })", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/missing-option", line: 1, column: 9 }] },
  { source: "xor()", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/missing-option", line: 1, column: 1 }] },
  { source: "moons({ n: -5 })", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 12 }] },
  { source: 'moons({ n: "5" })', xShape: [2], target: BINARY, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 12 }] },
  { source: "moons({ n: 100, noise: -1 })", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 24 }] },
  { source: "moons({ n: 100, noize: 0.1 })", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/unknown-option", line: 1, column: 17 }] },
  { source: "xor(5)", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: "xor({ n: 5 }, 3)", xShape: [2], target: BINARY, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 15 }] },

  // csv
  { source: 'csv("data.csv", { label: "y" })', xShape: [2], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [] },
  { source: 'csv("data.csv", { label: "b" })', xShape: [2], target: { kind: "regression", width: 1 }, diagnostics: [] },
  { source: 'csv("data.csv", { label: "y", features: ["a"] })', xShape: [1], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [] },
  { source: 'csv("data.csv", { label: "y", exclude: ["b"] })', xShape: [1], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [] },
  {
    source: 'csv("churn.csv", { label: "label", exclude: ["id", "name"], categorical: { geo: "oneHot", gender: "index" } })',
    xShape: [5],
    target: { kind: "binary", labels: ["0", "1"] },
    diagnostics: [],
  },
  {
    source: 'csv("churn.csv", { label: "label", exclude: ["id", "name"], categorical: { geo: { France: 0, Spain: 1, Germany: 2 }, gender: "oneHot" } })',
    xShape: [4],
    target: { kind: "binary", labels: ["0", "1"] },
    diagnostics: [],
  },
  { source: 'csv("classes.csv", { label: "species" })', xShape: [1], target: { kind: "classes", classes: 3, labels: ["setosa", "versicolor", "virginica"] }, diagnostics: [] },
  { source: 'csv("ints.csv", { label: "rating" })', xShape: [1], target: { kind: "classes", classes: 5, labels: ["1", "2", "3", "4", "5"] }, diagnostics: [] },
  { source: 'csv("manyints.csv", { label: "age" })', xShape: [1], target: { kind: "regression", width: 1 }, diagnostics: [] },
  { source: 'csv("proto.csv", { label: "y", categorical: { toString: "oneHot" } })', xShape: [4], target: BINARY, diagnostics: [] },
  { source: 'csv("proto.csv", { label: "y", categorical: { "__proto__": "index", toString: { a: 1, b: 2 } } })', xShape: [3], target: BINARY, diagnostics: [] },
  { source: 'csv("semi.csv", { label: "y", delimiter: ";" })', xShape: [2], target: { kind: "regression", width: 1 }, diagnostics: [] },
  { source: 'csv("multi.csv", { label: "y", exclude: ["note"] })', xShape: [1], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [] },
  { source: 'csv("data.csv", { label: unknown })', xShape: null, target: { kind: "unknown" }, diagnostics: [] },
  { source: 'csv(unknown, { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [] },
  { source: 'csv("data.csv", unknown)', xShape: null, target: { kind: "unknown" }, diagnostics: [] },
  { source: 'csv("data.csv", { label: "y", features: unknown })', xShape: null, target: { kind: "unknown" }, diagnostics: [] },
  { source: 'csv("data.csv", { label: "y", scale: unknown, testSplit: unknown })', xShape: [2], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [] },
  { source: 'csv("data.csv")', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/missing-option", line: 1, column: 1 }] },
  { source: 'csv("data.csv", { scale: "none" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/missing-option", line: 1, column: 17 }] },
  {
    source: "csv()",
    xShape: null,
    target: { kind: "unknown" },
    diagnostics: [
      { code: "nn/missing-option", line: 1, column: 1 },
      { code: "nn/missing-option", line: 1, column: 1 },
    ],
  },
  { source: 'csv(42, { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("nope.csv", { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("data.csv", {\n  label: "Y",\n})', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 2, column: 10 }] },
  { source: 'csv("data.csv", { labl: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/unknown-option", line: 1, column: 19 }, { code: "nn/missing-option", line: 1, column: 17 }] },
  { source: 'csv("data.csv", { label: "y", features: ["a", "bb"] })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 47 }] },
  { source: 'csv("data.csv", { label: "y", features: ["a", "y"] })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 47 }] },
  { source: 'csv("data.csv", { label: "y", features: "a" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 41 }] },
  { source: 'csv("data.csv", { label: "y", exclude: ["c"] })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 41 }] },
  { source: 'csv("data.csv", { label: "y", exclude: ["a", "b"] })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("data.csv", { label: "y", categorical: { c: "oneHot" } })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 46 }] },
  { source: 'csv("data.csv", { label: "y", categorical: { y: "index" } })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 46 }] },
  { source: 'csv("data.csv", { label: "y", categorical: { a: "onehot" } })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 49 }] },
  { source: 'csv("data.csv", { label: "y", categorical: { a: { x: "1" } } })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 54 }] },
  { source: 'csv("data.csv", { label: "y", categorical: { a: { "1": 0, "3": 1 } } })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 46 }] },
  { source: 'csv("data.csv", { label: "y", scale: "zscore" })', xShape: [2], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 38 }] },
  { source: 'csv("data.csv", { label: "y", testSplit: 1 })', xShape: [2], target: { kind: "binary", labels: ["0", "1"] }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 42 }] },
  { source: 'csv("data.csv", { label: "y", delimiter: "" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 42 }] },
  { source: 'csv("churn.csv", { label: "label" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("const.csv", { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 27 }] },
  { source: 'csv("empty.csv", { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("headeronly.csv", { label: "b" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("ragged.csv", { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },
  { source: 'csv("emptylabel.csv", { label: "y" })', xShape: null, target: { kind: "unknown" }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 5 }] },

  // idx
  { source: 'idx({ images: "img.idx", labels: "lab.idx" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: 5 }, diagnostics: [] },
  { source: 'idx({ images: "img.idx", labels: "lab.idx" })', xShape: null, target: { kind: "classes", classes: null }, diagnostics: [] },
  { source: 'idx({ images: "img.idx.gz", labels: "lab.idx" })', bytes: true, xShape: null, target: { kind: "classes", classes: 5 }, diagnostics: [] },
  { source: 'idx({ images: "img.idx", labels: "lab.idx", testImages: "img.idx", testLabels: "lab.idx", scale: "none" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: 5 }, diagnostics: [] },
  { source: 'idx({ images: "img.idx" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: null }, diagnostics: [{ code: "nn/missing-option", line: 1, column: 5 }] },
  { source: 'idx({ images: "img.idx", labels: "lab2.idx" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: null }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 34 }] },
  { source: 'idx({ images: "bad.idx", labels: "lab.idx" })', bytes: true, xShape: null, target: { kind: "classes", classes: 5 }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 15 }] },
  { source: 'idx({ images: "none.idx", labels: "lab.idx" })', bytes: true, xShape: null, target: { kind: "classes", classes: 5 }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 15 }] },
  { source: 'idx({ images: "img.idx", labels: "short.idx" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: null }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 34 }] },
  { source: 'idx({ images: "img.idx", labels: "lab.idx", testImages: "img.idx" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: 5 }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 57 }] },
  { source: 'idx({ images: "img.idx", labels: "lab.idx", scale: "max" })', bytes: true, xShape: [4, 2, 1], target: { kind: "classes", classes: 5 }, diagnostics: [{ code: "nn/invalid-option", line: 1, column: 52 }] },
  { source: "idx(unknown)", bytes: true, xShape: null, target: { kind: "unknown" }, diagnostics: [] },
];

describe("data facts", () => {
  for (const row of rows) {
    it(`${row.source.replace(/\n\s*/g, " ")}${row.bytes ? " (bytes host)" : ""}`, () => {
      const result = run(row.source, row.bytes ? host(FILES, BYTES) : host(FILES));
      const messages = result.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n");
      assert.deepEqual(result.positions, row.diagnostics, messages);
      assert.ok(result.facts !== null);
      assert.deepEqual(result.facts.xShape, row.xShape, result.facts.description);
      assert.deepEqual(result.facts.target, row.target);
    });
  }

  it("is null for a call that is not a data function", () => {
    assert.equal(run("dense({ units: 3 })", host()).facts, null);
  });

  // Messages are prose, but what they must name is part of the contract: the file, the line and the column.
  const messages: { source: string; severity: Diagnostic["severity"]; includes: string[] }[] = [
    { source: 'csv("nope.csv", { label: "y" })', severity: "error", includes: ["/models/nope.csv"] },
    { source: 'csv("churn.csv", { label: "label" })', severity: "error", includes: ["/models/churn.csv:2:2", '"name"', '"Ann"'] },
    { source: 'csv("multi.csv", { label: "y" })', severity: "error", includes: ["/models/multi.csv:2:2", '"note"', '"two\\nlines"'] },
    { source: 'csv("multi2.csv", { label: "y", exclude: ["note"] })', severity: "error", includes: ["/models/multi2.csv:4:1", '"a"', '"bad"'] },
    { source: 'csv("ragged.csv", { label: "y" })', severity: "error", includes: ["/models/ragged.csv:3"] },
    { source: 'csv("emptylabel.csv", { label: "y" })', severity: "error", includes: ["/models/emptylabel.csv:3:2"] },
    { source: 'csv("data.csv", { label: "Y" })', severity: "error", includes: ["/models/data.csv", "Did you mean 'y'?"] },
    { source: 'csv("data.csv", { label: "y", categorical: { a: { "1": 0, "3": 1 } } })', severity: "error", includes: ["/models/data.csv:4:1", '"-1"'] },
    { source: 'idx({ images: "bad.idx", labels: "lab.idx" })', severity: "error", includes: ["/models/bad.idx", "0x12345678"] },
    { source: 'idx({ images: "img.idx", labels: "lab2.idx" })', severity: "error", includes: ["2 labels", "3 examples"] },
    { source: 'mnist({ path: "partial" })', severity: "error", includes: ["train-labels-idx1-ubyte"] },
    { source: "moons({ n: 100, noize: 0.1 })", severity: "warning", includes: ["Did you mean 'noise'?"] },
  ];
  for (const row of messages) {
    it(`names ${row.includes.join(", ")}`, () => {
      const { diagnostics } = run(row.source, host(FILES, BYTES));
      assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join("\n"));
      assert.equal(diagnostics[0].severity, row.severity);
      for (const part of row.includes) assert.ok(diagnostics[0].message.includes(part), `${diagnostics[0].message} lacks ${part}`);
    });
  }

  const fixes: { source: string; fixed: string }[] = [
    { source: "moons({ n: 100, noize: 0.1 })", fixed: "moons({ n: 100, noise: 0.1 })" },
    { source: 'csv("data.csv", { label: "Y" })', fixed: 'csv("data.csv", { label: "y" })' },
    { source: 'csv("data.csv", { label: "y", features: ["a", "bb"] })', fixed: 'csv("data.csv", { label: "y", features: ["a", "b"] })' },
  ];
  for (const row of fixes) {
    it(`fixes ${row.source} → ${row.fixed}`, () => {
      const { diagnostics } = run(row.source, host(FILES));
      const edits = diagnostics[0].fixes?.[0].edits ?? [];
      assert.equal(edits.length, 1);
      const { span, text } = edits[0];
      const fixed = row.source.slice(0, span.start) + text + row.source.slice(span.end);
      assert.equal(fixed, row.fixed);
      assert.deepEqual(run(fixed, host(FILES)).diagnostics, []);
    });
  }

  it("describes a CSV source with its rows, width and target", () => {
    const { facts } = run('csv("data.csv", { label: "y" })', host(FILES));
    assert.ok(facts?.description.includes("3 rows") && facts.description.includes("2 input columns"), facts?.description);
  });
});

describe("planCsv", () => {
  const churnText = fs.readFileSync(path.join(__dirname, "../../examples/data/Churn_Modelling.csv"), "utf8");
  const churnOptions: CsvOptions = {
    label: "Exited",
    exclude: ["RowNumber", "CustomerId", "Surname"],
    categorical: { Geography: "oneHot", Gender: "index" },
  };

  const plans: { name: string; text: string; options: CsvOptions; width: number; names: string[]; target: CsvPlan["target"]; rows: number }[] = [
    {
      name: "numbers",
      text: NUMERIC_CSV,
      options: { label: "y" },
      width: 2,
      names: ["a", "b"],
      target: { kind: "binary", labels: ["0", "1"] },
      rows: 3,
    },
    {
      name: "one-hot and index with a quoted field",
      text: CHURN_LIKE,
      options: { label: "label", exclude: ["id", "name"], categorical: { geo: "oneHot", gender: "index" } },
      width: 5,
      names: ["geo=France", "geo=Spain", "geo=Germany", "gender", "score"],
      target: { kind: "binary", labels: ["0", "1"] },
      rows: 3,
    },
    {
      name: "features in the order given",
      text: NUMERIC_CSV,
      options: { label: "y", features: ["b", "a"] },
      width: 2,
      names: ["b", "a"],
      target: { kind: "binary", labels: ["0", "1"] },
      rows: 3,
    },
    {
      name: "numeric labels are one class whatever their spelling",
      text: "x,y\n1,1\n2,1.0\n3,2\n4,3\n",
      options: { label: "y" },
      width: 1,
      names: ["x"],
      target: { kind: "classes", labels: ["1", "2", "3"] },
      rows: 4,
    },
    {
      name: "the churn file",
      text: churnText,
      options: churnOptions,
      width: 12,
      names: [
        "CreditScore",
        "Geography=France",
        "Geography=Spain",
        "Geography=Germany",
        "Gender",
        "Age",
        "Tenure",
        "Balance",
        "NumOfProducts",
        "HasCrCard",
        "IsActiveMember",
        "EstimatedSalary",
      ],
      target: { kind: "binary", labels: ["0", "1"] },
      rows: 10000,
    },
  ];
  for (const row of plans) {
    it(`plans ${row.name}`, () => {
      const result = planCsv(row.text, row.options, "file.csv");
      assert.ok("plan" in result, JSON.stringify(result));
      assert.equal(result.plan.width, row.width);
      assert.deepEqual(result.plan.inputNames, row.names);
      assert.deepEqual(result.plan.target, row.target);
      assert.equal(result.plan.rows, row.rows);
    });
  }

  const errors: { name: string; text: string; options: CsvOptions; line: number | null; column: number | null; option?: string }[] = [
    { name: "a missing label column", text: NUMERIC_CSV, options: { label: "z" }, line: 1, column: null, option: "label" },
    { name: "a text cell in a numeric column", text: "a,y\n1,0\n2,1\nthree,0\n", options: { label: "y" }, line: 4, column: 1 },
    { name: "an empty cell in a numeric column", text: "a,b,y\n1,,0\n2,3,1\n", options: { label: "y" }, line: 2, column: 2 },
    { name: "a cell after a quoted line break", text: MULTILINE, options: { label: "y" }, line: 2, column: 2 },
    { name: "an unclosed quote", text: 'a,y\n1,0\n"2,1\n', options: { label: "y" }, line: 3, column: null },
    { name: "a row with too many cells", text: "a,y\n1,0\n2,1,5\n", options: { label: "y" }, line: 3, column: null },
    { name: "the churn file's text columns left numeric", text: churnText, options: { label: "Exited" }, line: 2, column: 3 },
  ];
  for (const row of errors) {
    it(`reports ${row.name} at line ${row.line}, column ${row.column}`, () => {
      const result = planCsv(row.text, row.options, "file.csv");
      assert.ok("error" in result);
      assert.equal(result.error.line, row.line, result.error.message);
      assert.equal(result.error.column, row.column, result.error.message);
      assert.equal(result.error.option, row.option);
      assert.ok(result.error.message.startsWith("file.csv"), result.error.message);
    });
  }

  it("gives back the same plan for the same text, even a fresh copy of it", () => {
    const first = planCsv(churnText, churnOptions, "churn.csv");
    const copy = (" " + churnText).slice(1);
    const second = planCsv(copy, { ...churnOptions }, "churn.csv");
    assert.equal(second, first);
  });

  it("plans again when the text changes", () => {
    const first = planCsv(NUMERIC_CSV, { label: "y" }, "f.csv");
    const second = planCsv(NUMERIC_CSV + "5,6,0\n", { label: "y" }, "f.csv");
    assert.ok("plan" in first && "plan" in second);
    assert.equal(first.plan.rows, 3);
    assert.equal(second.plan.rows, 4);
  });

  const encodings: { name: string; text: string; options: CsvOptions; x: number[]; y: number[] }[] = [
    { name: "numbers and a binary label", text: NUMERIC_CSV, options: { label: "y" }, x: [1, 2, 3, 4.5, -1, 0], y: [0, 1, 1] },
    {
      name: "one-hot, index and a map",
      text: CHURN_LIKE,
      options: { label: "label", features: ["geo", "gender", "score"], categorical: { geo: "oneHot", gender: { F: 10, M: 20 } } },
      x: [1, 0, 0, 10, 600, 0, 1, 0, 20, 650, 0, 0, 1, 10, 700],
      y: [0, 1, 0],
    },
    { name: "one-hot classes", text: "x,species\n1,b\n2,a\n3,c\n", options: { label: "species" }, x: [1, 2, 3], y: [0, 1, 0, 1, 0, 0, 0, 0, 1] },
    { name: "a regression label", text: "x,y\n1,0.5\n2,1.5\n3,-2\n", options: { label: "y" }, x: [1, 2, 3], y: [0.5, 1.5, -2] },
  ];
  for (const row of encodings) {
    it(`encodes ${row.name}`, () => {
      const result = planCsv(row.text, row.options, "f.csv");
      assert.ok("plan" in result, JSON.stringify(result));
      const encoded = encodeCsv(row.text, result.plan);
      assert.deepEqual([...encoded.x], row.x);
      assert.deepEqual([...encoded.y], row.y);
    });
  }
});

describe("data facts through the whole analysis", () => {
  // The same checks, as the editor and the CLI see them: a model file analysed end to end.
  const model = (data: string, output = 'dense({ units: 1, activation: "sigmoid" })') =>
    `import { model, input, dense, csv, spiral } from "nn-studio";\n` +
    `export default model({\n` +
    `  input: input([2]),\n` +
    `  layers: [${output}],\n` +
    `  data: ${data},\n` +
    `  train: { optimizer: "adam", loss: "binaryCrossentropy" },\n` +
    `});\n`;
  const rows: { name: string; source: string; diagnostics: Expected[]; xShape: DataFacts["xShape"] }[] = [
    { name: "a CSV source that fits the model", source: model('csv("data.csv", { label: "y" })'), diagnostics: [], xShape: [2] },
    { name: "a misspelled label", source: model('csv("data.csv", { label: "Y" })'), diagnostics: [{ code: "nn/invalid-option", line: 5, column: 34 }], xShape: null },
    { name: "a missing file", source: model('csv("gone.csv", { label: "y" })'), diagnostics: [{ code: "nn/invalid-option", line: 5, column: 13 }], xShape: null },
    { name: "a binary spiral with one sigmoid unit", source: model("spiral({ n: 100, noise: 0.1 })"), diagnostics: [], xShape: [2] },
    { name: "an unknown option", source: model("spiral({ n: 100, nosie: 0.1 })"), diagnostics: [{ code: "nn/unknown-option", line: 5, column: 26 }], xShape: [2] },
    {
      name: "a CSV wider than the model's input",
      source: model('csv("churn.csv", { label: "label", exclude: ["id", "name"], categorical: { geo: "oneHot", gender: "index" } })'),
      diagnostics: [{ code: "nn/data-input-mismatch", line: 3, column: 16 }],
      xShape: [5],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const analysis = analyze(row.source, "/models/model.nn.ts", host(FILES));
      const starts = lineStarts(row.source);
      const positions = analysis.diagnostics.filter((d) => d.severity !== "information").map((d) => ({ code: d.code, ...lineColumnAt(starts, d.span.start) }));
      assert.deepEqual(positions, row.diagnostics, analysis.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
      assert.deepEqual(analysis.models[0].data?.xShape, row.xShape);
    });
  }
});
