// Evaluation metrics as pure functions of plain arrays: no TensorFlow.js here, so every number
// can be checked against a hand computation, and the same code serves any backend.

import type { ClassReport, ClassificationEvaluation, Logs, RegressionEvaluation, RocCurve } from "../protocol/worker";

/** `matrix[t][p]`: how many examples of true class `t` were predicted as class `p`. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (truth.length !== predicted.length) throw new Error(`confusionMatrix: ${truth.length} labels but ${predicted.length} predictions`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]][predicted[i]]++;
  return matrix;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Per-class precision, recall and F1 from a confusion matrix. A class never predicted has
 * precision 0, and one never present has recall 0 (scikit-learn's `zero_division=0`), so that a
 * model which ignores a class is not flattered by an undefined value.
 */
export function precisionRecall(matrix: number[][]): PrecisionRecall[] {
  const k = matrix.length;
  return matrix.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += matrix[t][c];
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}

/** The fraction of examples whose predicted class is the true one (the matrix's trace / total). */
export function accuracyOf(matrix: number[][]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => {
    correct += row[t];
    for (const count of row) total += count;
  });
  return total === 0 ? 0 : correct / total;
}

/**
 * The ROC curve of scores against binary truth: one point per distinct threshold, from (0, 0) to
 * (1, 1), with tied scores forming one step, and its area by the trapezoidal rule — which equals
 * the probability that a random positive scores above a random negative (ties count half).
 * With no positives or no negatives the curve is undefined: empty, AUC null.
 */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>, maxPoints = 201): RocCurve {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return { fpr: [], tpr: [], auc: null };

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (positive[order[i]]) tp++;
    else fp++;
    // A point is emitted only after the last of a run of equal scores: a threshold cannot split ties.
    if (i === n - 1 || scores[order[i + 1]] !== scores[order[i]]) {
      fpr.push(fp / negatives);
      tpr.push(tp / positives);
    }
  }
  let auc = 0;
  for (let i = 1; i < fpr.length; i++) auc += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return { ...thinCurve(fpr, tpr, maxPoints), auc };
}

/**
 * Fewer points for storage and plotting, computed after the area so the AUC stays exact: points
 * on a straight segment add nothing to the drawing and are dropped first (as scikit-learn's
 * `drop_intermediate`), then, if still too many, an even selection that keeps both ends.
 */
function thinCurve(fpr: number[], tpr: number[], maxPoints: number): { fpr: number[]; tpr: number[] } {
  const keep: number[] = [0];
  for (let i = 1; i < fpr.length - 1; i++) {
    const previous = keep[keep.length - 1];
    const collinear = (fpr[i] - fpr[previous]) * (tpr[i + 1] - tpr[previous]) === (tpr[i] - tpr[previous]) * (fpr[i + 1] - fpr[previous]);
    if (!collinear) keep.push(i);
  }
  if (fpr.length > 1) keep.push(fpr.length - 1);
  let chosen = keep;
  if (keep.length > maxPoints) {
    chosen = [];
    for (let j = 0; j < maxPoints; j++) chosen.push(keep[Math.round((j * (keep.length - 1)) / (maxPoints - 1))]);
  }
  return { fpr: chosen.map((i) => fpr[i]), tpr: chosen.map((i) => tpr[i]) };
}

/** The index of the largest of each row of a row-major `[rows, width]` matrix. */
export function argmaxRows(values: ArrayLike<number>, width: number): Int32Array {
  const rows = Math.floor(values.length / width);
  const result = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (values[r * width + c] > values[r * width + best]) best = c;
    result[r] = best;
  }
  return result;
}

export interface ClassificationInput {
  /** Model outputs, row-major `[samples, width]`: class probabilities, or one sigmoid score. */
  predictions: ArrayLike<number>;
  /** Targets in the same layout: one-hot rows, or 0/1 for a single sigmoid output. */
  targets: ArrayLike<number>;
  width: number;
  /** Class names; `["0", "1", …]` when absent. */
  labels?: string[];
  /** Loss and compiled metrics computed by TensorFlow.js on the same split. */
  test: Logs;
}

