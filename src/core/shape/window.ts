// Output size of a sliding window (convolution or pooling) along one spatial axis, with the
// explanation that hovers, the topology view and diagnostics show (DSL.md §4).

import type { AxisArithmetic, Dim } from "../types";
import { MINUS, TIMES, num } from "./text";

export type PaddingMode = "valid" | "same";

export interface WindowAxis {
  /** "height", "width" or "length". */
  axis: string;
  /** The input size `m`; with `explicitPadding`, the size before that padding was added. */
  input: Dim;
  /** The window size `n` (kernel or pool size). */
  kernel: Dim;
  stride: Dim;
  /** Defaults to 1. */
  dilation?: Dim;
  /** Null when the padding option is not known. */
  padding: PaddingMode | null;
  /**
   * Zero padding that a preceding `zeroPadding2d` added on this axis. The text then shows the
   * padding inside the formula (`floor((28 − 3 + 2·1) / 1) + 1 = 28`) instead of starting from
   * the already padded size, which is how the arithmetic is usually taught.
   */
  explicitPadding?: { before: number; after: number };
}

/**
 * The output size the way TensorFlow.js computes it (`convOutputLength`): "valid" gives
 * `floor((m − d·(n − 1) − 1) / s) + 1`, which may be zero or negative when the window does not
 * fit; "same" gives `ceil(m / s)`.
 */
export function windowAxis(spec: WindowAxis): AxisArithmetic {
  const { axis, input: m, kernel: n, stride: s, padding } = spec;
  const d = spec.dilation === undefined ? 1 : spec.dilation;
  const explicit = spec.explicitPadding;
  const result: AxisArithmetic = { axis, input: m, output: null, text: "", formula: "" };
  if (n !== null) result.kernel = n;
  if (s !== null) result.stride = s;
  if (d !== null) result.dilation = d;

  if (padding === null) {
    result.text = "? (the padding is not known)";
    result.formula = "?";
    return result;
  }

  const extraBefore = explicit?.before ?? 0;
  const extraAfter = explicit?.after ?? 0;
  const padded = m === null ? null : m + extraBefore + extraAfter;
  const known = padded !== null && n !== null && s !== null && d !== null;
  const effective = n !== null && d !== null ? d * (n - 1) + 1 : null;

  let output: Dim = null;
  if (known && effective !== null) {
    output = padding === "same" ? Math.ceil(padded / s) : Math.floor((padded - effective) / s) + 1;
  }
  result.output = output;

  if (padding === "same") {
    const shown = explicit === undefined ? num(m) : `(${num(m)} + ${paddingTerm(explicit)})`;
    result.text = `ceil(${shown} / ${num(s)}) = ${num(output)}`;
    result.formula = explicit === undefined ? "ceil(m / s)" : `ceil((m + ${paddingLetters(explicit)}) / s)`;
  } else {
    const simple = d === 1;
    const pad = explicit === undefined ? "" : paddingTerm(explicit);
    if (simple) {
      const padPart = pad === "" ? "" : ` + ${pad}`;
      result.text = `floor((${num(m)} ${MINUS} ${num(n)}${padPart}) / ${num(s)}) + 1 = ${num(output)}`;
      result.formula =
        explicit === undefined ? `floor((m ${MINUS} n) / s) + 1` : `floor((m ${MINUS} n + ${paddingLetters(explicit)}) / s) + 1`;
    } else {
      const padPart = pad === "" ? "" : ` + ${pad}`;
      result.text =
        `floor((${num(m)}${padPart} ${MINUS} ${num(d)}${TIMES}(${num(n)} ${MINUS} 1) ${MINUS} 1) / ${num(s)}) + 1 = ${num(output)}`;
      const padLetters = explicit === undefined ? "" : ` + ${paddingLetters(explicit)}`;
      result.formula = `floor((m${padLetters} ${MINUS} d${TIMES}(n ${MINUS} 1) ${MINUS} 1) / s) + 1`;
    }
  }

  if (known && effective !== null && output !== null && output >= 1) {
    // TensorFlow splits "same" padding with the odd pixel after (SAME_UPPER); "valid" adds none
    // of its own, so only padding from a preceding zeroPadding2d shows up.
    let before = extraBefore;
    let after = extraAfter;
    if (padding === "same") {
      const total = Math.max((output - 1) * s + effective - padded, 0);
      before += Math.floor(total / 2);
      after += total - Math.floor(total / 2);
    }
    result.padBefore = before;
    result.padAfter = after;
    const covered = (output - 1) * s + effective;
    const total = m === null ? 0 : m + before + after;
    result.dropped = Math.max(0, total - covered);
  }
  return result;
}

function paddingTerm(explicit: { before: number; after: number }): string {
  return explicit.before === explicit.after ? `2${TIMES}${num(explicit.before)}` : `${num(explicit.before)} + ${num(explicit.after)}`;
}

function paddingLetters(explicit: { before: number; after: number }): string {
  return explicit.before === explicit.after ? "2p" : "p_before + p_after";
}
