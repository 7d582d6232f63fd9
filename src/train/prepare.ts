// From a model's `data` to tensors on the chosen backend: the data engineer's loader yields
// typed arrays (src/train/data); here they become the training and test tensors, with the
// targets in the form the loss expects (class indices for a sparse loss, one-hot otherwise).

import type * as tfjs from "@tensorflow/tfjs";
import type { AnalyzedModel } from "../core/analyze";
import type { Loss } from "../core/train";
import type { DataFacts } from "../core/types";
import type { EvaluateRequest, SampleCounts, TrainRequest } from "../protocol/worker";
import type { TF } from "./backend";
import { loadDataset } from "./data";
import type { TestSplit } from "./evaluate";
import { argmaxRows } from "./metrics";
import { JobError, type Resources, type SessionIO } from "./job";

export interface TrainingData {
  facts: DataFacts;
  train: { x: tfjs.Tensor; y: tfjs.Tensor };
  /** null when the data has no test examples. */
  test: TestSplit | null;
  samples: SampleCounts;
  xShape: number[];
  yShape: number[];
  labels?: string[];
  /** The fitted preprocessing (scalers, encodings), saved with the run. */
  preprocessing: unknown;
}

export interface PrepareOptions {
  file: string;
  seed: number;
  loss: Loss;
  validationSplit: number;
  request: Pick<TrainRequest | EvaluateRequest, "dataPath" | "cacheDir">;
  io: SessionIO;
  resources: Resources;
}

export async function loadTrainingData(tf: TF, model: AnalyzedModel, options: PrepareOptions): Promise<TrainingData> {
  const call = model.node.data;
  const facts = model.data;
  if (call === null || facts === null) {
    throw new JobError(`${model.name} has no data to train on; add one, e.g. data: mnist() or data: csv("data.csv", { label: "y" }).`);
  }
  const outputShape = model.outputShape ?? [];
  const outputWidth = outputShape[outputShape.length - 1];
  const dataset = await loadDataset(call, facts, {
    modelFile: options.file,
    seed: options.seed,
    // A two-class target fits one sigmoid unit (0/1) or two softmax units (one-hot).
    binaryTargets: facts.target.kind === "binary" && outputWidth === 2 ? "oneHot" : "zeroOne",
    ...(options.request.dataPath === undefined ? {} : { dataPath: options.request.dataPath }),
    ...(options.request.cacheDir === undefined ? {} : { cacheDir: options.request.cacheDir }),
    onProgress: (progress) => options.io.emit({ type: "progress", what: progress.what, done: progress.done, total: progress.total }),
  });
  if (dataset.train.count === 0) throw new JobError(`${model.name}: the data has no training examples.`);

  const xShape = dataset.xShape;
  const yWidth = dataset.yShape.reduce((a, b) => a * b, 1);
  const sparse = options.loss === "sparseCategoricalCrossentropy";
  // The analysis compared the model with the data's facts; this catches a data file that
  // changed since, with a clearer message than TensorFlow.js's shape error.
  if (!sparse && outputShape.length > 0 && outputShape.join(",") !== dataset.yShape.join(",")) {
    throw new JobError(
      `${model.name}: the model outputs [${outputShape.join(", ")}] per example but the data's targets are [${dataset.yShape.join(", ")}]. Check the model again (nn-studio check).`,
    );
  }
  const tensors = options.resources.tensors;
  const inputs = (x: Float32Array | Int32Array, count: number) => {
    const tensor = tf.tensor(x, [count, ...xShape], x instanceof Int32Array ? "int32" : "float32");
    tensors.push(tensor);
    return tensor;
  };
  // A sparse loss wants each example's class index; the data comes one-hot.
  const targets = (y: Float32Array, count: number) => {
    const tensor = sparse ? tf.tensor2d(Float32Array.from(argmaxRows(y, yWidth)), [count, 1]) : tf.tensor(y, [count, ...dataset.yShape]);
    tensors.push(tensor);
    return tensor;
  };

  const train = { x: inputs(dataset.train.x, dataset.train.count), y: targets(dataset.train.y, dataset.train.count) };
  const test: TestSplit | null =
    dataset.test.count === 0
      ? null
      : { x: inputs(dataset.test.x, dataset.test.count), y: targets(dataset.test.y, dataset.test.count), targets: dataset.test.y, width: yWidth };
  const trainCount = options.validationSplit > 0 ? Math.floor(dataset.train.count * (1 - options.validationSplit)) : dataset.train.count;
  return {
    facts,
    train,
    test,
    samples: { train: trainCount, validation: dataset.train.count - trainCount, test: dataset.test.count },
    xShape,
    yShape: dataset.yShape,
    ...(dataset.labels === undefined ? {} : { labels: dataset.labels }),
    preprocessing: dataset.preprocessing,
  };
}
