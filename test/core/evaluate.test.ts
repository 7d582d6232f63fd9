// The static evaluator (DSL.md §2), through the public entry point: each row's expression is put
// in a model's `train` object, so what is asserted is exactly what the analysis receives.

import assert from "node:assert/strict";
import { parseModelFile } from "../../src/core/ir";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import type { DiagnosticCode } from "../../src/core/types";
import { plain } from "./plainValue";

const HEAD = `import { model, input, dense, conv2d, dropout, repeat } from "nn-studio";`;


/** The column where a row's expression starts on the model line. */
const C = "export default model({ input: input([1]), train: { v: ".length + 1;

interface Found {
  code: DiagnosticCode;
  line: number;
  column: number;
}

/** The source: line 1 imports, then the prelude, then one line exporting a model whose train.v is `expr`. */
function source(prelude: string, expr: string): string {
  return `${HEAD}\n${prelude}${prelude === "" ? "" : "\n"}export default model({ input: input([1]), train: { v: ${expr} } });\n`;
}

function evaluate(prelude: string, expr: string): { value: unknown; diagnostics: Found[] } {
  const text = source(prelude, expr);
  const parsed = parseModelFile(text, "evaluate.nn.ts");
  const starts = lineStarts(text);
  const diagnostics = parsed.diagnostics.map((d) => ({ code: d.code, ...lineColumnAt(starts, d.span.start) }));
  const train = parsed.models[0]?.train;
  const v = train?.props.get("v");
  return { value: v === undefined ? "<no model>" : plain(v.value), diagnostics };
}

interface ValueRow {
  name: string;
  prelude?: string;
  expr: string;
  expected: unknown;
}

