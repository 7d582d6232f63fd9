// Fuzzing the front end: thousands of mutated model files (deleted tokens, swapped numbers,
// truncation, random bytes, deeply nested brackets, huge repeats, spliced fragments) go through
// parseModelFile. It must never throw, each run must stay bounded, and what comes back must be
// well-formed. The generator is seeded, so a failure names the seed and run that reproduce it.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYER_FUNCTIONS } from "../../src/core/exports";
import { parseModelFile, type ParsedFile } from "../../src/core/ir";
import type { DiagnosticCode, Severity } from "../../src/core/types";

const SEED = 0x6e6e5354;
const RUNS = 3000;
/** Generous: a normal file takes well under a millisecond; the worst cases of LIMITS a few hundred. */
const PER_RUN_CPU_MS = 1000;
const TOTAL_MS = 30_000;

/** mulberry32: small, fast and good enough to drive mutations reproducibly. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS_INLINE = [
  `import { model, input, conv2d, maxPool2d, flatten, dropout, dense, mnist, adam } from "nn-studio";
export default model({
  name: "mnist-convnet",
  input: input([28, 28, 1]),
  layers: [
    conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dropout(0.5),
    dense({ units: 10, activation: "softmax" }),
  ],
  data: mnist(),
  train: { optimizer: adam({ learningRate: 0.001 }), loss: "categoricalCrossentropy", metrics: ["accuracy"], epochs: 15, batchSize: 128 },
});
`,
  `import * as nn from "nn-studio";
const widths = [16, 32, 64] as const;
function block(filters: number, i: number) {
  const k = i === 0 ? 5 : 3;
  return [nn.conv2d({ filters, kernelSize: k, padding: "same" }), nn.batchNorm(), nn.activation("relu")];
}
const head = (classes = 10) => [nn.globalAvgPool2d(), nn.dense(classes, { activation: "softmax" })];
export const cifar = nn.model({
  input: nn.input([32, 32, 3]),
  layers: [...widths.map(block), nn.repeat(2, (i) => nn.dropout(0.1 * (i + 1))), head()],
});
export default cifar;
`,
  `import { model, input, embedding, bidirectional, lstm, dense, repeat, csv } from "nn-studio";
const vocab = 10_000, dims = Math.floor(Math.sqrt(4096));
const cfg = { units: 32, returnSequences: true };
export const imdb = model({
  name: \`imdb-\${dims}\`,
  input: input([200], { dtype: "int32" }),
  layers: [
    embedding({ inputDim: vocab, outputDim: dims }),
    ...repeat(2, () => bidirectional({ layer: lstm({ ...cfg }), mergeMode: "concat" })),
    lstm({ ...cfg, returnSequences: false }),
    dense(1, { activation: "sigmoid" }),
  ],
  data: csv("reviews.csv", { label: "sentiment" }),
  train: { optimizer: "adam", loss: "binaryCrossentropy", epochs: 3 },
});
`,
];

function corpus(): string[] {
  const files = [...CORPUS_INLINE];
  const examples = join(__dirname, "..", "..", "examples");
  if (existsSync(examples)) {
    for (const name of readdirSync(examples).sort()) {
      if (name.endsWith(".nn.ts")) files.push(readFileSync(join(examples, name), "utf8"));
    }
  }
  return files;
}

type Mutation = (text: string, random: () => number, others: string[]) => string;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const position = (random: () => number, text: string): number => Math.floor(random() * (text.length + 1));

const MUTATIONS: Record<string, Mutation> = {
  deleteTokens(text, random) {
    const tokens = [...text.matchAll(/\w+|[^\s\w]/g)];
    if (tokens.length === 0) return text;
    let result = text;
    const count = 1 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
      const token = pick(random, tokens);
      const at = token.index ?? 0;
      if (at + token[0].length <= result.length) result = result.slice(0, at) + result.slice(at + token[0].length);
    }
    return result;
  },
  swapNumbers(text, random) {
    // Counts near the element limit are left to hugeRepeat, which keeps them rare: each costs a
    // few hundred milliseconds, which is the point of the limit but too slow for every run.
    const replacements = ["0", "-1", "1e9", "0.5", "2.5", "-0", "100001", "1e308", "NaN", "Infinity", '"3"', "null", "[]"];
    return text.replace(/\b\d+(\.\d+)?\b/g, (number) => (random() < 0.3 ? pick(random, replacements) : number));
  },
  truncate(text, random) {
    return text.slice(0, position(random, text));
  },
  randomBytes(text, random) {
    let result = text;
    const count = 1 + Math.floor(random() * 8);
    for (let i = 0; i < count; i++) {
      const length = 1 + Math.floor(random() * 6);
      let junk = "";
      for (let j = 0; j < length; j++) junk += String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 0xffff)));
      const at = position(random, result);
      result = result.slice(0, at) + junk + result.slice(at);
    }
    return result;
  },
  deepNesting(text, random) {
    const depth = pick(random, [50, 300, 700, 1500, 3000]);
    const [open, close] = pick(random, [["[", "]"], ["(", ")"], ["{ a: ", "}"], ["f(", ")"], ["-", ""]]);
    const at = position(random, text);
    const balanced = random() < 0.5;
    return text.slice(0, at) + open.repeat(depth) + "1" + (balanced ? close.repeat(depth) : "") + text.slice(at);
  },
  hugeRepeat(text, random) {
    // Counts around and beyond the 100,000-element limit; the layer is one value repeated, so
    // even the largest allowed count stays cheap.
    const count = pick(random, ["99999", "100000", "100001", "1e6", "1e9", "2 ** 53", "-5", "0.5"]);
    const body = pick(random, ["dense(1)", "(i) => dense(i + 1)", "() => [1, [2, [3]]]"]);
    const cheap = body === "dense(1)" || Number(count) > 100_000 || count === "2 ** 53";
    const safeCount = cheap ? count : "1000";
    return `${text}\nexport const huge = model({ input: input([4]), layers: repeat(${safeCount}, ${body}) });\n`;
  },
  exponentialWork(text) {
    return `${text}\nconst f = (n) => (n === 0 ? [1] : [...f(n - 1), ...f(n - 1)]);\nexport const blowup = model({ input: input([4]), layers: f(30) });\n`;
  },
  duplicateRegion(text, random) {
    const from = position(random, text);
    const to = Math.min(text.length, from + Math.floor(random() * 200));
    const at = position(random, text);
    return text.slice(0, at) + text.slice(from, to) + text.slice(at);
  },
  spliceOther(text, random, others) {
    const other = pick(random, others);
    const from = position(random, other);
    const fragment = other.slice(from, from + Math.floor(random() * 300));
    const at = position(random, text);
    return text.slice(0, at) + fragment + text.slice(at);
  },
};

/** How often each mutation is drawn, relative to the others: the expensive ones are rare. */
const WEIGHTS: Record<string, number> = { hugeRepeat: 0.3, exponentialWork: 0.05 };

