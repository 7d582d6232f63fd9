// The Keras-style `model.summary()` table: the CLI's `summary`, the editor's hover on `model(...)`
// and its Show Model Summary document all print this one rendering.

import { formatBytes, formatCount, formatFlops, formatShape } from "./format";
import type { ModelAnalysis } from "./types";

const BYTES_PER_FLOAT32 = 4;

export function formatSummary(model: ModelAnalysis): string {
  const rows = model.layers.map((layer) => [
    layer.name === layer.type ? layer.name : `${layer.name} (${layer.type})`,
    formatShape(layer.outputShape),
    formatCount(layer.params),
  ]);
  const header = ["Layer (type)", "Output Shape", "Param #"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)) + 2);
  const pad = (cells: string[]) =>
    cells.map((cell, column) => (column === 2 ? ` ${cell.padStart(widths[column] - 2)} ` : ` ${cell.padEnd(widths[column] - 2)} `));
  const rule = (left: string, fill: string, join: string, right: string) =>
    left + widths.map((width) => fill.repeat(width)).join(join) + right;

  const lines = [
    `Model: "${model.name}"`,
    rule("┏", "━", "┳", "┓"),
    "┃" + pad(header).join("┃") + "┃",
    rule("┡", "━", "╇", "┩"),
    `│${pad(["input", formatShape(model.inputShape), "0"]).join("│")}│`,
    ...rows.map((row) => "│" + pad(row).join("│") + "│"),
    rule("└", "─", "┴", "┘"),
    ` Total params: ${withSize(model.totalParams)}`,
    ` Trainable params: ${withSize(model.trainableParams)}`,
    ` Non-trainable params: ${withSize(model.nonTrainableParams)}`,
    ` FLOPs per example: ${model.flops === null ? "?" : `${formatCount(model.flops)} (${formatFlops(model.flops)})`}`,
  ];
  return lines.join("\n");
}

function withSize(params: number | null): string {
  return params === null ? "?" : `${formatCount(params)} (${formatBytes(params * BYTES_PER_FLOAT32)})`;
}