/**
 * Confusion matrix, per-class precision/recall/F1 and one-vs-rest ROC. A single output column is
 * a binary classifier whose score is the positive class's probability, thresholded at 0.5.
 */
export function evaluateClassification(input: ClassificationInput): ClassificationEvaluation {
  const { predictions, targets, width } = input;
  const binary = width === 1;
  const classes = binary ? 2 : width;
  const samples = Math.floor(targets.length / width);
  const truth = binary ? Int32Array.from({ length: samples }, (_, i) => (targets[i] >= 0.5 ? 1 : 0)) : argmaxRows(targets, width);
  const predicted = binary ? Int32Array.from({ length: samples }, (_, i) => (predictions[i] >= 0.5 ? 1 : 0)) : argmaxRows(predictions, width);
  const labels = input.labels?.length === classes ? input.labels : Array.from({ length: classes }, (_, i) => String(i));

  const matrix = confusionMatrix(truth, predicted, classes);
  const rates = precisionRecall(matrix);
  const reports: ClassReport[] = rates.map((rate, c) => {
    const scores = Float64Array.from({ length: samples }, (_, i) =>
      binary ? (c === 1 ? predictions[i] : 1 - predictions[i]) : predictions[i * width + c],
    );
    const isClass = Array.from({ length: samples }, (_, i) => truth[i] === c);
    return { label: labels[c], ...rate, roc: rocCurve(scores, isClass) };
  });
  const mean = (pick: (r: ClassReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0) / reports.length;
  const aucs = reports.map((r) => r.roc.auc).filter((auc): auc is number => auc !== null);
  return {
    kind: "classification",
    test: input.test,
    samples,
    labels,
    confusionMatrix: matrix,
    accuracy: accuracyOf(matrix),
    classes: reports,
    macro: {
      precision: mean((r) => r.precision),
      recall: mean((r) => r.recall),
      f1: mean((r) => r.f1),
      auc: aucs.length === 0 ? null : aucs.reduce((a, b) => a + b, 0) / aucs.length,
    },
  };
}

export function meanAbsoluteError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i] - targets[i]);
  return targets.length === 0 ? 0 : sum / targets.length;
}

export function meanSquaredError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += (predictions[i] - targets[i]) ** 2;
  return targets.length === 0 ? 0 : sum / targets.length;
}

/**
 * The coefficient of determination, 1 − SS_res / SS_tot, per output column and then averaged
 * (scikit-learn's "uniform_average"). A column whose targets are all equal has no variance to
 * explain, so R² is undefined there: null when every column is like that.
 */
export function rSquared(predictions: ArrayLike<number>, targets: ArrayLike<number>, width = 1): number | null {
  const rows = Math.floor(targets.length / width);
  const scores: number[] = [];
  for (let c = 0; c < width; c++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += targets[r * width + c];
    mean /= rows;
    let residual = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const t = targets[r * width + c];
      residual += (t - predictions[r * width + c]) ** 2;
      total += (t - mean) ** 2;
    }
    if (total > 0) scores.push(1 - residual / total);
  }
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
}

export function evaluateRegression(predictions: ArrayLike<number>, targets: ArrayLike<number>, width: number, test: Logs): RegressionEvaluation {
  return {
    kind: "regression",
    test,
    samples: Math.floor(targets.length / width),
    mae: meanAbsoluteError(predictions, targets),
    mse: meanSquaredError(predictions, targets),
    r2: rSquared(predictions, targets, width),
    points: samplePoints(predictions, targets, width),
  };
}

/** At most `limit` (actual, predicted) pairs of the first output column, evenly spread. */
export function samplePoints(predictions: ArrayLike<number>, targets: ArrayLike<number>, width: number, limit = 1000): { actual: number[]; predicted: number[] } {
  const rows = Math.floor(targets.length / width);
  const take = Math.min(rows, limit);
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let j = 0; j < take; j++) {
    const r = take === rows ? j : Math.floor((j * rows) / take);
    actual.push(targets[r * width]);
    predicted.push(predictions[r * width]);
  }
  return { actual, predicted };
}
