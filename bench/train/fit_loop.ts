// Samples per second of TensorFlow.js's own `fit` on a fixed set of MNIST batches: the "bare fit
// loop" every other figure is compared with. A warm-up fit runs first, so that kernel setup,
// XNNPACK operator creation and the optimizer's slot variables are not timed.
import type * as tfjs from "@tensorflow/tfjs";
import type { MnistBatchSet } from "./mnist";
import { buildModel, type ModelName } from "./models";

export interface FitOptions {
  batchSize: number;
  batches: number;
  warmupBatches: number;
  /** Timed fits over the same batches, one figure each. */
  repeats: number;
}

export async function fitSamplesPerSecond(
  tf: typeof tfjs,
  name: ModelName,
  data: MnistBatchSet,
  options: FitOptions,
): Promise<number[]> {
  const { batchSize, batches, warmupBatches, repeats } = options;
  const model = buildModel(tf, name);
  const timedCount = batchSize * batches;
  const warmupCount = batchSize * warmupBatches;
  if (timedCount + warmupCount > data.count) throw new Error("not enough MNIST examples loaded for the benchmark");
  const tensors = (first: number, count: number): [tfjs.Tensor, tfjs.Tensor] => [
    tf.tensor4d(data.images.subarray(first * 784, (first + count) * 784), [count, 28, 28, 1]),
    tf.tensor2d(data.oneHot.subarray(first * 10, (first + count) * 10), [count, 10]),
  ];
  const [warmX, warmY] = tensors(0, warmupCount);
  const [x, y] = tensors(warmupCount, timedCount);
  try {
    await model.fit(warmX, warmY, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
    const rates: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
      rates.push(timedCount / ((performance.now() - start) / 1000));
    }
    return rates;
  } finally {
    tf.dispose([warmX, warmY, x, y]);
    model.dispose();
  }
}
