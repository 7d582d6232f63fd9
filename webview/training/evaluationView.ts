// The evaluation on the test split: for a classifier the confusion-matrix heat map, the ROC
// curves with their AUC and the per-class precision / recall / F1 table; for a regression the
// errors and a predicted-vs-actual scatter. Drawn as HTML tables and SVG from the numbers the
// worker computed: nothing here recomputes a metric.

import type { ClassificationEvaluation, Evaluation, Logs, RegressionEvaluation, RocCurve } from "../../src/protocol/worker";
import { el, formatNumber, svg } from "./dom";
import type { ChartTheme } from "./theme";

export function renderEvaluation(evaluation: Evaluation | null, test: Logs | null, theme: ChartTheme): HTMLElement {
  if (evaluation === null) {
    return el("p", { class: "empty" }, "No evaluation yet: it appears when the run completes (or use Evaluate on a finished run).");
  }
  switch (evaluation.kind) {
    case "classification":
      return renderClassification(evaluation, theme);
    case "regression":
      return renderRegression(evaluation, test, theme);
  }
}

function renderClassification(evaluation: ClassificationEvaluation, theme: ChartTheme): HTMLElement {
  const summary = metricList([
    ["accuracy", evaluation.accuracy],
    ["macro precision", evaluation.macro.precision],
    ["macro recall", evaluation.macro.recall],
    ["macro F1", evaluation.macro.f1],
    ["macro AUC", evaluation.macro.auc],
    ["test samples", evaluation.samples],
    ...Object.entries(evaluation.test).map(([name, value]): [string, number] => [`test ${name}`, value]),
  ]);
  // A binary classifier's two one-vs-rest curves mirror each other: the positive class's says it all.
  const curves = evaluation.classes.length === 2 ? [evaluation.classes[1]] : evaluation.classes;
  return el(
    "div",
    { class: "evaluation classification" },
    summary,
    el(
      "div",
      { class: "evaluation-grid" },
      el("section", { class: "panel-card" }, el("h3", {}, "Confusion matrix"), confusionMatrix(evaluation)),
      el(
        "section",
        { class: "panel-card" },
        el("h3", {}, "ROC"),
        rocChart(
          curves.map((c) => ({ label: c.label, roc: c.roc })),
          theme,
        ),
      ),
      el("section", { class: "panel-card" }, el("h3", {}, "Per class"), classTable(evaluation)),
    ),
  );
}

function metricList(entries: [string, number | null][]): HTMLElement {
  return el(
    "dl",
    { class: "metrics" },
    ...entries.map(([name, value]) =>
      el("div", { class: "metric", "data-metric": name }, el("dt", {}, name), el("dd", {}, value === null ? "—" : formatNumber(value))),
    ),
  );
}

/** Rows are true classes, columns predicted ones; a cell's shade is its share of its row. */
function confusionMatrix(evaluation: ClassificationEvaluation): HTMLElement {
  const { labels, confusionMatrix: matrix } = evaluation;
  const head = el("tr", {}, el("th", { class: "corner", scope: "col" }, "true ↓ / predicted →"), ...labels.map((label) => el("th", { scope: "col" }, label)));
  const rows = matrix.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return el(
      "tr",
      {},
      el("th", { scope: "row" }, labels[t] ?? String(t)),
      ...row.map((count, p) => {
        const share = total === 0 ? 0 : count / total;
        const cell = el(
          "td",
          { class: p === t ? "cell diagonal" : "cell", "data-true": String(t), "data-predicted": String(p), title: `true ${labels[t]}, predicted ${labels[p]}: ${count} (${(share * 100).toFixed(1)} % of the row)` },
          formatNumber(count),
        );
        // --heat and its foreground come from the theme (panel.css).
        const percent = Math.round(share * 85);
        cell.style.backgroundColor = `color-mix(in srgb, var(--heat) ${percent}%, transparent)`;
        if (percent > 45) cell.style.color = "var(--heat-foreground)";
        return cell;
      }),
    );
  });
  return el("table", { class: "confusion" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

function classTable(evaluation: ClassificationEvaluation): HTMLElement {
  const header = el("tr", {}, ...["class", "precision", "recall", "F1", "AUC", "support"].map((name) => el("th", { scope: "col" }, name)));
  const row = (label: string, values: (number | null)[], cls: string) =>
    el("tr", { class: cls, "data-class": label }, el("th", { scope: "row" }, label), ...values.map((value) => el("td", {}, value === null ? "—" : formatNumber(value))));
  const rows = evaluation.classes.map((c) => row(c.label, [c.precision, c.recall, c.f1, c.roc.auc, c.support], "class"));
  const { macro } = evaluation;
  rows.push(row("macro avg", [macro.precision, macro.recall, macro.f1, macro.auc, evaluation.samples], "macro"));
  return el("table", { class: "per-class" }, el("thead", {}, header), el("tbody", {}, ...rows));
}

// ---------------------------------------------------------------------------------------------
// Plots in SVG: a square unit plot with axes 0…1 (ROC) or the data's range (scatter).

const SIZE = 220;
const PAD = { left: 38, right: 10, top: 8, bottom: 30 };

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  root: SVGSVGElement;
  readout: HTMLElement;
}

function frame(xLabel: string, yLabel: string, min: number, max: number, theme: ChartTheme): Frame {
  const width = SIZE + PAD.left + PAD.right;
  const height = SIZE + PAD.top + PAD.bottom;
  const span = max - min || 1;
  const x = (v: number) => PAD.left + ((v - min) / span) * SIZE;
  const y = (v: number) => PAD.top + SIZE - ((v - min) / span) * SIZE;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "plot", role: "img" });
  const axes = svg("g", { class: "axes" });
  for (let i = 0; i <= 4; i++) {
    const v = min + (span * i) / 4;
    const label = formatNumber(v, 3);
    axes.append(
      svg("line", { x1: x(v), x2: x(v), y1: PAD.top, y2: PAD.top + SIZE, class: "grid" }),
      svg("line", { x1: PAD.left, x2: PAD.left + SIZE, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: x(v), y: PAD.top + SIZE + 12, class: "tick", "text-anchor": "middle" }, label),
      svg("text", { x: PAD.left - 4, y: y(v) + 3, class: "tick", "text-anchor": "end" }, label),
    );
  }
  axes.append(
    svg("text", { x: PAD.left + SIZE / 2, y: height - 3, class: "axis-label", "text-anchor": "middle" }, xLabel),
    svg("text", { x: 10, y: PAD.top + SIZE / 2, class: "axis-label", "text-anchor": "middle", transform: `rotate(-90 10 ${PAD.top + SIZE / 2})` }, yLabel),
    // The diagonal: chance for a ROC curve, perfect predictions for a scatter.
    svg("line", { x1: x(min), y1: y(min), x2: x(max), y2: y(max), class: "diagonal" }),
  );
  root.append(axes);
  root.style.color = theme.foreground;
  return { x, y, root, readout: el("div", { class: "readout" }, " ") };
}

