// Scalers, fitted on the training split only and then applied to both splits: the test split
// must be transformed with statistics it did not contribute to, or evaluation would be optimistic.

import type { ScaleKind } from "../../core/data";
import type { Scaler } from "./types";

/**
 * Fits one statistic per column of the row-major `x` (`width` columns). Columns with
 * `scaled[c] === false` get the identity (shift 0, divisor 1), so they pass through unchanged.
 */
export function fitColumnScaler(kind: ScaleKind, x: Float32Array, width: number, scaled: boolean[]): Scaler {
  if (kind === "none") return { kind };
  const rows = width === 0 ? 0 : x.length / width;
  if (kind === "standard") {
    const mean = new Array<number>(width).fill(0);
    const std = new Array<number>(width).fill(1);
    for (let c = 0; c < width; c++) {
      if (!scaled[c] || rows === 0) continue;
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * width + c];
      const m = sum / rows;
      let squares = 0;
      for (let r = 0; r < rows; r++) squares += (x[r * width + c] - m) ** 2;
      mean[c] = m;
      std[c] = nonZero(Math.sqrt(squares / rows));
    }
    return { kind, mean, std };
  }
  const min = new Array<number>(width).fill(0);
  const max = new Array<number>(width).fill(1);
  for (let c = 0; c < width; c++) {
    if (!scaled[c] || rows === 0) continue;
    let low = Infinity;
    let high = -Infinity;
    for (let r = 0; r < rows; r++) {
      const v = x[r * width + c];
      if (v < low) low = v;
      if (v > high) high = v;
    }
    min[c] = low;
    max[c] = high > low ? high : low + 1;
  }
  return { kind, min, max };
}

/** Fits one statistic over every value of `x` (images: one brightness scale for all pixels). */
export function fitGlobalScaler(kind: ScaleKind, x: Float32Array): Scaler {
  return fitColumnScaler(kind, x, 1, [true]);
}

/** Applies `scaler` in place; statistics of length 1 apply to every value. */
export function applyScaler(scaler: Scaler, x: Float32Array, width: number): void {
  if (scaler.kind === "none") return;
  const shift = scaler.kind === "standard" ? scaler.mean : scaler.min;
  const divisor = scaler.kind === "standard" ? scaler.std : scaler.max.map((high, c) => high - scaler.min[c]);
  if (shift.length === 1) {
    const s = shift[0];
    const d = divisor[0];
    for (let i = 0; i < x.length; i++) x[i] = (x[i] - s) / d;
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const c = i % width;
    x[i] = (x[i] - shift[c]) / divisor[c];
  }
}

/** A constant column has no spread; dividing by 1 leaves it centred instead of turning it into NaN. */
function nonZero(spread: number): number {
  return spread > 0 ? spread : 1;
}
