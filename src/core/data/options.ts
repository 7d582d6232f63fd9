// Reading a data function's options from the evaluated call: the checks shared by every data
// function (unknown names, types, ranges), each reported once at the smallest range at fault.
// A value the evaluator could not compute is UNKNOWN: it is read as unknown and never reported,
// because the expression that made it has been reported already (DSL.md §2).

import { describeValue } from "../describe";
import { didYouMean, closest } from "../suggest";
import { UNKNOWN } from "../types";
import type { Diagnostic, ObjectValue, Property, Span, Unknown, Value } from "../types";

/** A plain JavaScript value: what an option means once it is fully known. */
export type Plain = number | string | boolean | null | undefined | Plain[] | { [key: string]: Plain };

/** Marks a value that is known but is not data (a call or a function), so it is invalid for any option. */
export const NOT_DATA: unique symbol = Symbol("not data");
export type NotData = typeof NOT_DATA;

/**
 * The plain value of an evaluated value: UNKNOWN when any part of it is unknown, NOT_DATA when
 * it holds a call or a function (an option never takes those).
 */
export function plainValue(value: Value): Plain | Unknown | NotData {
  if (value === UNKNOWN) return UNKNOWN;
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case "number":
    case "string":
    case "boolean":
      return value;
    default:
      break;
  }
  switch (value.kind) {
    case "array": {
      const items: Plain[] = [];
      for (const item of value.items) {
        const plain = plainValue(item.value);
        if (plain === UNKNOWN || plain === NOT_DATA) return plain;
        items.push(plain);
      }
      return items;
    }
    case "object": {
      // A null prototype keeps a key such as "__proto__" an ordinary key.
      const record: { [key: string]: Plain } = Object.create(null);
      for (const [key, prop] of value.props) {
        const plain = plainValue(prop.value);
        if (plain === UNKNOWN || plain === NOT_DATA) return plain;
        record[key] = plain;
      }
      return record;
    }
    case "call":
    case "function":
      return NOT_DATA;
  }
}

/** What one option read gives: its value, `undefined` when absent, UNKNOWN when unknown or invalid (already reported). */
export type Read<T> = T | undefined | Unknown;

export interface NumberRange {
  integer?: boolean;
  min?: number;
  /** When true, `min` itself is not allowed. */
  minExclusive?: boolean;
  max?: number;
  /** When true, `max` itself is not allowed. */
  maxExclusive?: boolean;
}

/**
 * Reads the options object of one data-function call against the names it accepts. Unknown
 * names are reported when the reader is made (a warning with a did-you-mean and a rename fix);
 * each typed read reports an invalid value as `nn/invalid-option` on that value.
 */
export class OptionReader {
  constructor(
    private readonly fn: string,
    readonly object: ObjectValue | null,
    allowed: readonly string[],
    private readonly report: (d: Diagnostic) => void,
  ) {
    if (object === null) return;
    for (const [key, prop] of object.props) {
      if (allowed.includes(key)) continue;
      const suggestion = closest(key, allowed);
      const diagnostic: Diagnostic = {
        code: "nn/unknown-option",
        severity: "warning",
        message:
          `${fn}: '${key}' is not an option of ${fn}; it is ignored.` +
          (suggestion === undefined ? ` Its options are ${allowed.map((a) => `'${a}'`).join(", ")}.` : didYouMean(key, allowed)),
        span: prop.keySpan,
      };
      if (suggestion !== undefined) {
        diagnostic.fixes = [{ title: `Rename '${key}' to '${suggestion}'`, edits: [{ span: prop.keySpan, text: suggestion }] }];
      }
      report(diagnostic);
    }
  }

  /** The property as written, when present with a value other than `undefined`. */
  property(name: string): Property | undefined {
    const prop = this.object?.props.get(name);
    return prop === undefined || prop.value === undefined ? undefined : prop;
  }

  invalid(span: Span, message: string): Unknown {
    this.report({ code: "nn/invalid-option", severity: "error", message: `${this.fn}: ${message}`, span });
    return UNKNOWN;
  }

  string(name: string): Read<string> {
    const prop = this.property(name);
    if (prop === undefined) return undefined;
    if (prop.value === UNKNOWN) return UNKNOWN;
    if (typeof prop.value !== "string" || prop.value.length === 0) {
      return this.invalid(prop.span, `'${name}' must be a non-empty string, not ${describeValue(prop.value)}.`);
    }
    return prop.value;
  }

  number(name: string, range: NumberRange): Read<number> {
    const prop = this.property(name);
    if (prop === undefined) return undefined;
    if (prop.value === UNKNOWN) return UNKNOWN;
    const value = prop.value;
    const expected = describeRange(range);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return this.invalid(prop.span, `'${name}' must be ${expected}, not ${describeValue(value)}.`);
    }
    const tooSmall = range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min);
    const tooLarge = range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max);
    if ((range.integer && !Number.isInteger(value)) || tooSmall || tooLarge) {
      return this.invalid(prop.span, `'${name}' must be ${expected}, not ${value}.`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, choices: readonly T[]): Read<T> {
    const prop = this.property(name);
    if (prop === undefined) return undefined;
    if (prop.value === UNKNOWN) return UNKNOWN;
    const value = prop.value;
    if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
    const list = choices.map((c) => `"${c}"`).join(", ");
    const hint = typeof value === "string" ? didYouMean(value, choices) : "";
    return this.invalid(prop.span, `'${name}' must be one of ${list}, not ${describeValue(value)}.${hint}`);
  }

  /** An array of non-empty strings (column names). */
  stringList(name: string): Read<string[]> {
    const prop = this.property(name);
    if (prop === undefined) return undefined;
    if (prop.value === UNKNOWN) return UNKNOWN;
    const value = prop.value;
    if (typeof value !== "object" || value === null || value.kind !== "array") {
      return this.invalid(prop.span, `'${name}' must be an array of column names, not ${describeValue(value)}.`);
    }
    const names: string[] = [];
    let unknown = false;
    for (const item of value.items) {
      if (item.value === UNKNOWN) unknown = true;
      else if (typeof item.value !== "string" || item.value.length === 0) {
        return this.invalid(item.span, `'${name}' must list column names (strings), not ${describeValue(item.value)}.`);
      } else names.push(item.value);
    }
    return unknown ? UNKNOWN : names;
  }
}


function describeRange(range: NumberRange): string {
  const kind = range.integer ? "an integer" : "a number";
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${range.minExclusive ? ">" : "≥"} ${range.min}`);
  if (range.max !== undefined) parts.push(`${range.maxExclusive ? "<" : "≤"} ${range.max}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(" and ")}`;
}
