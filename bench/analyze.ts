// Median re-analysis time after an edit, for generated models of 10 to 10,000 layers.
// DESIGN.md's budget: 200 layers under 5 ms, 2,000 under 50 ms.

import { analyze } from "../src/core/analyze";
import { nodeHost } from "../src/node/host";
import { generatedModel } from "./models";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function main(): Promise<void> {
  const budgets: Record<number, number> = { 200: 5, 2000: 50 };
  console.log("Re-analysis after an edit (parse + evaluate + shapes + diagnostics), median:");
  // The first analysis pays for loading and warming up TypeScript's parser; measure it apart.
  const first = performance.now();
  analyze(generatedModel(10), "warmup.nn.ts", nodeHost);
  console.log(`  first analysis after start: ${(performance.now() - first).toFixed(1)} ms (loads TypeScript)`);
  for (const layers of [10, 200, 2000, 10000]) {
    const runs = layers >= 10000 ? 7 : layers >= 2000 ? 21 : 101;
    // An editor re-analyses on every keystroke, so the JIT is warm by the time budgets matter.
    const warmups = layers >= 10000 ? 2 : layers >= 2000 ? 10 : 100;
    for (let i = 0; i < warmups; i++) analyze(generatedModel(layers, i), "bench.nn.ts", nodeHost);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Each run sees a different text, as after a keystroke, so nothing can be served from a cache.
      const text = generatedModel(layers, i + 3);
      const start = performance.now();
      const analysis = analyze(text, "bench.nn.ts", nodeHost);
      times.push(performance.now() - start);
      if (analysis.models[0]?.layers.length !== layers) throw new Error(`expected ${layers} layers, got ${analysis.models[0]?.layers.length}`);
    }
    const budget = budgets[layers];
    const verdict = budget === undefined ? "" : median(times) <= budget ? `  (budget ${budget} ms: ok)` : `  (budget ${budget} ms: OVER)`;
    console.log(`  ${String(layers).padStart(6)} layers: ${median(times).toFixed(2).padStart(8)} ms${verdict}`);
  }
}

if (require.main === module) void main();
