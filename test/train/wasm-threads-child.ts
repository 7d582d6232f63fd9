// Run by wasm-threads.test.ts in a process of its own (the wasm backend starts once per process):
// starts wasm with two XNNPACK threads and prints, as one JSON line, the thread count and how
// far a whole convnet fit and a convolution's gradients on it are from the cpu backend. It must
// then exit by itself: the pool's threads may not keep the process alive.
import * as tf from "@tensorflow/tfjs";
import { setupWasmBackend, wasmThreadCount } from "../../src/train/wasm";
import { compareWithCpu, convnetFitAgainstCpu, randomTensor } from "./wasm-compare";

async function main(): Promise<void> {
  tf.enableProdMode();
  await setupWasmBackend(tf, { threads: 2 });
  const threads = await wasmThreadCount();
  const fit = await convnetFitAgainstCpu();
  // Large enough for XNNPACK to split every convolution of the backward pass across threads.
  const conv = await compareWithCpu(() => {
    const x = randomTensor([8, 20, 20, 16], 1);
    const w = randomTensor([3, 3, 16, 24], 2);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), randomTensor([8, 20, 20, 24], 3))))([x, w]);
  });
  process.stdout.write(JSON.stringify({ threads, fit, conv: conv.errors }) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
