// How numbers appear in the arithmetic texts: the typographic minus and middle dot that DSL.md
// uses, and "?" for a size that is not known.

import type { Dim } from "../types";

/** The minus sign (U+2212) used in every explanation, so `−1` reads as a number, not a dash. */
export const MINUS = "\u2212";
/** The multiplication dot (U+00B7), as in `2·1`. */
export const TIMES = "\u00b7";

/** A number as the texts show it: negative numbers with the real minus sign, unknown as `?`. */
export function num(value: Dim | undefined): string {
  if (value === null || value === undefined) return "?";
  return value < 0 ? `${MINUS}${-value}` : String(value);
}
