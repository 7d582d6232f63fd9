// The wasm figures with XNNPACK's thread pool, in a process of their own: the thread count is
// fixed when the wasm backend starts, once per process. bench/train.ts runs this file and reads
// the one JSON line it prints.
//
//   npx tsx bench/train/threaded_fit.ts THREADS BATCHES WARMUP REPEATS BATCH_SIZE BARE_EXAMPLES [MODEL...]
//
// Prints {"threads": n, "rates": {model: [samples/s per repeat]}, "bare": {model: samples/s}}:
// the timed fits of fit_loop.ts and, for each MODEL named, the bare fit the training worker is
// compared with (worker_overhead.ts).
import { spawnSync } from "child_process";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { setupWasmBackend, wasmThreadCount } from "../../src/train/wasm";
import { fitSamplesPerSecond, type FitOptions } from "./fit_loop";
import { loadMnist } from "./mnist";
import { MODEL_NAMES, type ModelName } from "./models";
import { bareFitSamplesPerSecond } from "./worker_overhead";

export interface ThreadedResult {
  threads: number;
  rates: Record<ModelName, number[]>;
  bare: Partial<Record<ModelName, number>>;
}

/** Runs this file in a child process (through tsx, as the benchmark itself runs). */
export function threadedFit(threads: number, options: FitOptions, bareExamples: number, bareModels: ModelName[]): ThreadedResult {
  const args = [threads, options.batches, options.warmupBatches, options.repeats, options.batchSize, bareExamples].map(String);
  const child = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), __filename, ...args, ...bareModels], {
    cwd: path.resolve(__dirname, "../.."),
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`threaded wasm benchmark failed: ${child.stderr.trim().split("\n").pop() ?? child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as ThreadedResult;
}

async function main(): Promise<void> {
  const [threads, batches, warmupBatches, repeats, batchSize, bareExamples] = process.argv.slice(2, 8).map(Number);
  const bareModels = process.argv.slice(8) as ModelName[];
  tf.enableProdMode();
  await setupWasmBackend(tf, { threads });
  const options: FitOptions = { batchSize, batches, warmupBatches, repeats };
  const data = loadMnist(Math.max(batchSize * (batches + warmupBatches), bareExamples));
  const result: ThreadedResult = { threads: await wasmThreadCount(), rates: {} as Record<ModelName, number[]>, bare: {} };
  for (const name of MODEL_NAMES) result.rates[name] = await fitSamplesPerSecond(tf, name, data, options);
  for (const name of bareModels) result.bare[name] = await bareFitSamplesPerSecond(tf, name, data, bareExamples, batchSize);
  process.stdout.write(JSON.stringify(result) + "\n");
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
