// Layer options as data: each option has a type, a default, a one-line doc and, for the
// numbers, the allowed range. Validation turns an evaluated value into a plain JSON value (the
// form TensorFlow.js takes) or says what was expected; an unknown value is neither valid nor
// invalid, it stays unknown and is never reported.

import { closest } from "../suggest";
import { type Value, UNKNOWN } from "../types";
import { num } from "../shape";

/** A plain JSON value; `null` stands for "not known". */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The activations tfjs-layers accepts (DSL.md §4). */
export const ACTIVATIONS = [
  "linear",
  "relu",
  "relu6",
  "elu",
  "selu",
  "sigmoid",
  "hardSigmoid",
  "tanh",
  "softmax",
  "softplus",
  "softsign",
  "swish",
  "mish",
  "gelu",
] as const;

export type OptionType =
  /** An integer within `[min, max]`. */
  | { kind: "integer"; min?: number; max?: number }
  /** A finite number within the range; `exclusiveMax` makes `[min, max)`. */
  | { kind: "number"; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }
  | { kind: "boolean" }
  | { kind: "string" }
  | { kind: "enum"; values: readonly string[] }
  /** A positive integer, or one per spatial axis (`[h, w]`); resolved to an array of `rank`. */
  | { kind: "size"; rank: 1 | 2 }
  /** `zeroPadding2d`'s padding: n, [h, w] or [[top, bottom], [left, right]]; resolved to the last form. */
  | { kind: "padding2d" }
  /** `reshape`'s target: positive integers and at most one -1 (the element count is checked by the rule). */
  | { kind: "targetShape" }
  /** `permute`'s 1-based axis order. */
  | { kind: "dims" }
  /** An axis counted as in tfjs, the batch axis being 0: a non-zero integer, negative from the end. */
  | { kind: "axis"; list: boolean }
  /** `bidirectional`'s wrapped layer: a call of one of `types`. */
  | { kind: "layer"; types: readonly string[] };

export interface OptionSpec {
  name: string;
  type: OptionType;
  /** The value used when the option is absent; undefined when there is none. */
  default?: Json;
  /** How the default reads when it depends on another option (pooling strides = poolSize). */
  defaultFrom?: string;
  required?: boolean;
  /** One line for completions, hovers and the type declarations. */
  doc: string;
  /** A valid example value, as source text, used in messages (`units: 64`). */
  example: string;
}

export function option(
  name: string,
  type: OptionType,
  doc: string,
  example: string,
  extra: { default?: Json; defaultFrom?: string; required?: boolean } = {},
): OptionSpec {
  return { name, type, doc, example, ...extra };
}

// Options many layers share, declared once so their wording stays the same everywhere.
export const NAME_OPTION = option("name", { kind: "string" }, "The layer's name in summaries and saved models; unique within the model.", '"conv1"');
export const ACTIVATION_OPTION = option("activation", { kind: "enum", values: ACTIVATIONS }, "The activation applied to the output.", '"relu"', {
  default: "linear",
});
export const USE_BIAS_OPTION = option("useBias", { kind: "boolean" }, "Whether the layer adds a learned bias.", "false", { default: true });
export const PADDING_OPTION = option(
  "padding",
  { kind: "enum", values: ["valid", "same"] },
  '"valid" uses no padding, so the output shrinks; "same" pads with zeros so that the output size is ceil(m / s).',
  '"same"',
  { default: "valid" },
);

export type Resolution =
  | { status: "valid"; value: Json }
  | { status: "unknown" }
  | { status: "invalid"; expected: string; suggestion?: string };

const VALID = (value: Json): Resolution => ({ status: "valid", value });
const UNKNOWN_RESOLUTION: Resolution = { status: "unknown" };

function invalid(expected: string, suggestion?: string): Resolution {
  return suggestion === undefined ? { status: "invalid", expected } : { status: "invalid", expected, suggestion };
}

function isInteger(value: Value): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

function isArray(value: Value): value is Extract<Value, { kind: "array" }> {
  return typeof value === "object" && value !== null && value.kind === "array";
}

/** Validates one option's value against its type. `undefined` never reaches here (it is "absent"). */
export function resolveOption(type: OptionType, value: Value): Resolution {
  if (value === UNKNOWN) return UNKNOWN_RESOLUTION;
  switch (type.kind) {
    // Expectations are only spelled out for invalid values: this runs on every keystroke.
    case "integer": {
      const inRange = isInteger(value) && !(type.min !== undefined && value < type.min) && !(type.max !== undefined && value > type.max);
      return inRange ? VALID(value) : invalid(integerExpectation(type.min, type.max));
    }
    case "number": {
      const inRange =
        typeof value === "number" &&
        Number.isFinite(value) &&
        !(type.min !== undefined && (type.exclusiveMin ? value <= type.min : value < type.min)) &&
        !(type.max !== undefined && (type.exclusiveMax ? value >= type.max : value > type.max));
      return inRange ? VALID(value) : invalid(numberExpectation(type));
    }
    case "boolean":
      return typeof value === "boolean" ? VALID(value) : invalid("true or false");
    case "string":
      return typeof value === "string" ? VALID(value) : invalid("a string");
    case "enum": {
      if (typeof value === "string" && type.values.includes(value)) return VALID(value);
      const expected = `one of ${type.values.map((v) => `"${v}"`).join(", ")}`;
      return typeof value === "string" ? invalid(expected, closest(value, type.values)) : invalid(expected);
    }
    case "size":
      return resolveSize(type.rank, value);
    case "padding2d":
      return resolvePadding2d(value);
    case "targetShape":
      return resolveTargetShape(value);
    case "dims":
      return resolveDims(value);
    case "axis":
      return resolveAxis(type.list, value);
    case "layer": {
      const expected = `a call of ${type.types.join(", ")}`;
      if (typeof value === "object" && value !== null && value.kind === "call" && type.types.includes(value.fn)) return VALID(value.fn);
      return invalid(expected);
    }
  }
}