// Every construct of DSL.md §2, evaluated without a diagnostic.
const VALUES: ValueRow[] = [
  // Literals.
  { name: "integer", expr: "42", expected: 42 },
  { name: "negative decimal", expr: "-3.5", expected: -3.5 },
  { name: "hex, separators, exponent", expr: "[0x10, 1_000, 1e3, 0b101, 0o17, .5]", expected: [16, 1000, 1000, 5, 15, 0.5] },
  { name: "double-quoted string", expr: '"relu"', expected: "relu" },
  { name: "single-quoted string", expr: "'same'", expected: "same" },
  { name: "template without substitutions", expr: "`valid`", expected: "valid" },
  { name: "booleans", expr: "[true, false]", expected: [true, false] },
  { name: "null", expr: "null", expected: null },
  { name: "undefined", expr: "undefined", expected: undefined },
  { name: "nested arrays", expr: '[1, "a", [2, [3]]]', expected: [1, "a", [2, [3]]] },
  { name: "array hole", expr: "[1, , 3]", expected: [1, undefined, 3] },
  { name: "object keys of every kind", expr: '{ a: 1, "b c": 2, 3: 4, ["d" + 1]: 5 }', expected: { a: 1, "b c": 2, "3": 4, d1: 5 } },
  { name: "shorthand property", prelude: "const units = 64;", expr: "{ units }", expected: { units: 64 } },
  { name: "array spread", prelude: "const a = [1, 2];", expr: "[0, ...a, 3]", expected: [0, 1, 2, 3] },
  { name: "object spread, later keys win", prelude: "const base = { a: 1, b: 2 };", expr: "{ ...base, b: 3, c: 4 }", expected: { a: 1, b: 3, c: 4 } },
  { name: "spread of null in an object adds nothing", expr: "{ ...null, a: 1 }", expected: { a: 1 } },
  { name: "template with substitutions", prelude: "const n = 3;", expr: "`conv${n}_${n * 2}x${true}`", expected: "conv3_6xtrue" },
  // Operators.
  { name: "precedence", expr: "1 + 2 * 3", expected: 7 },
  { name: "exponent", expr: "2 ** 10", expected: 1024 },
  { name: "remainder and division", expr: "[7 % 3, 7 / 2]", expected: [1, 3.5] },
  { name: "unary minus, plus and not", expr: '[-(-3), +"4", !0, !"x"]', expected: [3, 4, true, false] },
  { name: "string concatenation", expr: '"dense_" + 1', expected: "dense_1" },
  { name: "comparisons", expr: '[1 < 2, 2 <= 1, 3 > 2, 3 >= 4, 1 === 1, 1 !== 1, 1 == "1", null != undefined]', expected: [true, false, true, false, true, false, true, false] },
  { name: "&& and ||", expr: '[0 && 1, 2 && 3, 0 || "x", 4 || 5]', expected: [0, 3, "x", 4] },
  { name: "??", expr: "[null ?? 1, undefined ?? 2, 0 ?? 3]", expected: [1, 2, 0] },
  { name: "conditional", prelude: "const deep = true;", expr: "deep ? 64 : 32", expected: 64 },
  { name: "identity of the same array", prelude: "const a = [1];", expr: "[a === a, a === [1], a == null]", expected: [true, false, false] },
  // Math.
  { name: "Math functions", expr: "[Math.floor(2.7), Math.ceil(2.1), Math.round(2.5), Math.min(3, 1, 2), Math.max(3, 1, 2), Math.abs(-4), Math.sqrt(16), Math.pow(2, 5)]", expected: [2, 3, 3, 1, 3, 4, 4, 32] },
  { name: "Math.max of a spread", prelude: "const sizes = [1, 5, 3];", expr: "Math.max(...sizes)", expected: 5 },
  // Bindings and functions.
  { name: "module consts in order", prelude: "const a = 2;\nconst b = a * 3;", expr: "b", expected: 6 },
  { name: "several declarators", prelude: "const a = 2, b = a + 1;", expr: "[a, b]", expected: [2, 3] },
  { name: "function declaration", prelude: "function double(x) { return x * 2; }", expr: "double(21)", expected: 42 },
  { name: "block body of consts", prelude: "function f(x) { const y = x + 1; const z = y * 2; return [y, z]; }", expr: "f(1)", expected: [2, 4] },
  { name: "arrow with expression body", prelude: "const f = (x) => x + 1;", expr: "f(1)", expected: 2 },
  { name: "arrow with block body", prelude: "const f = (x: number) => { const y = x * 10; return y; };", expr: "f(2)", expected: 20 },
  { name: "function expression", prelude: "const f = function (x) { return -x; };", expr: "f(3)", expected: -3 },
  { name: "function may use a module const declared after it", prelude: "function f() { return later; }\nconst later = 5;", expr: "f()", expected: 5 },
  { name: "function declarations are hoisted", prelude: "const v = f();\nfunction f() { return 7; }", expr: "v", expected: 7 },
  { name: "local function in a function", prelude: "function outer(n) { function inner(k) { return k * n; } return inner(3); }", expr: "outer(2)", expected: 6 },
  { name: "closure over a parameter", prelude: "const adder = (n) => (x) => x + n;\nconst add2 = adder(2);", expr: "add2(5)", expected: 7 },
  { name: "default parameter", prelude: "const f = (x, k = 3) => x * k;", expr: "[f(2), f(2, 5)]", expected: [6, 10] },
  { name: "default parameter sees earlier ones", prelude: "const f = (x, y = x + 1) => y;", expr: "f(4)", expected: 5 },
  { name: "missing argument is undefined", prelude: "const f = (x, y) => y;", expr: "f(1)", expected: undefined },
  { name: "rest parameter", prelude: "const f = (first, ...rest) => rest;", expr: "f(1, 2, 3)", expected: [2, 3] },
  { name: "object destructuring parameter with default", prelude: "const f = ({ filters, k = 3 }) => [filters, k];", expr: "f({ filters: 8 })", expected: [8, 3] },
  { name: "array destructuring const", prelude: "const [h, w, ...rest] = [28, 27, 1, 2];", expr: "[h, w, rest]", expected: [28, 27, [1, 2]] },
  { name: "object destructuring const with rename and rest", prelude: "const { a: x, ...others } = { a: 1, b: 2, c: 3 };", expr: "[x, others]", expected: [1, { b: 2, c: 3 }] },
  { name: "recursion within the limit", prelude: "const fact = (n) => (n <= 1 ? 1 : n * fact(n - 1));", expr: "fact(10)", expected: 3628800 },
  { name: "return without a value", prelude: "function f() { return; }", expr: "f()", expected: undefined },
  // Arrays.
  { name: ".map with index", expr: "[10, 20].map((x, i) => x + i)", expected: [10, 21] },
  { name: ".map of a function declared elsewhere", prelude: "function sq(x) { return x * x; }", expr: "[1, 2, 3].map(sq)", expected: [1, 4, 9] },
  { name: ".flatMap flattens one level", expr: "[1, 2].flatMap((x) => [x, [x]])", expected: [1, [1], 2, [2]] },
  { name: ".concat arrays and values", expr: "[1].concat([2, 3], 4, [[5]])", expected: [1, 2, 3, 4, [5]] },
  { name: ".slice", expr: "[[1, 2, 3, 4].slice(1, 3), [1, 2, 3].slice(-1), [1, 2].slice()]", expected: [[2, 3], [3], [1, 2]] },
  { name: "length, index and property", prelude: "const cfg = { sizes: [4, 8, 16] };", expr: "[cfg.sizes.length, cfg.sizes[2], cfg['sizes'][0], cfg.missing]", expected: [3, 16, 4, undefined] },
  { name: "calling a function stored in an object", prelude: "const helpers = { twice: (x) => 2 * x };", expr: "helpers.twice(4)", expected: 8 },
  // Transparent syntax.
  { name: "as const, satisfies, parentheses, non-null, type assertion", prelude: "const a = [1, 2] as const;", expr: "[(a satisfies readonly number[])[0], a![1], <number>(3), (4 as number)]", expected: [1, 2, 3, 4] },
  { name: "generic instantiation is transparent", prelude: "function id<T>(x: T): T { return x; }", expr: "id<number>(9)", expected: 9 },
  // nn-studio calls.
  { name: "a layer call is a CallValue", expr: "dense(64)", expected: { call: "dense", args: [64] } },
  { name: "a call with a config object", expr: 'conv2d({ filters: 8, kernelSize: 3, padding: "same" })', expected: { call: "conv2d", args: [{ filters: 8, kernelSize: 3, padding: "same" }] } },
  { name: "repeat with the index", expr: "repeat(3, (i) => dense(2 ** i))", expected: [1, 2, 4].map((u) => ({ call: "dense", args: [u] })) },
  { name: "repeat of a value", expr: "repeat(2, dropout(0.1))", expected: [0, 1].map(() => ({ call: "dropout", args: [0.1] })) },
  { name: "repeat of zero", expr: "repeat(0, () => dense(1))", expected: [] },
  { name: "nested repeat", expr: "repeat(2, (i) => repeat(2, (j) => i * 2 + j))", expected: [[0, 1], [2, 3]] },
  { name: "a layer function mapped over sizes", expr: "[16, 32].map(dense)", expected: [{ call: "dense", args: [16] }, { call: "dense", args: [32] }] },
  { name: "a layer function referenced through a const", prelude: "const d = dense;", expr: "d(8)", expected: { call: "dense", args: [8] } },
  { name: "a helper returning several layers", prelude: "const block = (f) => [conv2d({ filters: f }), dropout(0.2)];", expr: "block(4)", expected: [{ call: "conv2d", args: [{ filters: 4 }] }, { call: "dropout", args: [0.2] }] },
];

