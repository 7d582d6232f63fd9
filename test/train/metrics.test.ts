import { strict as assert } from "assert";
import {
  accuracyOf,
  argmaxRows,
  confusionMatrix,
  evaluateClassification,
  evaluateRegression,
  meanAbsoluteError,
  meanSquaredError,
  precisionRecall,
  rSquared,
  rocCurve,
} from "../../src/train/metrics";

const close = (actual: number | null, expected: number | null, what: string) => {
  if (expected === null || actual === null) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
};

describe("metrics", () => {
  describe("confusion matrix, precision, recall, F1", () => {
    const rows: {
      name: string;
      truth: number[];
      predicted: number[];
      classes: number;
      matrix: number[][];
      precision: number[];
      recall: number[];
      f1: number[];
      accuracy: number;
    }[] = [
      {
        name: "three classes",
        truth: [0, 1, 2, 2, 1, 0],
        predicted: [0, 2, 2, 2, 1, 1],
        classes: 3,
        matrix: [
          [1, 1, 0],
          [0, 1, 1],
          [0, 0, 2],
        ],
        precision: [1, 1 / 2, 2 / 3],
        recall: [1 / 2, 1 / 2, 1],
        // 2pr / (p + r): 2·1·½ / 1½ = ⅔; 2·½·½ / 1 = ½; 2·⅔·1 / 1⅔ = 0.8.
        f1: [2 / 3, 1 / 2, 0.8],
        accuracy: 4 / 6,
      },
      {
        name: "a class never predicted and one never present count as 0, not undefined",
        truth: [0, 0, 1, 1],
        predicted: [0, 0, 0, 0],
        classes: 3,
        matrix: [
          [2, 0, 0],
          [2, 0, 0],
          [0, 0, 0],
        ],
        precision: [0.5, 0, 0],
        recall: [1, 0, 0],
        f1: [2 / 3, 0, 0],
        accuracy: 0.5,
      },
    ];
    for (const row of rows) {
      it(row.name, () => {
        const matrix = confusionMatrix(row.truth, row.predicted, row.classes);
        assert.deepEqual(matrix, row.matrix);
        const rates = precisionRecall(matrix);
        rates.forEach((rate, c) => {
          close(rate.precision, row.precision[c], `precision[${c}]`);
          close(rate.recall, row.recall[c], `recall[${c}]`);
          close(rate.f1, row.f1[c], `f1[${c}]`);
        });
        close(accuracyOf(matrix), row.accuracy, "accuracy");
      });
    }
  });

  describe("ROC curve and AUC", () => {
    const rows: { name: string; scores: number[]; truth: number[]; fpr: number[]; tpr: number[]; auc: number | null }[] = [
      {
        // scikit-learn's roc_curve documentation example.
        name: "scikit-learn's example",
        scores: [0.1, 0.4, 0.35, 0.8],
        truth: [0, 0, 1, 1],
        fpr: [0, 0, 0.5, 0.5, 1],
        tpr: [0, 0.5, 0.5, 1, 1],
        auc: 0.75,
      },
      {
        name: "a perfect ranking: collinear points are dropped, the area is 1",
        scores: [0.9, 0.8, 0.2, 0.1],
        truth: [1, 1, 0, 0],
        fpr: [0, 0, 1],
        tpr: [0, 1, 1],
        auc: 1,
      },
      {
        name: "all scores tied: one step, area ½",
        scores: [0.5, 0.5, 0.5, 0.5],
        truth: [1, 0, 1, 0],
        fpr: [0, 1],
        tpr: [0, 1],
        auc: 0.5,
      },
      {
        // Pairs (positive, negative): 0.8>0.5, 0.8>0.2, 0.5=0.5 (½), 0.5>0.2 → 3.5 / 4.
        name: "a tie between a positive and a negative counts half",
        scores: [0.8, 0.5, 0.5, 0.2],
        truth: [1, 1, 0, 0],
        fpr: [0, 0, 0.5, 1],
        tpr: [0, 0.5, 1, 1],
        auc: 0.875,
      },
      {
        name: "a reversed ranking has area 0",
        scores: [0.1, 0.2, 0.8, 0.9],
        truth: [1, 1, 0, 0],
        fpr: [0, 1, 1],
        tpr: [0, 0, 1],
        auc: 0,
      },
      { name: "no negatives: undefined", scores: [0.3, 0.6], truth: [1, 1], fpr: [], tpr: [], auc: null },
    ];
    for (const row of rows) {
      it(row.name, () => {
        const roc = rocCurve(row.scores, row.truth.map((t) => t === 1));
        assert.deepEqual(roc.fpr, row.fpr);
        assert.deepEqual(roc.tpr, row.tpr);
        close(roc.auc, row.auc, "auc");
      });
    }

    it("thins a long curve to at most maxPoints, keeping both ends and the exact area", () => {
      // Alternating labels over distinct scores make a staircase with no collinear points.
      const n = 1000;
      const scores = Array.from({ length: n }, (_, i) => 1 - i / n);
      const truth = Array.from({ length: n }, (_, i) => i % 3 !== 2);
      const full = rocCurve(scores, truth, 1e9);
      const thin = rocCurve(scores, truth, 51);
      assert.equal(thin.fpr.length, 51);
      assert.deepEqual([thin.fpr[0], thin.tpr[0]], [0, 0]);
      assert.deepEqual([thin.fpr[50], thin.tpr[50]], [1, 1]);
      close(thin.auc, full.auc, "auc");
    });
  });

  it("argmaxRows picks the first of equal maxima", () => {
    assert.deepEqual(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0, 1], 3)), [1, 0, 2]);
  });

  describe("regression", () => {
    // scikit-learn's documentation examples for mean_absolute_error, mean_squared_error, r2_score.
    const rows: { name: string; predictions: number[]; targets: number[]; width: number; mae: number; mse: number; r2: number | null }[] = [
      { name: "one output", predictions: [2.5, 0.0, 2, 8], targets: [3, -0.5, 2, 7], width: 1, mae: 0.5, mse: 0.375, r2: 0.9486081370449679 },
      {
        name: "two outputs: R² averaged per column",
        predictions: [0, 2, -1, 2, 8, -5],
        targets: [0.5, 1, -1, 1, 7, -6],
        width: 2,
        mae: 0.75,
        mse: 0.7083333333333334,
        r2: 0.9368005266622779,
      },
      { name: "constant targets: R² undefined", predictions: [1, 2], targets: [3, 3], width: 1, mae: 1.5, mse: 2.5, r2: null },
    ];
    for (const row of rows) {
      it(row.name, () => {
        close(meanAbsoluteError(row.predictions, row.targets), row.mae, "mae");
        close(meanSquaredError(row.predictions, row.targets), row.mse, "mse");
        close(rSquared(row.predictions, row.targets, row.width), row.r2, "r2");
        const evaluation = evaluateRegression(row.predictions, row.targets, row.width, { loss: 1 });
        assert.equal(evaluation.samples, row.targets.length / row.width);
        close(evaluation.r2, row.r2, "evaluation r2");
      });
    }
  });

  describe("classification report", () => {
    it("binary: a single sigmoid output thresholded at 0.5, ROC for both classes", () => {
      const evaluation = evaluateClassification({
        predictions: [0.9, 0.2, 0.6, 0.4],
        targets: [1, 0, 0, 1],
        width: 1,
        labels: ["stayed", "left"],
        test: { loss: 0.5 },
      });
      assert.deepEqual(evaluation.labels, ["stayed", "left"]);
      assert.deepEqual(evaluation.confusionMatrix, [
        [1, 1],
        [1, 1],
      ]);
      close(evaluation.accuracy, 0.5, "accuracy");
      close(evaluation.classes[1].roc.auc, 0.75, "positive auc");
      close(evaluation.classes[0].roc.auc, 0.75, "negative auc");
      close(evaluation.macro.auc, 0.75, "macro auc");
      close(evaluation.macro.f1, 0.5, "macro f1");
    });

    it("several classes: argmax of probabilities and one-vs-rest ROC", () => {
      const evaluation = evaluateClassification({
        // Rows: predicted 0, 1, 2, 2; truth 0, 1, 1, 2.
        predictions: [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.3, 0.6, 0.0, 0.1, 0.9],
        targets: [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1],
        width: 3,
        test: { loss: 0.5, accuracy: 0.75 },
      });
      assert.deepEqual(evaluation.labels, ["0", "1", "2"]);
      assert.deepEqual(evaluation.confusionMatrix, [
        [1, 0, 0],
        [0, 1, 1],
        [0, 0, 1],
      ]);
      close(evaluation.accuracy, 0.75, "accuracy");
      assert.deepEqual(
        evaluation.classes.map((c) => c.support),
        [1, 2, 1],
      );
      // Class 1 scores: 0.1 (neg), 0.7 (pos), 0.3 (pos), 0.1 (neg) → both positives above both negatives.
      close(evaluation.classes[1].roc.auc, 1, "class 1 auc");
      // Class 2 scores: 0.1 (neg), 0.1 (neg), 0.6 (neg), 0.9 (pos) → 1.
      close(evaluation.classes[2].roc.auc, 1, "class 2 auc");
      close(evaluation.macro.precision, (1 + 1 + 0.5) / 3, "macro precision");
    });
  });
});
