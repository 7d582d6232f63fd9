// The picture beside the arithmetic: the layer's input drawn to scale as a grid, the padding as
// the hatched border it adds, the first window (and the next one, one stride on), and the rows
// or columns at the far border that no window reaches, flagged. It draws what the core's
// per-axis arithmetic says; it computes no sizes of its own.

import type { AxisArithmetic } from "../../src/core/types";
import { svg, px } from "./dom";

/** Per drawn axis: cells before the input (padding), input cells, cells after, the window and its step. */
interface AxisPicture {
  before: number;
  input: number;
  after: number;
  window: number | null;
  stride: number | null;
  dropped: number;
}

const MAX_SIDE = 220;
/** Above this many cells a grid line per cell is noise: only the areas are drawn. */
const MAX_GRID_CELLS = 48;

/** An SVG figure for a layer's arithmetic, or null when there is nothing to draw to scale. */
export function arithmeticFigure(type: string, arithmetic: readonly AxisArithmetic[]): SVGSVGElement | null {
  if (arithmetic.length === 0 || arithmetic.length > 2) return null;
  if (type === "upSampling2d" || type === "conv2dTranspose") return null;
  const axes = arithmetic.map(picture);
  if (axes.some((a) => a === null)) return null;
  const [rows, cols] = arithmetic.length === 2 ? (axes as AxisPicture[]) : [null, axes[0] as AxisPicture];
  const rowCells = rows === null ? 1 : rows.before + rows.input + rows.after;
  const colCells = cols.before + cols.input + cols.after;
  const largest = Math.max(rowCells, colCells, cols.window ?? 0, rows?.window ?? 0);
  const cell = Math.max(1.5, Math.min(12, Math.floor((MAX_SIDE / largest) * 2) / 2));
  // A window larger than the input (an error the core reports) is drawn sticking out of it.
  const width = Math.max(colCells, cols.window ?? 0) * cell;
  const height = Math.max(rowCells, rows === null ? 1 : (rows.window ?? 0)) * cell;
  const legendHeight = 18;
  const figure = svg("svg", {
    class: "arith-figure",
    width: px(width + 2),
    height: px(height + legendHeight + 8),
    viewBox: `-1 -1 ${px(width + 2)} ${px(height + legendHeight + 8)}`,
    role: "img",
    "aria-label": describe(rows, cols),
  });
  const hatch = svg("pattern", { id: "fig-hatch", width: 5, height: 5, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  hatch.append(svg("rect", { class: "fig-hatch-back", width: 5, height: 5 }), svg("line", { class: "fig-hatch-line", x1: 0, y1: 0, x2: 0, y2: 5 }));
  figure.append(svg("defs", {}, hatch));
  const rowBefore = rows?.before ?? 0;
  const rowInput = rows?.input ?? 1;

  // The padded extent, hatched; then the real input on top of it.
  figure.append(svg("rect", { class: "fig-padding", x: 0, y: 0, width: px(colCells * cell), height: px(rowCells * cell) }));
  const inputBox = { x: px(cols.before * cell), y: px(rowBefore * cell), width: px(cols.input * cell), height: px(rowInput * cell) };
  figure.append(svg("rect", { class: "fig-input-back", ...inputBox }), svg("rect", { class: "fig-input", ...inputBox }));

  // The far border a stride or pool leaves out.
  if (cols.dropped > 0) {
    figure.append(svg("rect", { class: "fig-dropped", x: px((colCells - cols.dropped) * cell), y: 0, width: px(cols.dropped * cell), height: px(rowCells * cell) }));
  }
  if (rows !== null && rows.dropped > 0) {
    figure.append(svg("rect", { class: "fig-dropped", x: 0, y: px((rowCells - rows.dropped) * cell), width: px(colCells * cell), height: px(rows.dropped * cell) }));
  }

  if (Math.max(rowCells, colCells) <= MAX_GRID_CELLS) {
    let lines = "";
    for (let c = 1; c < colCells; c++) lines += `M${px(c * cell)},0V${px(rowCells * cell)}`;
    for (let r = 1; r < rowCells; r++) lines += `M0,${px(r * cell)}H${px(colCells * cell)}`;
    figure.append(svg("path", { class: "fig-grid", d: lines }));
  }

  // The first window and, dashed, the next one a stride further along the width (or length).
  if (cols.window !== null) {
    const windowRows = rows === null ? 1 : (rows.window ?? 1);
    figure.append(svg("rect", { class: "fig-window", x: 0, y: 0, width: px(cols.window * cell), height: px(windowRows * cell) }));
    if (cols.stride !== null && cols.stride > 0 && cols.stride + cols.window <= colCells) {
      figure.append(svg("rect", { class: "fig-window fig-window-next", x: px(cols.stride * cell), y: 0, width: px(cols.window * cell), height: px(windowRows * cell) }));
    }
  }

  const legend = svg("g", { class: "fig-legend", transform: `translate(0,${px(height + 14)})` });
  let x = 0;
  const entries: [string, string][] = [["fig-input", "input"]];
  if (cols.before + cols.after + rowBefore + (rows?.after ?? 0) > 0) entries.push(["fig-padding", "padding"]);
  if (cols.window !== null) entries.push(["fig-window", "window"]);
  if (cols.dropped > 0 || (rows?.dropped ?? 0) > 0) entries.push(["fig-dropped", "dropped"]);
  for (const [cls, label] of entries) {
    legend.append(svg("rect", { class: cls, x, y: -9, width: 10, height: 10 }));
    legend.append(svg("text", { class: "fig-label", x: x + 14, y: 0 }, label));
    x += 24 + label.length * 7;
  }
  figure.append(legend);
  return figure;
}

function picture(axis: AxisArithmetic): AxisPicture | null {
  if (axis.input === null) return null;
  const before = axis.padBefore ?? 0;
  const after = axis.padAfter ?? 0;
  const window = axis.kernel === undefined ? null : (axis.dilation ?? 1) * (axis.kernel - 1) + 1;
  return { before, input: axis.input, after, window, stride: axis.stride ?? null, dropped: axis.dropped ?? 0 };
}

function describe(rows: AxisPicture | null, cols: AxisPicture): string {
  const size = rows === null ? `${cols.input}` : `${rows.input} × ${cols.input}`;
  const parts = [`input ${size}`];
  if (cols.before + cols.after > 0 || (rows !== null && rows.before + rows.after > 0)) parts.push("with padding");
  if (cols.window !== null) parts.push(`window ${rows === null ? cols.window : `${rows.window ?? 1} × ${cols.window}`}`);
  if (cols.dropped > 0 || (rows?.dropped ?? 0) > 0) parts.push("border dropped");
  return parts.join(", ");
}
