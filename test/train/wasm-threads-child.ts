// Run by wasm-threads.test.ts in a process of its own (the wasm backend starts once per process):
// starts wasm with two XNNPACK threads and prints, as one JSON line, the setup's outcome and how
// far a whole convnet fit and a convolution's gradients on it are from the cpu backend. It must
// then exit by itself: the pool's threads may not keep the process alive.
//
// With the argument "no-workers", worker_threads cannot start a thread (as where a host forbids
// it), so the threaded build fails and the backend must fall back to one thread.
import * as tf from "@tensorflow/tfjs";

async function main(): Promise<void> {
  if (process.argv[2] === "no-workers") {
    // Before the wasm module (and its Worker subclass) is loaded; the require()d object is the
    // one that module will import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workerThreads = require("worker_threads") as { Worker: unknown };
    workerThreads.Worker = class {
      constructor() {
        throw new Error("worker threads are disabled in this process");
      }
    };
  }
  // Loaded only now, after the patch above (require, as the test runner loads TypeScript as CommonJS).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setupWasmBackend } = require("../../src/train/wasm") as typeof import("../../src/train/wasm");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compareWithCpu, convnetFitAgainstCpu, randomTensor } = require("./wasm-compare") as typeof import("./wasm-compare");
  tf.enableProdMode();
  const setup = await setupWasmBackend(tf, { threads: 2 });
  // Emscripten's pool after start-up: the workers running XNNPACK's threads, and idle ones.
  const pthreads = (tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: unknown[]; unusedWorkers: unknown[] } } }).wasm.PThread;
  const workers = pthreads === undefined ? null : { running: pthreads.runningWorkers.length, idle: pthreads.unusedWorkers.length };
  const fit = await convnetFitAgainstCpu();
  // Large enough for XNNPACK to split every convolution of the backward pass across threads.
  const conv = await compareWithCpu(() => {
    const x = randomTensor([8, 20, 20, 16], 1);
    const w = randomTensor([3, 3, 16, 24], 2);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), randomTensor([8, 20, 20, 24], 3))))([x, w]);
  });
  process.stdout.write(JSON.stringify({ setup, workers, fit, conv: conv.errors }) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
