// The layer analysis never throws on user input: thousands of layer stacks with options of every
// kind of value (wrong types, NaN, Infinity, huge, negative, nested, unknown) on inputs of every
// rank, seeded so that a failure reproduces. Results must stay well-formed.

import { strict as assert } from "assert";
import { LAYER_FUNCTIONS } from "../../src/core/exports";
import { LAYER_RULES } from "../../src/core/layers";
import { type Shape, UNKNOWN } from "../../src/core/types";
import { layer, type Plain, run } from "./layersTestKit";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 7;
const RUNS = 3000;

describe("layer analysis fuzz", () => {
  it(`${RUNS} random stacks with random option values never throw (seed ${SEED})`, () => {
    const next = rng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const types = [...LAYER_FUNCTIONS, "unknown"];
    const scalars: Plain[] = [0, 1, 2, 3, -1, -5, 0.5, 1.5, 1e9, 1e300, NaN, Infinity, -Infinity, "same", "valid", "relu", "rleu", "", true, false, null, undefined, UNKNOWN];
    const value = (depth: number): Plain => {
      if (depth < 2 && next() < 0.25) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      if (depth === 0 && next() < 0.05) return layer(pick(types), {});
      return pick(scalars);
    };
    const seen = new Set<string>();
    for (let run_ = 0; run_ < RUNS; run_++) {
      const rank = Math.floor(next() * 5);
      const input: Shape = next() < 0.05 ? null : Array.from({ length: rank }, () => (next() < 0.1 ? null : 1 + Math.floor(next() * 40)));
      const layers = Array.from({ length: 1 + Math.floor(next() * 5) }, () => {
        const type = pick(types);
        const known = type === "unknown" ? [] : LAYER_RULES[type as (typeof LAYER_FUNCTIONS)[number]].options.map((o) => o.name);
        const options: Record<string, Plain> = {};
        for (const name of [...known, "filter", "inputShape"]) if (next() < 0.4) options[name] = value(0);
        if (type === "bidirectional" && next() < 0.7) options.layer = layer(pick(["lstm", "gru", "simpleRnn", "dense"]), { units: value(1) });
        return layer(type, options);
      });
      let result: ReturnType<typeof run>;
      try {
        result = run(input, layers);
      } catch (error) {
        assert.fail(`run ${run_}: ${String(error)} on ${JSON.stringify(input)} ${layers.map((l) => l.type).join(" → ")}`);
      }
      for (const analysed of result.layers) {
        if (analysed.outputShape !== null) {
          for (const dim of analysed.outputShape) assert.ok(dim === null || (typeof dim === "number" && dim >= 1 && !Number.isNaN(dim)), `run ${run_}: size ${dim}`);
        }
        for (const count of [analysed.params, analysed.trainableParams, analysed.flops]) {
          assert.ok(count === null || (count >= 0 && !Number.isNaN(count)), `run ${run_}: count ${count}`);
        }
      }
      for (const d of result.diagnostics) {
        assert.ok(d.message.length > 0 && d.span.start <= d.span.end);
        seen.add(d.code);
      }
    }
    // The stacks reach the checks, not only the early exits.
    const expected = ["nn/invalid-option", "nn/unknown-option", "nn/missing-option", "nn/rank-mismatch", "nn/negative-dimension", "nn/reshape-size"];
    assert.deepEqual(expected.filter((code) => !seen.has(code)), []);
  });
});
