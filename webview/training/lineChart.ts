// One live line chart. Drawn with uPlot: about 50 KB minified, it draws tens of thousands of
// points on a canvas in a few milliseconds and redraws on `setData` without rebuilding anything,
// which is what an epoch update at 1,000 points per series needs (Chart.js is three to four
// times the size and re-runs its layout and animation machinery on every update). Its legend
// follows the cursor, which gives the hover read-outs for free.

import uPlot from "uplot";
import type { ChartTheme } from "./theme";

export interface Line {
  label: string;
  values: (number | null)[];
  colour: string;
  /** Dash pattern for overlaid runs; solid when absent. */
  dash?: number[];
  width?: number;
}

/** What a test (or the bench) reads back: exactly the data handed to the chart. */
export interface ChartData {
  title: string;
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

const HEIGHT = 170;

export class LineChart {
  readonly element: HTMLElement;
  private plot: uPlot | null = null;
  /** The series' labels, colours and dashes: a change needs a new chart, values only setData. */
  private signature = "";
  private data: ChartData;
  private width = 320;
  private readonly observer = new ResizeObserver(() => this.fit());

  constructor(
    readonly title: string,
    private readonly xLabel: string,
    private theme: ChartTheme,
  ) {
    this.element = document.createElement("figure");
    this.element.className = "chart";
    this.element.dataset.chart = title;
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    this.element.append(caption);
    this.data = { title, x: [], series: [] };
    this.observer.observe(this.element);
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.signature = "";
  }

  update(x: number[], lines: Line[]): void {
    this.data = { title: this.title, x, series: lines.map((line) => ({ label: line.label, values: line.values })) };
    const aligned = [x, ...lines.map((line) => line.values)] as uPlot.AlignedData;
    const signature = JSON.stringify([this.theme, lines.map((line) => [line.label, line.colour, line.dash ?? null, line.width ?? null])]);
    if (this.plot !== null && signature === this.signature) {
      this.plot.setData(aligned);
      return;
    }
    this.signature = signature;
    this.plot?.destroy();
    this.plot = new uPlot(this.options(lines), aligned, this.element);
  }

  /** Takes the width the layout gives the chart's figure (call once it is in the page). */
  fit(): void {
    const style = getComputedStyle(this.element);
    const inner = this.element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const next = Math.max(160, Math.floor(inner));
    if (!Number.isFinite(next) || this.element.clientWidth === 0 || next === this.width) return;
    this.width = next;
    this.plot?.setSize({ width: next, height: HEIGHT });
  }

  read(): ChartData {
    return this.data;
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.element.remove();
  }

  private options(lines: Line[]): uPlot.Options {
    const { foreground, grid, highContrast } = this.theme;
    const axis: uPlot.Axis = {
      stroke: foreground,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: "11px var(--vscode-font-family, sans-serif)",
    };
    return {
      width: this.width,
      height: HEIGHT,
      scales: { x: { time: false } },
      legend: { show: true, live: true },
      // Dragging across the chart zooms into those epochs; a double click zooms back out.
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      series: [
        { label: this.xLabel, value: (u, v, _s, index) => formatValue(index === null ? lastValue(u.data[0]) : v) },
        ...lines.map<uPlot.Series>((line) => ({
          label: line.label,
          stroke: line.colour,
          width: (line.width ?? 1.75) * (highContrast ? 1.5 : 1),
          dash: line.dash,
          spanGaps: true,
          points: { show: false },
          // Away from the cursor the legend shows each series' latest value.
          value: (u, v, seriesIndex, index) => formatValue(index === null ? lastValue(u.data[seriesIndex]) : v),
        })),
      ],
      axes: [
        { ...axis, label: this.xLabel, labelSize: 16, labelFont: axis.font, size: 30 },
        { ...axis, size: 52, values: (_u, ticks) => ticks.map((t) => formatTick(t)) },
      ],
    };
  }
}

/** A value in the legend: four significant digits, so 0.0123 and 1234 both read well. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-4) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}

function lastValue(values: ArrayLike<number | null | undefined> | undefined): number | null {
  if (values === undefined) return null;
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined && Number.isFinite(value)) return value;
  }
  return null;
}