function integerExpectation(min: number | undefined, max: number | undefined): string {
  if (min === 1 && max === undefined) return "a positive integer";
  if (min === 0 && max === undefined) return "a non-negative integer";
  if (min !== undefined && max !== undefined) return `an integer from ${num(min)} to ${num(max)}`;
  if (min !== undefined) return `an integer ≥ ${num(min)}`;
  if (max !== undefined) return `an integer ≤ ${num(max)}`;
  return "an integer";
}

function numberExpectation(type: Extract<OptionType, { kind: "number" }>): string {
  const { min, max } = type;
  if (min !== undefined && max !== undefined) {
    return `a number in ${type.exclusiveMin ? "(" : "["}${num(min)}, ${num(max)}${type.exclusiveMax ? ")" : "]"}`;
  }
  if (min !== undefined) return type.exclusiveMin ? `a number > ${num(min)}` : `a number ≥ ${num(min)}`;
  if (max !== undefined) return type.exclusiveMax ? `a number < ${num(max)}` : `a number ≤ ${num(max)}`;
  return "a number";
}

function resolveSize(rank: 1 | 2, value: Value): Resolution {
  const expected =
    rank === 1 ? "a positive integer" : "a positive integer, or a pair [height, width] of positive integers";
  if (isInteger(value)) return value >= 1 ? VALID(rank === 1 ? [value] : [value, value]) : invalid(expected);
  if (!isArray(value) || value.items.length !== rank) return invalid(expected);
  const out: Json[] = [];
  for (const item of value.items) {
    if (item.value === UNKNOWN) out.push(null);
    else if (isInteger(item.value) && item.value >= 1) out.push(item.value);
    else return invalid(expected);
  }
  return VALID(out);
}

/** A non-negative integer, or null for an unknown item; undefined for anything else. */
function padAmount(value: Value): number | null | undefined {
  if (value === UNKNOWN) return null;
  return isInteger(value) && value >= 0 ? value : undefined;
}

function resolvePadding2d(value: Value): Resolution {
  const expected = "a non-negative integer, a pair [height, width], or [[top, bottom], [left, right]]";
  const single = padAmount(value);
  if (single !== undefined) {
    return single === null ? UNKNOWN_RESOLUTION : VALID([[single, single], [single, single]]);
  }
  if (!isArray(value) || value.items.length !== 2) return invalid(expected);
  const pairs: Json[] = [];
  for (const item of value.items) {
    const amount = padAmount(item.value);
    if (amount !== undefined) {
      pairs.push([amount, amount]);
      continue;
    }
    if (!isArray(item.value) || item.value.items.length !== 2) return invalid(expected);
    const pair: Json[] = [];
    for (const inner of item.value.items) {
      const side = padAmount(inner.value);
      if (side === undefined) return invalid(expected);
      pair.push(side);
    }
    pairs.push(pair);
  }
  return VALID(pairs);
}

function resolveTargetShape(value: Value): Resolution {
  const expected = "an array of positive integers, one of which may be -1";
  if (!isArray(value) || value.items.length === 0) return invalid(expected);
  const out: Json[] = [];
  for (const item of value.items) {
    if (item.value === UNKNOWN) out.push(null);
    else if (isInteger(item.value) && (item.value >= 1 || item.value === -1)) out.push(item.value);
    else return invalid(expected);
  }
  return VALID(out);
}

function resolveDims(value: Value): Resolution {
  const expected = "a permutation of the axes 1, 2, …, rank (1-based, without the batch axis), e.g. [2, 1]";
  if (!isArray(value) || value.items.length === 0) return invalid(expected);
  const out: number[] = [];
  for (const item of value.items) {
    if (item.value === UNKNOWN) return UNKNOWN_RESOLUTION;
    if (!isInteger(item.value)) return invalid(expected);
    out.push(item.value);
  }
  const sorted = [...out].sort((a, b) => a - b);
  if (!sorted.every((axis, i) => axis === i + 1)) return invalid(expected);
  return VALID(out);
}

function resolveAxis(list: boolean, value: Value): Resolution {
  const expected = list
    ? "a non-zero integer axis (-1 is the last; 0 is the batch axis) or an array of them"
    : "a non-zero integer axis (-1 is the last; 0 is the batch axis)";
  if (isInteger(value)) return value === 0 ? invalid(expected) : VALID(value);
  if (!list || !isArray(value) || value.items.length === 0) return invalid(expected);
  const out: number[] = [];
  for (const item of value.items) {
    if (item.value === UNKNOWN) return UNKNOWN_RESOLUTION;
    if (!isInteger(item.value) || item.value === 0) return invalid(expected);
    out.push(item.value);
  }
  return VALID(out);
}

