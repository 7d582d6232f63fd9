// Output sizes of the layers that grow an axis: transposed convolution, upsampling and explicit
// zero padding, each with the explanation the tools show.

import type { AxisArithmetic, Dim } from "../types";
import { MINUS, TIMES, num } from "./text";
import type { PaddingMode } from "./window";

export interface TransposeAxis {
  axis: string;
  input: Dim;
  kernel: Dim;
  stride: Dim;
  padding: PaddingMode | null;
}

/**
 * A transposed convolution's output size as TensorFlow.js computes it (`deconvLength`):
 * "valid" → `m·s + max(n − s, 0)`, "same" → `m·s`. DSL.md states "valid" as `(m − 1)·s + n`,
 * which is the same number whenever the kernel is at least the stride; when it is smaller,
 * TensorFlow.js gives `m·s` and we follow TensorFlow.js, since that is the model that trains.
 */
export function transposeAxis(spec: TransposeAxis): AxisArithmetic {
  const { axis, input: m, kernel: n, stride: s, padding } = spec;
  const result: AxisArithmetic = { axis, input: m, output: null, text: "", formula: "" };
  if (n !== null) result.kernel = n;
  if (s !== null) result.stride = s;
  if (padding === null) {
    result.text = "? (the padding is not known)";
    result.formula = "?";
    return result;
  }
  const known = m !== null && n !== null && s !== null;
  if (padding === "same") {
    result.output = known ? m * s : null;
    result.text = `${num(m)}${TIMES}${num(s)} = ${num(result.output)}`;
    result.formula = `m${TIMES}s`;
    return result;
  }
  result.output = known ? m * s + Math.max(n - s, 0) : null;
  if (n !== null && s !== null && n < s) {
    result.text = `${num(m)}${TIMES}${num(s)} = ${num(result.output)}`;
    result.formula = `m${TIMES}s (TensorFlow.js, when n < s)`;
  } else {
    result.text = `(${num(m)} ${MINUS} 1)${TIMES}${num(s)} + ${num(n)} = ${num(result.output)}`;
    result.formula = `(m ${MINUS} 1)${TIMES}s + n`;
  }
  return result;
}

/** Nearest-neighbour upsampling repeats every row (or column) `size` times. */
export function upsampleAxis(spec: { axis: string; input: Dim; size: Dim }): AxisArithmetic {
  const { axis, input: m, size } = spec;
  const output = m !== null && size !== null ? m * size : null;
  return { axis, input: m, output, text: `${num(m)}${TIMES}${num(size)} = ${num(output)}`, formula: `m${TIMES}size` };
}

/** Zero padding adds `before` rows (or columns) in front and `after` behind. */
export function zeroPadAxis(spec: { axis: string; input: Dim; before: Dim; after: Dim }): AxisArithmetic {
  const { axis, input: m, before, after } = spec;
  const output = m !== null && before !== null && after !== null ? m + before + after : null;
  const result: AxisArithmetic = {
    axis,
    input: m,
    output,
    text: `${num(m)} + ${num(before)} + ${num(after)} = ${num(output)}`,
    formula: "m + before + after",
  };
  if (before !== null) result.padBefore = before;
  if (after !== null) result.padAfter = after;
  return result;
}