/** Shows the plotted point nearest the cursor (within 30 px); `points` are in data units. */
function attachReadout(f: Frame, points: { x: number; y: number; text: string }[]): void {
  const marker = svg("circle", { r: 4, class: "marker", visibility: "hidden" });
  f.root.append(marker);
  f.root.addEventListener("mousemove", (event) => {
    const box = f.root.getBoundingClientRect();
    const scale = box.width / f.root.viewBox.baseVal.width;
    const px = (event.clientX - box.left) / scale;
    const py = (event.clientY - box.top) / scale;
    let best: (typeof points)[number] | null = null;
    let bestDistance = Infinity;
    for (const point of points) {
      const d = (f.x(point.x) - px) ** 2 + (f.y(point.y) - py) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = point;
      }
    }
    if (best === null || bestDistance > 30 ** 2) return;
    marker.setAttribute("cx", String(f.x(best.x)));
    marker.setAttribute("cy", String(f.y(best.y)));
    marker.setAttribute("visibility", "visible");
    f.readout.textContent = best.text;
  });
  f.root.addEventListener("mouseleave", () => {
    marker.setAttribute("visibility", "hidden");
    f.readout.textContent = " ";
  });
}

function rocChart(curves: { label: string; roc: RocCurve }[], theme: ChartTheme): HTMLElement {
  const f = frame("false-positive rate", "true-positive rate", 0, 1, theme);
  const legend = el("ul", { class: "legend" });
  const hover: { x: number; y: number; text: string }[] = [];
  curves.forEach((curve, i) => {
    const colour = theme.palette[i % theme.palette.length];
    if (curve.roc.fpr.length > 0) {
      const path = svg("polyline", {
        class: "roc-curve",
        "data-class": curve.label,
        points: curve.roc.fpr.map((fpr, k) => `${f.x(fpr).toFixed(2)},${f.y(curve.roc.tpr[k]).toFixed(2)}`).join(" "),
      });
      path.style.stroke = colour;
      f.root.append(path);
      curve.roc.fpr.forEach((fpr, k) => hover.push({ x: fpr, y: curve.roc.tpr[k], text: `${curve.label}: FPR ${formatNumber(fpr, 3)}, TPR ${formatNumber(curve.roc.tpr[k], 3)}` }));
    }
    const swatch = el("span", { class: "swatch" });
    swatch.style.backgroundColor = colour;
    legend.append(el("li", { "data-class": curve.label }, swatch, `${curve.label}  AUC ${curve.roc.auc === null ? "—" : curve.roc.auc.toFixed(3)}`));
  });
  attachReadout(f, hover);
  return el("div", { class: "plot-box" }, f.root, f.readout, legend);
}

function renderRegression(evaluation: RegressionEvaluation, test: Logs | null, theme: ChartTheme): HTMLElement {
  const summary = metricList([
    ["MAE", evaluation.mae],
    ["MSE", evaluation.mse],
    ["R²", evaluation.r2],
    ["test samples", evaluation.samples],
    ...Object.entries(test ?? evaluation.test).map(([name, value]): [string, number] => [`test ${name}`, value]),
  ]);
  const points = evaluation.points;
  if (points === undefined || points.actual.length === 0) {
    return el("div", { class: "evaluation regression" }, summary, el("p", { class: "empty" }, "This run saved no predictions to plot."));
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of [...points.actual, ...points.predicted]) {
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const f = frame("actual", "predicted", min, max, theme);
  const dots = svg("g", { class: "scatter" });
  dots.style.fill = theme.palette[0];
  const hover: { x: number; y: number; text: string }[] = [];
  points.actual.forEach((actual, i) => {
    const predicted = points.predicted[i];
    if (!Number.isFinite(actual) || !Number.isFinite(predicted)) return;
    dots.append(svg("circle", { cx: f.x(actual).toFixed(2), cy: f.y(predicted).toFixed(2), r: 2.2 }));
    hover.push({ x: actual, y: predicted, text: `actual ${formatNumber(actual, 4)}, predicted ${formatNumber(predicted, 4)}` });
  });
  f.root.append(dots);
  attachReadout(f, hover);
  return el(
    "div",
    { class: "evaluation regression" },
    summary,
    el("section", { class: "panel-card" }, el("h3", {}, `Predicted vs actual (${points.actual.length} test samples)`), el("div", { class: "plot-box" }, f.root, f.readout)),
  );
}
