// Number and size formatting shared by every place that shows figures to a person.

import type { Shape } from "./types";

/** `[26, 26, 32]`; unknown sizes as `?`, an unknown rank as `?`. */
export function formatShape(shape: Shape): string {
  if (shape === null) return "?";
  return `[${shape.map((d) => (d === null ? "?" : String(d))).join(", ")}]`;
}

/** `34,826`, or `?` when unknown. */
export function formatCount(value: number | null): string {
  return value === null ? "?" : value.toLocaleString("en-US");
}

/** Bytes as Keras prints them: `136.04 KB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

/** `4.88 MFLOPs`: decimal prefixes, as FLOP counts are usually quoted. */
export function formatFlops(flops: number): string {
  const prefixes: [number, string][] = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [scale, prefix] of prefixes) {
    if (flops >= scale) return `${(flops / scale).toFixed(2)} ${prefix}FLOPs`;
  }
  return `${flops} FLOPs`;
}
