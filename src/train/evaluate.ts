// Evaluation of a trained model on the test split: TensorFlow.js computes the loss and the
// compiled metrics exactly as during training; the confusion matrix, per-class rates, ROC and
// regression errors come from the model's predictions through the pure functions of metrics.ts.

import type * as tfjs from "@tensorflow/tfjs";
import type { DataFacts } from "../core/types";
import type { Evaluation, Logs } from "../protocol/worker";
import type { TF } from "./backend";
import { logName } from "./fit";
import { evaluateClassification, evaluateRegression } from "./metrics";

export interface TestSplit {
  x: tfjs.Tensor;
  /** The targets the model was compiled against (class indices for a sparse loss). */
  y: tfjs.Tensor;
  /** The targets as the metrics read them: one-hot rows, 0/1, or numbers; row-major. */
  targets: ArrayLike<number>;
  /** Columns of `targets` per example. */
  width: number;
}

export async function evaluateModel(
  tf: TF,
  model: tfjs.LayersModel,
  split: TestSplit,
  target: DataFacts["target"],
  batchSize: number,
): Promise<Evaluation> {
  const test = await compiledMetrics(tf, model, split, batchSize);
  const output = model.predict(split.x, { batchSize }) as tfjs.Tensor;
  const predictions = await output.data();
  output.dispose();
  switch (target.kind) {
    case "classes":
    case "binary":
      return evaluateClassification({ predictions, targets: split.targets, width: split.width, labels: target.labels, test });
    case "regression":
    case "unknown":
      return evaluateRegression(predictions, split.targets, split.width, test);
  }
}

/** `model.evaluate` with its scalars read back and named as in the training logs. */
async function compiledMetrics(tf: TF, model: tfjs.LayersModel, split: TestSplit, batchSize: number): Promise<Logs> {
  const result = model.evaluate(split.x, split.y, { batchSize });
  const scalars = Array.isArray(result) ? result : [result];
  const values = await Promise.all(scalars.map((scalar) => scalar.data()));
  tf.dispose(scalars);
  const logs: Logs = {};
  model.metricsNames.forEach((name, i) => {
    logs[logName(name)] = values[i][0];
  });
  return logs;
}
