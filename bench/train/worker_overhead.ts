// The training worker's own samples/s (its epoch events) against a bare `fit` on the same model,
// data, batch size and backend: DESIGN.md's budget is a worker within 5 % of the bare loop. The
// worker trains a generated .nn.ts file on the first examples of MNIST for four epochs; the median
// of epochs 2–4 is taken (the first pays for warm-up), and the bare loop does the same.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as tfjs from "@tensorflow/tfjs";
import { WorkerClient } from "../../src/train/client";
import type { Backend } from "../../src/protocol/worker";
import type { MnistBatchSet } from "./mnist";
import { buildModel, type ModelName } from "./models";

const LAYERS: Record<ModelName, string> = {
  convnet: `input: input([28, 28, 1]),
  layers: [
    conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dropout(0.5),
    dense({ units: 10, activation: "softmax" }),
  ],`,
  mlp: `input: input([28, 28, 1]),
  layers: [flatten(), dense({ units: 128, activation: "relu" }), dense({ units: 10, activation: "softmax" })],`,
};

const EPOCHS = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function modelFile(name: ModelName, examples: number, batchSize: number): string {
  return `import { model, input, conv2d, maxPool2d, flatten, dropout, dense, mnist, adam } from "nn-studio";
export default model({
  name: "bench-${name}",
  ${LAYERS[name]}
  data: mnist({ limit: ${examples} }),
  train: { optimizer: adam({ learningRate: 0.001 }), loss: "categoricalCrossentropy", metrics: ["accuracy"], epochs: ${EPOCHS}, batchSize: ${batchSize}, validationSplit: 0, seed: 1 },
});
`;
}

export interface WorkerFigures {
  /** Median samples/s over epochs 2–4. */
  rate: number;
  /** The wasm threads the worker chose (absent on other backends). */
  threads?: number;
  /**
   * The share of the training time the worker spent in its own per-batch and per-epoch work
   * (run.json's timings.monitorMs / trainMs): its overhead measured where it happens, which two
   * timings of whole fits in different processes can only estimate.
   */
  monitorShare: number;
}

export async function workerSamplesPerSecond(name: ModelName, backend: Backend, examples: number, batchSize: number): Promise<WorkerFigures> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "nn-studio-bench-"));
  try {
    const file = path.join(folder, `${name}.nn.ts`);
    fs.writeFileSync(file, modelFile(name, examples, batchSize));
    const client = WorkerClient.train({ file, backend, workspace: folder, batchEventsPerSecond: 10 });
    const rates: number[] = [];
    let threads: number | undefined;
    client.on("started", (event) => (threads = event.threads));
    client.on("epoch", (event) => rates.push(event.samplesPerSecond));
    const outcome = await client.outcome;
    if (outcome.type === "error") throw new Error(`the worker failed: ${outcome.message}`);
    if (rates.length < EPOCHS) throw new Error(`the worker reported ${rates.length} epochs, expected ${EPOCHS}`);
    const record = JSON.parse(fs.readFileSync(path.join(outcome.runDir, "run.json"), "utf8")) as { timings: { trainMs: number; monitorMs: number } };
    return { rate: median(rates.slice(1)), threads, monitorShare: record.timings.monitorMs / record.timings.trainMs };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Bare `fit`s over the same examples (shuffled, as the worker does): the median of epochs 2–4. */
export async function bareFitSamplesPerSecond(tf: typeof tfjs, name: ModelName, data: MnistBatchSet, examples: number, batchSize: number): Promise<number> {
  const model = buildModel(tf, name);
  const x = tf.tensor4d(data.images.subarray(0, examples * 784), [examples, 28, 28, 1]);
  const y = tf.tensor2d(data.oneHot.subarray(0, examples * 10), [examples, 10]);
  try {
    await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
    const rates: number[] = [];
    for (let epoch = 1; epoch < EPOCHS; epoch++) {
      const start = performance.now();
      await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
      rates.push(examples / ((performance.now() - start) / 1000));
    }
    return median(rates);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
