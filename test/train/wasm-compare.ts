// Shared by the wasm kernel suites: seeded inputs, and running one computation on the cpu
// backend (the reference) and on wasm with the training kernels, comparing every output.
import * as tf from "@tensorflow/tfjs";
import { setupWasmBackend } from "../../src/train/wasm";

/** The tolerance of every comparison: max |wasm − cpu| ≤ 1e-5 · max |cpu| over the tensor. */
export const TOLERANCE = 1e-5;

/** mulberry32, so that every row's inputs are the same on every run and machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ValueOptions {
  low?: number;
  high?: number;
  /** Round to multiples of this step, so that windows hold ties (as after a ReLU). */
  step?: number;
}

export function values(size: number, seed: number, { low = -1, high = 1, step }: ValueOptions = {}): Float32Array {
  const random = seeded(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const v = low + (high - low) * random();
    out[i] = step === undefined ? v : Math.round(v / step) * step;
  }
  return out;
}

export function randomTensor(shape: number[], seed: number, options?: ValueOptions): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed, options), shape);
}

let wasmReady: Promise<void> | undefined;

/** Starts wasm with the training kernels once per process; later suites reuse it. */
export function ensureWasm(): Promise<void> {
  wasmReady ??= (async () => {
    tf.enableProdMode();
    await setupWasmBackend(tf);
  })();
  return wasmReady;
}

export interface Computed {
  shape: number[];
  data: Float32Array;
}

type Outputs = tf.Tensor | tf.Tensor[];

/** Runs `build` on `backend` and reads every output back, disposing all tensors it made. */
export async function runOn(backend: "cpu" | "wasm", build: () => Outputs): Promise<Computed[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
  const outputs = tf.tidy(build);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const computed = list.map((t) => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) }));
  tf.dispose(list);
  return computed;
}

/** max |actual − expected| / max |expected| (0 when both are all zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`compared ${actual.length} values with ${expected.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    maxDiff = Number.isNaN(diff) ? Infinity : Math.max(maxDiff, diff);
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxDiff === 0 ? 0 : maxDiff / maxRef;
}

export interface Comparison {
  shapes: number[][];
  /** One relative error per output. */
  errors: number[];
  /** The largest |expected| of each output: a zero gradient would compare equal trivially. */
  scales: number[];
}

/**
 * Runs `build` on wasm and `reference` (by default the same computation) on cpu, and compares
 * each output. A separate reference is for cases where the cpu kernel itself is wrong.
 */
export async function compareWithCpu(build: () => Outputs, reference: () => Outputs = build): Promise<Comparison> {
  const expected = await runOn("cpu", reference);
  const actual = await runOn("wasm", build);
  if (expected.length !== actual.length) throw new Error("cpu and wasm returned different numbers of outputs");
  for (let i = 0; i < expected.length; i++) {
    if (expected[i].shape.join() !== actual[i].shape.join()) {
      throw new Error(`output ${i}: cpu shape [${expected[i].shape}] but wasm shape [${actual[i].shape}]`);
    }
  }
  return {
    shapes: expected.map((e) => e.shape),
    errors: expected.map((e, i) => relativeError(actual[i].data, e.data)),
    scales: expected.map((e) => e.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0)),
  };
}

/**
 * Trains a small model of the MNIST convnet's architecture (16×16 images) for two epochs on cpu
 * and on wasm from the same weights, data and dropout draws; returns the relative error of the
 * losses and of every final weight. Leaves the wasm backend selected.
 */
export async function convnetFitAgainstCpu(
  loss: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) = "categoricalCrossentropy",
): Promise<{ losses: number; weights: number[] }> {
  const build = () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 8, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dropout({ rate: 0.5 }));
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
    model.compile({ optimizer: tf.train.sgd(0.1), loss });
    return model;
  };
  const initial = (await runOn("cpu", () => build().getWeights().map((w) => w.clone()))).map((w) => w.data);
  const train = async (backend: "cpu" | "wasm") => {
    if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
    const model = build();
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
    const x = randomTensor([16, 16, 16, 1], 8, { low: 0, high: 1 });
    const labels = Array.from({ length: 16 }, (_, i) => (i * 7) % 10);
    const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10);
    const original = Math.random;
    Math.random = seeded(9);
    try {
      const history = await model.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      return { losses: Float32Array.from(history.history.loss as number[]), weights };
    } finally {
      Math.random = original;
      tf.dispose([x, y]);
      model.dispose();
    }
  };
  const expected = await train("cpu");
  const actual = await train("wasm");
  return {
    losses: relativeError(actual.losses, expected.losses),
    weights: expected.weights.map((w, i) => relativeError(actual.weights[i], w)),
  };
}
