// Building a data-function call from plain values, for callers that have no model file to read
// it from (benchmarks, scripts, tests): `dataCall("spiral", { n: 500, noise: 0.1 })` is what the
// evaluator makes of `spiral({ n: 500, noise: 0.1 })`, with empty source ranges.

import type { CallValue, Located, Property, Span, Value } from "../types";
import type { DataFunction } from "../exports";
import type { Plain } from "./options";

const NOWHERE: Span = { start: 0, end: 0 };

export function dataCall(fn: DataFunction, ...args: Plain[]): CallValue {
  return { kind: "call", fn, args: args.map(located), span: NOWHERE, calleeSpan: NOWHERE };
}

function located(value: Plain): Located {
  return { value: toValue(value), span: NOWHERE };
}

function toValue(value: Plain): Value {
  if (value === null || value === undefined || typeof value !== "object") return value;
  if (Array.isArray(value)) return { kind: "array", items: value.map(located), span: NOWHERE };
  const props = new Map<string, Property>();
  for (const [key, item] of Object.entries(value)) {
    props.set(key, { key, keySpan: NOWHERE, value: toValue(item), span: NOWHERE });
  }
  return { kind: "object", props, span: NOWHERE };
}