function pickMutation(random: () => number): string {
  const names = Object.keys(MUTATIONS);
  const total = names.reduce((sum, name) => sum + (WEIGHTS[name] ?? 1), 0);
  let left = random() * total;
  for (const name of names) {
    left -= WEIGHTS[name] ?? 1;
    if (left < 0) return name;
  }
  return names[names.length - 1];
}

const FRONT_END_CODES: Record<string, Severity> = {
  "nn/syntax": "error",
  "nn/not-static": "warning",
  "nn/unknown-name": "error",
  "nn/missing-input": "error",
  "nn/invalid-option": "error",
  "nn/unknown-option": "warning",
};
const LAYER_TYPES = new Set<string>([...LAYER_FUNCTIONS, "unknown"]);

/** What every result must satisfy, whatever the input. */
function checkWellFormed(text: string, parsed: ParsedFile): void {
  let previous = 0;
  for (const diagnostic of parsed.diagnostics) {
    const code: DiagnosticCode = diagnostic.code;
    assert.equal(diagnostic.severity, FRONT_END_CODES[code], `severity of ${code}`);
    assert.ok(diagnostic.span.start >= 0 && diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= text.length, `span of ${code}`);
    assert.ok(diagnostic.span.start >= previous, "diagnostics are sorted");
    previous = diagnostic.span.start;
    assert.ok(diagnostic.message.length > 0);
    for (const fix of diagnostic.fixes ?? []) {
      for (const edit of fix.edits) assert.ok(edit.span.start >= 0 && edit.span.start <= edit.span.end && edit.span.end <= text.length, "fix edit in range");
    }
  }
  for (const model of parsed.models) {
    assert.equal(typeof model.name, "string");
    for (const layer of model.layers) {
      assert.ok(LAYER_TYPES.has(layer.type), `layer type ${layer.type}`);
      if (layer.type !== "unknown") assert.equal(layer.call.fn, layer.type);
    }
    const shape = model.input?.shape;
    if (shape !== undefined && shape !== null) {
      assert.ok(shape.every((d) => d === null || (Number.isInteger(d) && d >= 1)), "input sizes are whole numbers ≥ 1 or null");
    }
  }
  const { edits } = parsed.imports.ensureImported("flatten");
  for (const edit of edits) assert.ok(edit.span.start >= 0 && edit.span.end <= text.length, "import edit in range");
}

describe("fuzz: parseModelFile on mutated model files", function () {
  this.timeout(TOTAL_MS * 2);

  it(`${RUNS} mutated files: never a throw, each run bounded, results well-formed (seed ${SEED})`, () => {
    const files = corpus();
    const random = rng(SEED);
    const started = performance.now();
    let slowest = { ms: 0, run: -1 };
    const seen = new Set<string>();
    for (let run = 0; run < RUNS; run++) {
      let text = pick(random, files);
      const applied: string[] = [];
      const count = 1 + Math.floor(random() * 3);
      for (let i = 0; i < count; i++) {
        const name = pickMutation(random);
        applied.push(name);
        text = MUTATIONS[name](text, random, files);
      }
      const context = `seed ${SEED}, run ${run}, mutations ${applied.join(" + ")}`;
      const before = process.cpuUsage();
      let parsed: ParsedFile;
      try {
        parsed = parseModelFile(text, "fuzz.nn.ts");
      } catch (error) {
        assert.fail(`${context}: parseModelFile threw ${String(error)}\n--- input (first 500 characters) ---\n${text.slice(0, 500)}`);
      }
      const used = process.cpuUsage(before);
      const ms = (used.user + used.system) / 1000;
      if (ms > slowest.ms) slowest = { ms, run };
      assert.ok(ms < PER_RUN_CPU_MS, `${context}: took ${ms.toFixed(0)} ms of CPU`);
      try {
        checkWellFormed(text, parsed);
      } catch (error) {
        assert.fail(`${context}: ${String(error)}`);
      }
      // The same text gives the same result: nothing leaks from one analysis into the next.
      if (run % 50 === 0 && !seen.has(text)) {
        seen.add(text);
        const again = parseModelFile(text, "fuzz.nn.ts");
        assert.deepEqual(
          again.diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message]),
          parsed.diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message]),
          context,
        );
      }
    }
    const total = performance.now() - started;
    assert.ok(total < TOTAL_MS, `the fuzz run took ${total.toFixed(0)} ms (slowest run ${slowest.run}: ${slowest.ms.toFixed(0)} ms)`);
  });
});
