// The spatial part shared by convolutions and poolings: per-axis output sizes with their
// arithmetic, the "window larger than the input" error with its fixes, and the information that
// a stride leaves border rows uncovered.

import { type PaddingMode, type WindowAxis, num, windowAxis } from "../shape";
import type { AxisArithmetic, Dim } from "../types";
import type { FixPlan, InferContext, Issue, ResolvedOptions } from "./rule";

export const AXES_1D = ["length"] as const;
export const AXES_2D = ["height", "width"] as const;

export interface WindowLayer {
  type: string;
  /** "kernelSize" or "poolSize": the option that holds the window size. */
  windowOption: string;
  /** The spatial input sizes (without channels). */
  spatial: Dim[];
  kernel: Dim[];
  strides: Dim[];
  dilation: Dim[];
  padding: PaddingMode | null;
  /** Whether the layer has a `padding` option a fix may set. */
  canPad: boolean;
  /** The smallest window a fix may propose (pooling by 1 does nothing). */
  minWindow: number;
  options: ResolvedOptions;
  context: InferContext;
}

export interface WindowResult {
  /** Output sizes per axis; a size ≤ 0 is reported and becomes null. */
  sizes: Dim[];
  arithmetic: AxisArithmetic[];
  issues: Issue[];
}

const BORDER_UNITS: Record<string, [string, string]> = {
  height: ["row", "rows"],
  width: ["column", "columns"],
  length: ["step", "steps"],
};

export function slideWindows(layer: WindowLayer): WindowResult {
  const axes = layer.spatial.length === 1 ? AXES_1D : AXES_2D;
  const preceding = layer.padding === "valid" && axes.length === 2 ? layer.context.precedingPadding : null;
  const arithmetic = axes.map((axis, i) => {
    const spec: WindowAxis = {
      axis,
      input: preceding === null ? layer.spatial[i] : preceding.input[i],
      kernel: layer.kernel[i],
      stride: layer.strides[i],
      dilation: layer.dilation[i],
      padding: layer.padding,
    };
    if (preceding !== null) spec.explicitPadding = { before: preceding.padding[i][0], after: preceding.padding[i][1] };
    return windowAxis(spec);
  });
  const sizes = arithmetic.map((a) => (a.output !== null && a.output <= 0 ? null : a.output));
  const issues: Issue[] = [];
  const failing = arithmetic.map((a, i) => ({ a, i })).filter(({ a }) => a.output !== null && a.output <= 0);
  if (failing.length > 0) issues.push(tooLarge(layer, failing));
  else {
    const truncation = dropped(layer, arithmetic);
    if (truncation !== null) issues.push(truncation);
  }
  return { sizes, arithmetic, issues };
}

/** The padded size along an axis, as the window sees it. */
function paddedInput(layer: WindowLayer, i: number): Dim {
  return layer.spatial[i];
}

function tooLarge(layer: WindowLayer, failing: { a: AxisArithmetic; i: number }[]): Issue {
  const first = failing[0];
  const n = layer.kernel[first.i] ?? 0;
  const d = layer.dilation[first.i] ?? 1;
  const m = paddedInput(layer, first.i) ?? 0;
  const where = failing.map(({ a, i }) => `${a.axis} ${num(paddedInput(layer, i))}`).join(" and ");
  const texts = failing.map(({ a }) => a.text);
  const shown = texts.every((t) => t === texts[0]) ? texts[0] : failing.map(({ a }) => `${a.axis}: ${a.text}`).join(", ");
  const span = d * (n - 1) + 1;
  const isPool = layer.windowOption === "poolSize";
  const what =
    d > 1
      ? `${layer.windowOption} ${num(n)} with dilationRate ${num(d)} spans ${num(span)}, more than the input ${where}`
      : `${layer.windowOption} ${num(n)} is larger than the input ${where}`;
  const advice = isPool
    ? `Remove a pooling layer before it, use padding: "same", or a larger input.`
    : `Use a smaller kernel, padding: "same", or a larger input.`;
  const issue: Issue = { code: "nn/negative-dimension", message: `${layer.type}: ${what}: ${shown}. ${advice}` };
  // The range goes to the option that makes the window too large, when it is written.
  const blameDilation = d > 1 && n <= m && layer.options.written.has("dilationRate");
  if (blameDilation) issue.option = "dilationRate";
  else if (layer.options.written.has(layer.windowOption)) issue.option = layer.windowOption;
  issue.fixes = windowFixes(layer);
  return issue;
}

