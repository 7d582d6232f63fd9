// JavaScript's operators on known values, restricted to what DSL.md §2 allows: arithmetic and
// comparisons on numbers, strings, booleans, null and undefined, and identity for the rest.
// Anything JavaScript would answer by converting an array or object to a string is refused,
// because that answer is almost never what a model file means.

import ts from "typescript";
import { UNKNOWN, type Value } from "../types";
import { isPrimitive, isTruthy, LIMITS, type Primitive } from "./values";

// TypeScript's module object exposes its members through getters; the ones used on hot paths
// are read once here.
const { SyntaxKind } = ts;

export type Known = Exclude<Value, typeof UNKNOWN>;

/** A computed value, or why the operation is outside the static subset. */
export type Outcome = { value: Known } | { refused: string };

export type ArithmeticOperator =
  | ts.SyntaxKind.PlusToken
  | ts.SyntaxKind.MinusToken
  | ts.SyntaxKind.AsteriskToken
  | ts.SyntaxKind.SlashToken
  | ts.SyntaxKind.PercentToken
  | ts.SyntaxKind.AsteriskAsteriskToken
  | ts.SyntaxKind.LessThanToken
  | ts.SyntaxKind.GreaterThanToken
  | ts.SyntaxKind.LessThanEqualsToken
  | ts.SyntaxKind.GreaterThanEqualsToken
  | ts.SyntaxKind.EqualsEqualsToken
  | ts.SyntaxKind.ExclamationEqualsToken
  | ts.SyntaxKind.EqualsEqualsEqualsToken
  | ts.SyntaxKind.ExclamationEqualsEqualsToken;

const ARITHMETIC = new Set<ts.SyntaxKind>([
  SyntaxKind.PlusToken,
  SyntaxKind.MinusToken,
  SyntaxKind.AsteriskToken,
  SyntaxKind.SlashToken,
  SyntaxKind.PercentToken,
  SyntaxKind.AsteriskAsteriskToken,
  SyntaxKind.LessThanToken,
  SyntaxKind.GreaterThanToken,
  SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
]);

export function isArithmeticOperator(kind: ts.SyntaxKind): kind is ArithmeticOperator {
  return ARITHMETIC.has(kind);
}

export function applyBinary(operator: ArithmeticOperator, left: Known, right: Known): Outcome {
  // Identity comparisons are exact for every value: the evaluator makes one object per literal
  // evaluated, as JavaScript does, and a primitive never equals an object.
  if (operator === SyntaxKind.EqualsEqualsEqualsToken) return { value: left === right };
  if (operator === SyntaxKind.ExclamationEqualsEqualsToken) return { value: left !== right };
  if (!isPrimitive(left) || !isPrimitive(right)) {
    const loose = operator === SyntaxKind.EqualsEqualsToken || operator === SyntaxKind.ExclamationEqualsToken;
    // `object == null` is false in JavaScript without converting the object.
    if (loose && (left === null || left === undefined || right === null || right === undefined || (!isPrimitive(left) && !isPrimitive(right)))) {
      const equal = left === right;
      return { value: operator === SyntaxKind.EqualsEqualsToken ? equal : !equal };
    }
    return { refused: `'${ts.tokenToString(operator)}' on an array, object, layer or function` };
  }
  return { value: primitiveBinary(operator, left, right) };
}

function primitiveBinary(operator: ArithmeticOperator, a: Primitive, b: Primitive): Primitive {
  // The casts only tell TypeScript what JavaScript does anyway: each operator converts its
  // primitive operands itself, and that conversion is exactly the semantics wanted here.
  const x = a as number;
  const y = b as number;
  switch (operator) {
    case SyntaxKind.PlusToken:
      return typeof a === "string" || typeof b === "string" ? String(a) + String(b) : x + y;
    case SyntaxKind.MinusToken:
      return x - y;
    case SyntaxKind.AsteriskToken:
      return x * y;
    case SyntaxKind.SlashToken:
      return x / y;
    case SyntaxKind.PercentToken:
      return x % y;
    case SyntaxKind.AsteriskAsteriskToken:
      return x ** y;
    case SyntaxKind.LessThanToken:
      return x < y;
    case SyntaxKind.GreaterThanToken:
      return x > y;
    case SyntaxKind.LessThanEqualsToken:
      return x <= y;
    case SyntaxKind.GreaterThanEqualsToken:
      return x >= y;
    case SyntaxKind.EqualsEqualsToken:
      return x == y;
    case SyntaxKind.ExclamationEqualsToken:
      return x != y;
    case SyntaxKind.EqualsEqualsEqualsToken:
      return x === y;
    case SyntaxKind.ExclamationEqualsEqualsToken:
      return x !== y;
  }
}

export type UnaryOperator = ts.SyntaxKind.MinusToken | ts.SyntaxKind.PlusToken | ts.SyntaxKind.ExclamationToken;

export function isUnaryOperator(kind: ts.SyntaxKind): kind is UnaryOperator {
  return kind === SyntaxKind.MinusToken || kind === SyntaxKind.PlusToken || kind === SyntaxKind.ExclamationToken;
}

export function applyUnary(operator: UnaryOperator, operand: Known): Outcome {
  switch (operator) {
    case SyntaxKind.ExclamationToken:
      return { value: !isTruthy(operand) };
    case SyntaxKind.MinusToken:
    case SyntaxKind.PlusToken:
      if (!isPrimitive(operand)) return { refused: `'${ts.tokenToString(operator)}' on an array, object, layer or function` };
      return { value: operator === SyntaxKind.MinusToken ? -(operand as number) : Number(operand) };
  }
}

/** A string result longer than the limit is refused rather than built. */
export function checkString(outcome: Outcome): Outcome {
  if ("value" in outcome && typeof outcome.value === "string" && outcome.value.length > LIMITS.maxStringLength) {
    return { refused: `a string longer than ${LIMITS.maxStringLength.toLocaleString("en-US")} characters` };
  }
  return outcome;
}
