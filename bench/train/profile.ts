// Where a training step's time goes on wasm: every wasm kernel is wrapped with a timer while a
// model trains a few MNIST batches, and the kernels are listed by time per batch (nested kernel
// calls count toward their caller only).
//
//   npx tsx bench/train/profile.ts [convnet|mlp] [--own-kernels] [--threads N]
import * as tf from "@tensorflow/tfjs";
import { setupWasmBackend } from "../../src/train/wasm";
import { loadMnist } from "./mnist";
import { buildModel, MODEL_NAMES, type ModelName } from "./models";

const BATCH_SIZE = 64;
const WARMUP_BATCHES = 4;
const TIMED_BATCHES = 12;

interface Entry {
  ms: number;
  calls: number;
}

function instrument(): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let depth = 0;
  for (const config of tf.getKernelsForBackend("wasm")) {
    const kernelFunc = config.kernelFunc;
    // The registry hands out its own config objects, so replacing the function times every call.
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      depth++;
      const start = performance.now();
      try {
        return kernelFunc(args);
      } finally {
        const ms = performance.now() - start;
        depth--;
        if (depth === 0) {
          const shapes = Object.values(args.inputs).map((t) => `[${(t as tf.TensorInfo | undefined)?.shape ?? ""}]`);
          const key = `${config.kernelName} ${shapes.join("")}`;
          const entry = entries.get(key) ?? { ms: 0, calls: 0 };
          entry.ms += ms;
          entry.calls++;
          entries.set(key, entry);
        }
      }
    };
  }
  return entries;
}

export async function main(): Promise<void> {
  const name = (process.argv.find((a) => (MODEL_NAMES as readonly string[]).includes(a)) ?? "convnet") as ModelName;
  tf.enableProdMode();
  const threadsAt = process.argv.indexOf("--threads");
  const threads = threadsAt > 0 ? Number(process.argv[threadsAt + 1]) : 1;
  await setupWasmBackend(tf, { kernels: !process.argv.includes("--own-kernels"), threads });
  const entries = instrument();
  const data = loadMnist(BATCH_SIZE * (WARMUP_BATCHES + TIMED_BATCHES));
  const model = buildModel(tf, name);
  const x = tf.tensor4d(data.images, [data.count, 28, 28, 1]);
  const y = tf.tensor2d(data.oneHot, [data.count, 10]);
  const split = BATCH_SIZE * WARMUP_BATCHES;
  const [warmX, timedX] = [x.slice(0, split), x.slice(split)];
  const [warmY, timedY] = [y.slice(0, split), y.slice(split)];
  await model.fit(warmX, warmY, { batchSize: BATCH_SIZE, epochs: 1, shuffle: false, verbose: 0 });
  entries.clear();
  const start = performance.now();
  await model.fit(timedX, timedY, { batchSize: BATCH_SIZE, epochs: 1, shuffle: false, verbose: 0 });
  const total = (performance.now() - start) / TIMED_BATCHES;
  const rows = [...entries].sort((a, b) => b[1].ms - a[1].ms);
  const kernels = rows.reduce((sum, [, e]) => sum + e.ms, 0) / TIMED_BATCHES;
  console.log(`${name} (${threads} thread${threads === 1 ? "" : "s"}): ${total.toFixed(1)} ms per batch of ${BATCH_SIZE}, ${kernels.toFixed(1)} ms of it in kernels`);
  for (const [key, entry] of rows.slice(0, Number(process.env.PROFILE_ROWS ?? 20))) {
    console.log(`  ${(entry.ms / TIMED_BATCHES).toFixed(2).padStart(7)} ms  ${String(entry.calls / TIMED_BATCHES).padStart(5)}×  ${key}`);
  }
  tf.dispose([x, y, warmX, timedX, warmY, timedY]);
  model.dispose();
}

if (require.main === module) void main();
