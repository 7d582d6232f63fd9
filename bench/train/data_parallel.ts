// A measurement for the next step on wasm, not product code: synchronous data parallelism with
// two single-threaded wasm replicas (this thread and one worker_threads replica), each computing
// the gradient of half of every batch of 64; the halves' gradients are averaged and both
// replicas apply the same Adam update, so their weights stay identical. Unlike XNNPACK's thread
// pool, this also splits the work that runs on one core (JavaScript kernels, TensorFlow.js's
// bookkeeping). The loop here computes no metrics, so it is a slightly optimistic bound.
//
//   npx tsx bench/train/data_parallel.ts [convnet|mlp]
import { isMainThread, parentPort, Worker } from "worker_threads";
import * as tf from "@tensorflow/tfjs";
import { setupWasmBackend } from "../../src/train/wasm";
import { loadMnist } from "./mnist";
import { buildModel, MODEL_NAMES, type ModelName } from "./models";

const BATCH_SIZE = 64;
const HALF = BATCH_SIZE / 2;
const WARMUP_BATCHES = 5;
const TIMED_BATCHES = 40;
const REPEATS = 3;
const MODEL: ModelName = (MODEL_NAMES as readonly string[]).includes(process.argv[2] ?? "") ? (process.argv[2] as ModelName) : "convnet";

type Message = { weights: Float32Array[] } | { x: Float32Array; y: Float32Array; count: number } | { average: Float32Array[] };

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

/** The gradient of the batch's mean categorical crossentropy (the models' compiled loss). */
function gradients(model: tf.LayersModel, variables: tf.Variable[], x: Float32Array, y: Float32Array, count: number): Float32Array[] {
  const xs = tf.tensor4d(x, [count, 28, 28, 1]);
  const ys = tf.tensor2d(y, [count, 10]);
  const { value, grads } = tf.variableGrads(() => tf.metrics.categoricalCrossentropy(ys, model.apply(xs, { training: true }) as tf.Tensor).mean() as tf.Scalar, variables);
  const result = variables.map((v) => grads[v.name].dataSync() as Float32Array);
  tf.dispose([xs, ys, value, ...Object.values(grads)]);
  return result;
}

function apply(optimizer: tf.Optimizer, variables: tf.Variable[], average: Float32Array[]): void {
  const named: tf.NamedTensorMap = {};
  variables.forEach((v, i) => (named[v.name] = tf.tensor(average[i], v.shape)));
  optimizer.applyGradients(named);
  tf.dispose(Object.values(named));
}

async function start(): Promise<{ model: tf.LayersModel; variables: tf.Variable[]; optimizer: tf.Optimizer }> {
  tf.enableProdMode();
  await setupWasmBackend(tf, { threads: 1 });
  const model = buildModel(tf, MODEL);
  return { model, variables: trainableVariables(model), optimizer: tf.train.adam(0.001) };
}

async function replica(): Promise<void> {
  const { model, variables, optimizer } = await start();
  const port = parentPort as NonNullable<typeof parentPort>;
  port.on("message", (message: Message) => {
    if ("weights" in message) variables.forEach((v, i) => v.assign(tf.tensor(message.weights[i], v.shape)));
    else if ("x" in message) port.postMessage(gradients(model, variables, message.x, message.y, message.count));
    else apply(optimizer, variables, message.average);
  });
  port.postMessage("ready");
}

async function main(): Promise<void> {
  const { model, variables, optimizer } = await start();
  const data = loadMnist(BATCH_SIZE * (WARMUP_BATCHES + TIMED_BATCHES));
  const worker = new Worker(__filename, { execArgv: ["--require", require.resolve("tsx/cjs")], argv: [MODEL] });
  let answer: ((value: unknown) => void) | undefined;
  worker.on("message", (value) => answer?.(value));
  const next = () => new Promise((resolve) => (answer = resolve));
  await next();
  worker.postMessage({ weights: variables.map((v) => v.dataSync() as Float32Array) } satisfies Message);

  const step = async (batch: number) => {
    const first = batch * BATCH_SIZE;
    const theirs = next();
    const x = (from: number) => data.images.slice(from * 784, (from + HALF) * 784);
    const y = (from: number) => data.oneHot.slice(from * 10, (from + HALF) * 10);
    worker.postMessage({ x: x(first + HALF), y: y(first + HALF), count: HALF } satisfies Message);
    const mine = gradients(model, variables, x(first), y(first), HALF);
    const other = (await theirs) as Float32Array[];
    const average = mine.map((g, i) => {
      const sum = new Float32Array(g.length);
      const o = other[i];
      for (let k = 0; k < g.length; k++) sum[k] = (g[k] + o[k]) / 2;
      return sum;
    });
    worker.postMessage({ average } satisfies Message);
    apply(optimizer, variables, average);
  };
  for (let b = 0; b < WARMUP_BATCHES; b++) await step(b);
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    for (let b = WARMUP_BATCHES; b < WARMUP_BATCHES + TIMED_BATCHES; b++) await step(b);
    rates.push((TIMED_BATCHES * BATCH_SIZE) / ((performance.now() - started) / 1000));
  }
  await worker.terminate();
  console.log(`${MODEL}, two single-threaded wasm replicas, batch ${BATCH_SIZE} (2 × ${HALF}): ${rates.map((r) => r.toFixed(0)).join(", ")} samples/s`);
}

if (isMainThread) void main();
else void replica();
