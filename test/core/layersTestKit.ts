// Small constructors for layer IR in tests, so the layer rules can be table-tested without the
// parser: plain JS values become evaluator values with placeholder source ranges.

import { analyzeLayers, type LayerContext } from "../../src/core/layers";
import type { CallValue, Diagnostic, LayerAnalysis, LayerNode, ModelNode, Property, Shape, Value } from "../../src/core/types";
import { UNKNOWN } from "../../src/core/types";

export type Plain = number | string | boolean | null | undefined | typeof UNKNOWN | Plain[] | LayerNode;

const NOWHERE = { start: 0, end: 0 };

function isLayerNode(value: Plain): value is LayerNode {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "call" in value;
}

export function toValue(value: Plain): Value {
  if (Array.isArray(value)) return { kind: "array", items: value.map((item) => ({ value: toValue(item), span: NOWHERE })), span: NOWHERE };
  if (isLayerNode(value)) return value.call;
  return value;
}

/** A layer call as the front end would produce it, options given as plain values. */
export function layer(type: string, options: Record<string, Plain> = {}): LayerNode {
  const props = new Map<string, Property>();
  let inner: LayerNode | undefined;
  for (const [key, plain] of Object.entries(options)) {
    props.set(key, { key, keySpan: NOWHERE, value: toValue(plain), span: NOWHERE });
    if (key === "layer" && isLayerNode(plain)) inner = plain;
  }
  const call: CallValue = { kind: "call", fn: type, args: [], span: NOWHERE, calleeSpan: NOWHERE };
  const node: LayerNode = { type, call, options: props };
  if (inner !== undefined) node.inner = inner;
  return node;
}

export function modelOf(input: Shape, layers: LayerNode[], dtype: "float32" | "int32" = "float32"): ModelNode {
  return {
    exportName: "default",
    name: "test",
    span: NOWHERE,
    config: null,
    input: input === null ? null : { shape: input, dtype, span: NOWHERE, shapeSpan: NOWHERE },
    layers,
    data: null,
    train: null,
  };
}

export const noImports: LayerContext["imports"] = {
  ensureImported: (exportName: string) => ({ reference: exportName, edits: [] }),
};

/** Analyses a stack of layers on an input; returns the layers and every diagnostic reported. */
export function run(input: Shape, layers: LayerNode[]): { layers: LayerAnalysis[]; outputShape: Shape; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const result = analyzeLayers(modelOf(input, layers), { report: (d) => diagnostics.push(d), imports: noImports, text: "" });
  return { ...result, diagnostics };
}
