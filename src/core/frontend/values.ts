// The evaluator's function values and small helpers on values. Functions stay opaque outside the
// evaluator (`FunctionValue` in types.ts); inside it they carry what a call needs.

export { describeValue } from "../describe";
import type * as ts from "typescript";
import type { ArrayValue, CallValue, FunctionValue, ObjectValue, Span, Value } from "../types";
import { UNKNOWN } from "../types";
import type { Scope } from "./scope";

/** Bounds that keep evaluation finite whatever the file says (DSL.md §2: never a hang). */
export const LIMITS = {
  /** The most elements one array (a `repeat`, a spread, a `.map`) may hold. */
  maxElements: 100_000,
  /** The most values one value may contain, counting nested ones (shared parts counted each time). */
  maxValueSize: 500_000,
  /** The longest string a template or `+` may build. */
  maxStringLength: 1_000_000,
  /** Calls of the file's own functions nested deeper than this are reported (DSL.md §2). */
  maxCallDepth: 32,
  /** Expressions nested deeper than this are reported instead of recursing further. */
  maxNesting: 1_000,
  /** Evaluation steps for one file: far beyond any real model, small enough to stay well under a second. */
  stepBudget: 500_000,
} as const;

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/** A function declared in the model file, with the scope it closes over. */
export class Closure implements FunctionValue {
  readonly kind = "function" as const;
  constructor(
    readonly name: string,
    readonly span: Span,
    readonly node: FunctionLike,
    readonly scope: Scope,
  ) {}
}

/** A function exported by "nn-studio", referenced without being called (`.map(dense)`). */
export class NnFunction implements FunctionValue {
  readonly kind = "function" as const;
  constructor(
    /** The canonical export name. */
    readonly name: string,
    /** Where the file refers to it (`dense`, `d` or `nn.dense`). */
    readonly span: Span,
  ) {}
}

export const MATH_FUNCTIONS = ["floor", "ceil", "round", "min", "max", "abs", "sqrt", "pow"] as const;
export type MathFunctionName = (typeof MATH_FUNCTIONS)[number];

export function isMathFunctionName(name: string): name is MathFunctionName {
  return (MATH_FUNCTIONS as readonly string[]).includes(name);
}

/** One of the `Math` functions of DSL.md §2. */
export class MathFunction implements FunctionValue {
  readonly kind = "function" as const;
  readonly name: string;
  constructor(
    readonly method: MathFunctionName,
    readonly span: Span,
  ) {
    this.name = `Math.${method}`;
  }
}

export type Primitive = number | string | boolean | null | undefined;

export function isPrimitive(value: Value): value is Primitive {
  return value === null || value === undefined || typeof value === "number" || typeof value === "string" || typeof value === "boolean";
}

export function isArrayValue(value: Value): value is ArrayValue {
  return typeof value === "object" && value !== null && value.kind === "array";
}

export function isObjectValue(value: Value): value is ObjectValue {
  return typeof value === "object" && value !== null && value.kind === "object";
}

export function isCallValue(value: Value): value is CallValue {
  return typeof value === "object" && value !== null && value.kind === "call";
}

export function isFunctionValue(value: Value): value is FunctionValue {
  return typeof value === "object" && value !== null && value.kind === "function";
}

/** JavaScript truthiness; every array, object, call and function is truthy. */
export function isTruthy(value: Exclude<Value, typeof UNKNOWN>): boolean {
  return isPrimitive(value) ? Boolean(value) : true;
}

