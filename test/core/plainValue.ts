// A JSON-like picture of an evaluated value, so tests compare values with deepEqual:
// UNKNOWN as "<unknown>", a call as { call, args }, a function as { function }.

import { UNKNOWN, type Value } from "../../src/core/types";

export function plain(value: Value): unknown {
  if (value === UNKNOWN) return "<unknown>";
  if (typeof value !== "object" || value === null) return value;
  switch (value.kind) {
    case "array":
      return value.items.map((item) => plain(item.value));
    case "object":
      return Object.fromEntries([...value.props].map(([key, property]) => [key, plain(property.value)]));
    case "call":
      return { call: value.fn, args: value.args.map((arg) => plain(arg.value)) };
    case "function":
      return { function: value.name };
  }
}