describe("static evaluator: the subset of DSL.md §2", () => {
  for (const row of VALUES) {
    it(row.name, () => {
      const result = evaluate(row.prelude ?? "", row.expr);
      assert.deepEqual(result.diagnostics, []);
      assert.deepEqual(result.value, row.expected);
    });
  }
});

describe("static evaluator: renamed and namespace imports", () => {
  const rows = [
    { name: "renamed", text: `import { model, input, dense as fc } from "nn-studio";\nexport default model({ input: input([1]), train: { v: fc(3) } });` },
    { name: "namespace", text: `import * as nn from "nn-studio";\nexport default nn.model({ input: nn.input([1]), train: { v: nn.dense(3) } });` },
    { name: "import-equals", text: `import nn = require("nn-studio");\nexport default nn.model({ input: nn.input([1]), train: { v: nn.dense(3) } });` },
  ];
  for (const row of rows) {
    it(`${row.name}: the call has the canonical export name`, () => {
      const parsed = parseModelFile(row.text, "imports.nn.ts");
      assert.deepEqual(parsed.diagnostics, []);
      assert.deepEqual(plain(parsed.models[0].train?.props.get("v")?.value ?? null), { call: "dense", args: [3] });
    });
  }
});

/** An array nested `depth` levels, two items each, with unknown leaves. */
function nest(depth: number): unknown {
  return depth === 0 ? "<unknown>" : [nest(depth - 1), nest(depth - 1)];
}