function windowFixes(layer: WindowLayer): FixPlan[] {
  const fixes: FixPlan[] = [];
  if (layer.canPad) fixes.push({ kind: "setOption", title: 'Use padding: "same"', option: "padding", text: '"same"' });
  // The largest window that fits every axis: d·(n − 1) + 1 ≤ m.
  const fitted: number[] = [];
  for (let i = 0; i < layer.spatial.length; i++) {
    const m = paddedInput(layer, i);
    const n = layer.kernel[i];
    const d = layer.dilation[i];
    if (m === null || n === null || d === null) return fixes;
    fitted.push(Math.min(n, Math.floor((m - 1) / d) + 1));
  }
  if (fitted.some((n) => n < layer.minWindow)) return fixes;
  const text = fitted.every((n) => n === fitted[0]) ? String(fitted[0]) : `[${fitted.join(", ")}]`;
  fixes.push({ kind: "setOption", title: `Use ${layer.windowOption}: ${text}`, option: layer.windowOption, text });
  return fixes;
}

function dropped(layer: WindowLayer, arithmetic: AxisArithmetic[]): Issue | null {
  const lossy = arithmetic.filter((a) => (a.dropped ?? 0) > 0);
  if (lossy.length === 0) return null;
  const covers = lossy.map((a) => {
    const [, many] = BORDER_UNITS[a.axis] ?? ["row", "rows"];
    const total = (a.input ?? 0) + (a.padBefore ?? 0) + (a.padAfter ?? 0);
    return `${num(total - (a.dropped ?? 0))} of ${num(total)} ${many}`;
  });
  const texts = lossy.map((a) => a.text);
  const shown = texts.every((t) => t === texts[0]) ? texts[0] : lossy.map((a) => `${a.axis}: ${a.text}`).join(", ");
  const first = lossy[0];
  const what = `${layer.windowOption} ${num(first.kernel ?? null)} with strides ${num(first.stride ?? null)}`;
  const canFix = layer.canPad && layer.padding === "valid";
  const issue: Issue = {
    code: "nn/pool-truncation",
    message:
      `${layer.type}: ${what} covers ${covers.join(" and ")} (${shown}); the rest at the border is dropped. ` +
      (canFix ? `Use padding: "same" to keep it, or an input size that fits.` : `Use an input size that fits.`),
  };
  // "same" covers the border whenever the window is at least the stride.
  const sameCovers = lossy.every((a) => (a.dilation ?? 1) * ((a.kernel ?? 0) - 1) + 1 >= (a.stride ?? Infinity));
  if (canFix && sameCovers) {
    issue.fixes = [{ kind: "setOption", title: 'Use padding: "same"', option: "padding", text: '"same"' }];
  }
  return issue;
}

/** strides > 1 together with dilationRate > 1 is refused by TensorFlow.js's convolution ops. */
export function dilationWithStrides(type: string, options: ResolvedOptions, rank: number): Issue[] {
  const dilation = options.size("dilationRate", rank);
  const strides = options.size("strides", rank);
  const dilated = dilation.some((d) => d !== null && d > 1);
  const strided = strides.some((s) => s !== null && s > 1);
  if (!dilated || !strided) return [];
  return [
    {
      code: "nn/invalid-option",
      option: "dilationRate",
      message:
        `${type}: dilationRate > 1 cannot be combined with strides > 1; TensorFlow.js needs one of them to be 1. ` +
        `Use strides: 1 with the dilation, or dilationRate: 1 with the strides.`,
    },
  ];
}
