// How an evaluated value reads in a message: as it would appear in the source, so the user
// recognises what they wrote ("got 0", "not \"rleu\"", "[3, 3]", "conv2d(…)").

import { num } from "./shape";
import { UNKNOWN, type Value } from "./types";

/** Long strings are cut, so a message stays one readable line. */
const MAX_STRING = 40;

export function describeValue(value: Value): string {
  if (value === UNKNOWN) return "an unknown value";
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return num(value);
    case "string":
      return JSON.stringify(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
    case "boolean":
      return String(value);
    default:
      break;
  }
  switch (value.kind) {
    case "array":
      return value.items.length > 8 ? `an array of ${value.items.length} values` : `[${value.items.map((item) => describeValue(item.value)).join(", ")}]`;
    case "object":
      return "an object";
    case "call":
      return `${value.fn}(…)`;
    case "function":
      return `the function ${value.name}`;
  }
}