interface NotStaticRow {
  name: string;
  prelude?: string;
  expr: string;
  expected: unknown;
  /** Lines count from 1, the import; the prelude starts on line 2. */
  diagnostics: Found[];
}

// Everything outside the subset: reported once, where it is, as UNKNOWN.
const NOT_STATIC: NotStaticRow[] = [
  { name: "let declaration", prelude: "let n = 3;", expr: "n * 2", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: 1 }] },
  { name: "var declaration", prelude: "var n = 3;", expr: "n", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: 1 }] },
  { name: "loop at the top level", prelude: "const a = 1;\nfor (const x of [1]) {}", expr: "a", expected: 1, diagnostics: [{ code: "nn/not-static", line: 3, column: 1 }] },
  { name: "a statement that runs code", prelude: 'console.log("hi");', expr: "1", expected: 1, diagnostics: [{ code: "nn/not-static", line: 2, column: 1 }] },
  { name: "new", expr: "new Date()", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "an undeclared function", expr: "foo(1)", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "an undeclared name", expr: "[1, units]", expected: [1, "<unknown>"], diagnostics: [{ code: "nn/not-static", line: 2, column: C + 4 }] },
  { name: "a member chain of an undeclared name is reported once, whole", expr: "process.env.UNITS", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "Math outside the subset", expr: "Math.random()", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "an array method outside the subset", expr: "[1, 2].filter((x) => x > 1)", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "typeof", expr: "typeof 1", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "regular expression", expr: "/a+/", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "BigInt", expr: "10n", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "bitwise operator", expr: "[1, 6 | 1]", expected: [1, "<unknown>"], diagnostics: [{ code: "nn/not-static", line: 2, column: C + 4 }] },
  { name: "comma operator", expr: "(1, 2)", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C + 1 }] },
  { name: "arithmetic on an array", expr: "[1] * 2", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "this", expr: "this", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 2, column: C }] },
  { name: "a value imported from another module", prelude: 'import { units } from "./config";', expr: "units", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 3, column: C }] },
  { name: "a const used before its declaration", prelude: "const a = b + 1;\nconst b = 2;", expr: "[a, b]", expected: ["<unknown>", 2], diagnostics: [{ code: "nn/not-static", line: 2, column: 11 }] },
  { name: "a function body with a loop", prelude: "function f() {\n  for (;;) {}\n  return 1;\n}", expr: "f()", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 3, column: 3 }] },
  { name: "a function body with let", prelude: "function f() {\n  let x = 1;\n  return x;\n}", expr: "f()", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 3, column: 3 }] },
  { name: "an if in a function body", prelude: "function f(x) {\n  if (x) return 1;\n  return 2;\n}", expr: "f(1)", expected: "<unknown>", diagnostics: [{ code: "nn/not-static", line: 3, column: 3 }] },
  {
    name: "recursion deeper than 32 calls",
    prelude: "const down = (n) => (n === 0 ? 0 : down(n - 1));",
    // down(31) nests 32 calls, down(32) one more.
    expr: "[down(31), down(32)]",
    expected: [0, "<unknown>"],
    diagnostics: [{ code: "nn/not-static", line: 2, column: 36 }],
  },
  {
    name: "a const changed by .push is unknown everywhere, reported where it changes",
    prelude: "const sizes = [1];\nsizes.push(2);",
    expr: "sizes",
    expected: "<unknown>",
    diagnostics: [{ code: "nn/not-static", line: 3, column: 1 }],
  },
  {
    name: "a const changed inside a function that never runs is still unknown",
    prelude: "const cfg = { units: 1 };\nfunction tweak() {\n  cfg.units = 2;\n}",
    expr: "cfg.units",
    expected: "<unknown>",
    diagnostics: [{ code: "nn/not-static", line: 4, column: 3 }],
  },
  { name: "a method in an object", expr: "{ f() { return 1; }, a: 1 }", expected: { f: "<unknown>", a: 1 }, diagnostics: [{ code: "nn/not-static", line: 2, column: C + 2 }] },
  {
    name: "repeat beyond 100,000 elements",
    expr: "repeat(100001, () => 1)",
    expected: "<unknown>",
    diagnostics: [{ code: "nn/not-static", line: 2, column: C }],
  },
  {
    name: "an array beyond 100,000 elements",
    prelude: "const a = repeat(60000, 0);",
    expr: "[...a, ...a]",
    expected: "<unknown>",
    diagnostics: [{ code: "nn/not-static", line: 3, column: C }],
  },
  {
    name: "exponential work runs out of steps once",
    // 2^25 calls, each well within the recursion limit.
    prelude: "const f = (n) => (n === 0 ? 1 : f(n - 1) + f(n - 1));",
    expr: "[f(25), f(26)]",
    expected: ["<unknown>", "<unknown>"],
    diagnostics: [{ code: "nn/not-static", line: 3, column: C + 1 }],
  },
  {
    name: "a string that doubles past the limit",
    prelude: `const s0 = "abcdefgh";\n${Array.from({ length: 20 }, (_, i) => `const s${i + 1} = s${i} + s${i};`).join("\n")}`,
    expr: "s20.length",
    expected: "<unknown>",
    diagnostics: [{ code: "nn/not-static", line: 19, column: 13 }],
  },
  {
    name: "a value that doubles past the size limit through sharing",
    prelude: `const a0 = [1, 2];\n${Array.from({ length: 21 }, (_, i) => `const a${i + 1} = [a${i}, a${i}];`).join("\n")}`,
    // a17 (2^19 − 1 values) is refused; the arrays built from it keep it as an unknown item.
    expr: "a21",
    expected: nest(4),
    diagnostics: [{ code: "nn/not-static", line: 19, column: 13 }],
  },
];

describe("static evaluator: nn/not-static, at the expression, once", () => {
  for (const row of NOT_STATIC) {
    it(row.name, () => {
      const result = evaluate(row.prelude ?? "", row.expr);
      assert.deepEqual(result.diagnostics, row.diagnostics);
      assert.deepEqual(result.value, row.expected);
    });
  }
});

describe("static evaluator: an unknown never causes a second diagnostic", () => {
  const uses = [
    "a + 1",
    "-a",
    "!a",
    "a < 1",
    "a ? 1 : 2",
    "a && 1",
    "a ?? 1",
    "`x${a}`",
    "a.b.c",
    "a[0]",
    "a(1)",
    "a.map((x) => x)",
    "[...a]",
    "{ ...a }",
    "{ [a]: 1 }",
    "Math.max(a, 1)",
    "repeat(a, () => 1)",
    "repeat(2, a)",
    "[1, 2].map(a)",
    "[1].concat(a)",
    "[1, 2].slice(a)",
    "dense(a)",
    "((x) => x * 2)(a)",
    "((...xs) => xs)(...a)",
  ];
  for (const use of uses) {
    it(use, () => {
      const result = evaluate("const a = foo();", use);
      assert.deepEqual(result.diagnostics, [{ code: "nn/not-static", line: 2, column: 11 }]);
    });
  }

  it("an array keeps its known items around an unknown one", () => {
    const result = evaluate("const u = foo();", "[1, u, 3]");
    assert.deepEqual(result.value, [1, "<unknown>", 3]);
  });

  it("a destructured unknown leaves every name unknown, silently", () => {
    const result = evaluate("const { a, b: [c] } = foo();", "[a, c]");
    assert.deepEqual(result.value, ["<unknown>", "<unknown>"]);
    assert.deepEqual(result.diagnostics, [{ code: "nn/not-static", line: 2, column: 23 }]);
  });
});

describe("static evaluator: other diagnostics of the subset", () => {
  const rows: { name: string; prelude?: string; expr: string; diagnostics: Found[] }[] = [
    { name: "repeat with a negative count", expr: "repeat(-1, () => 1)", diagnostics: [{ code: "nn/invalid-option", line: 2, column: C + 7 }] },
    { name: "repeat with a fractional count", expr: "repeat(2.5, () => 1)", diagnostics: [{ code: "nn/invalid-option", line: 2, column: C + 7 }] },
    { name: "repeat without what to repeat", expr: "repeat(2)", diagnostics: [{ code: "nn/invalid-option", line: 2, column: C }] },
    { name: "a const without a value", prelude: "const a;", expr: "a", diagnostics: [{ code: "nn/syntax", line: 2, column: 7 }] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.deepEqual(evaluate(row.prelude ?? "", row.expr).diagnostics, row.diagnostics);
    });
  }
});
