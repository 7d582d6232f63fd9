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

export interface LayerRow {
  type: string;
  options?: Record<string, Plain>;
  input: Shape;
  output: Shape;
  params: number | null;
  /** Defaults to `params` (everything trainable). */
  trainable?: number | null;
  flops?: number | null;
}

// One row per layer and option variant, in the manner of Keras' parameterized layer tests. The
// parameter counts are TensorFlow.js's (the oracle test checks the same stacks against tfjs).
export const LAYER_ROWS: LayerRow[] = [
  // dense
  { type: "dense", options: { units: 10 }, input: [1600], output: [10], params: 16010, flops: 32000 },
  { type: "dense", options: { units: 4, useBias: false }, input: [3], output: [4], params: 12, flops: 24 },
  { type: "dense", options: { units: 8, activation: "relu" }, input: [5, 3], output: [5, 8], params: 32, flops: 240 },
  // conv1d
  { type: "conv1d", options: { filters: 16, kernelSize: 3 }, input: [100, 8], output: [98, 16], params: 400, flops: 2 * 98 * 3 * 8 * 16 },
  { type: "conv1d", options: { filters: 4, kernelSize: 5, strides: 2, padding: "same" }, input: [11, 2], output: [6, 4], params: 44 },
  { type: "conv1d", options: { filters: 4, kernelSize: 3, dilationRate: 2 }, input: [20, 1], output: [16, 4], params: 16 },
  { type: "conv1d", options: { filters: 4, kernelSize: [3], useBias: false }, input: [20, 2], output: [18, 4], params: 24 },
  // conv2d
  { type: "conv2d", options: { filters: 32, kernelSize: 3 }, input: [28, 28, 1], output: [26, 26, 32], params: 320, flops: 389376 },
  { type: "conv2d", options: { filters: 64, kernelSize: 3, activation: "relu" }, input: [13, 13, 32], output: [11, 11, 64], params: 18496, flops: 4460544 },
  { type: "conv2d", options: { filters: 8, kernelSize: [3, 5], strides: [1, 2], padding: "same" }, input: [10, 10, 3], output: [10, 5, 8], params: 368 },
  { type: "conv2d", options: { filters: 6, kernelSize: 5, padding: "same", strides: 2 }, input: [32, 32, 3], output: [16, 16, 6], params: 456 },
  { type: "conv2d", options: { filters: 2, kernelSize: 3, dilationRate: 2 }, input: [28, 28, 1], output: [24, 24, 2], params: 20 },
  { type: "conv2d", options: { filters: 2, kernelSize: 1, useBias: false }, input: [7, 7, 4], output: [7, 7, 2], params: 8 },
  // conv2dTranspose: kernel [kh, kw, filters, c]
  { type: "conv2dTranspose", options: { filters: 16, kernelSize: 3, strides: 2 }, input: [7, 7, 32], output: [15, 15, 16], params: 4624, flops: 2 * 49 * 9 * 32 * 16 },
  { type: "conv2dTranspose", options: { filters: 1, kernelSize: 3, strides: 2, padding: "same" }, input: [7, 7, 4], output: [14, 14, 1], params: 37 },
  // kernel < stride with "valid": TensorFlow.js gives m·s (DSL.md's (m − 1)·s + n would be 13).
  { type: "conv2dTranspose", options: { filters: 1, kernelSize: 1, strides: 2 }, input: [7, 7, 1], output: [14, 14, 1], params: 2 },
  // depthwiseConv2d: depthwise_kernel [kh, kw, c, m], bias [c·m]
  { type: "depthwiseConv2d", options: { kernelSize: 3 }, input: [10, 10, 8], output: [8, 8, 8], params: 80, flops: 2 * 64 * 9 * 8 },
  { type: "depthwiseConv2d", options: { kernelSize: 3, depthMultiplier: 2, padding: "same" }, input: [10, 10, 3], output: [10, 10, 6], params: 60 },
  // separableConv2d: kh·kw·c·m + c·m·filters + filters
  { type: "separableConv2d", options: { filters: 16, kernelSize: 3 }, input: [10, 10, 8], output: [8, 8, 16], params: 72 + 128 + 16, flops: 2 * 64 * (72 + 128) },
  { type: "separableConv2d", options: { filters: 4, kernelSize: 3, depthMultiplier: 2, strides: 2, useBias: false }, input: [9, 9, 2], output: [4, 4, 4], params: 36 + 16 },
  // pooling
  { type: "maxPool1d", input: [10, 4], output: [5, 4], params: 0, flops: 0 },
  { type: "avgPool1d", options: { poolSize: 3, strides: 1 }, input: [10, 4], output: [8, 4], params: 0 },
  { type: "maxPool1d", options: { poolSize: 3, padding: "same" }, input: [10, 4], output: [4, 4], params: 0 },
  { type: "maxPool2d", options: { poolSize: 2 }, input: [26, 26, 32], output: [13, 13, 32], params: 0 },
  { type: "maxPool2d", input: [7, 7, 3], output: [3, 3, 3], params: 0 },
  { type: "avgPool2d", options: { poolSize: [2, 3], strides: [1, 3] }, input: [8, 9, 2], output: [7, 3, 2], params: 0 },
  { type: "avgPool2d", options: { poolSize: 3, strides: 2, padding: "same" }, input: [7, 7, 2], output: [4, 4, 2], params: 0 },
  { type: "globalMaxPool1d", input: [10, 4], output: [4], params: 0 },
  { type: "globalAvgPool1d", input: [10, 4], output: [4], params: 0 },
  { type: "globalMaxPool2d", input: [7, 7, 64], output: [64], params: 0 },
  { type: "globalAvgPool2d", input: [7, 7, 64], output: [64], params: 0 },
  // reshaping
  { type: "zeroPadding2d", input: [28, 28, 1], output: [30, 30, 1], params: 0 },
  { type: "zeroPadding2d", options: { padding: [1, 2] }, input: [28, 28, 1], output: [30, 32, 1], params: 0 },
  { type: "zeroPadding2d", options: { padding: [[0, 1], [2, 3]] }, input: [28, 28, 1], output: [29, 33, 1], params: 0 },
  { type: "upSampling2d", input: [7, 7, 3], output: [14, 14, 3], params: 0 },
  { type: "upSampling2d", options: { size: [2, 3] }, input: [7, 7, 3], output: [14, 21, 3], params: 0 },
  { type: "flatten", input: [5, 5, 64], output: [1600], params: 0 },
  { type: "flatten", input: [10, 3], output: [30], params: 0 },
  { type: "reshape", options: { targetShape: [7, 7, 64] }, input: [3136], output: [7, 7, 64], params: 0 },
  { type: "reshape", options: { targetShape: [-1, 64] }, input: [7, 7, 64], output: [49, 64], params: 0 },
  { type: "permute", options: { dims: [2, 1] }, input: [10, 3], output: [3, 10], params: 0 },
  { type: "permute", options: { dims: [3, 1, 2] }, input: [4, 5, 6], output: [6, 4, 5], params: 0 },
  { type: "repeatVector", options: { n: 4 }, input: [8], output: [4, 8], params: 0 },
  // regularisation
  { type: "dropout", options: { rate: 0.5 }, input: [1600], output: [1600], params: 0 },
  { type: "dropout", options: { rate: 0 }, input: [5, 5, 2], output: [5, 5, 2], params: 0 },
  { type: "spatialDropout1d", options: { rate: 0.2 }, input: [10, 4], output: [10, 4], params: 0 },
  { type: "gaussianNoise", options: { stddev: 0.1 }, input: [4], output: [4], params: 0 },
  // normalisation: batchNorm 4·c, of which 2·c (moving mean, variance) not trainable
  { type: "batchNorm", input: [26, 26, 32], output: [26, 26, 32], params: 128, trainable: 64, flops: 0 },
  { type: "batchNorm", options: { axis: 1 }, input: [10, 4], output: [10, 4], params: 40, trainable: 20 },
  { type: "batchNorm", options: { center: false }, input: [8], output: [8], params: 24, trainable: 8 },
  { type: "batchNorm", options: { scale: false, center: false, momentum: 0.9, epsilon: 0.01 }, input: [8], output: [8], params: 16, trainable: 0 },
  { type: "layerNorm", input: [10, 16], output: [10, 16], params: 32 },
  { type: "layerNorm", options: { axis: [1, 2] }, input: [3, 4], output: [3, 4], params: 24 },
  { type: "layerNorm", options: { scale: false }, input: [16], output: [16], params: 16 },
  // activations
  { type: "activation", options: { activation: "relu" }, input: [10], output: [10], params: 0 },
  { type: "leakyRelu", options: { alpha: 0.1 }, input: [10], output: [10], params: 0 },
  { type: "prelu", input: [4, 5], output: [4, 5], params: 20, flops: 0 },
  { type: "elu", input: [10], output: [10], params: 0 },
  { type: "softmax", input: [3, 10], output: [3, 10], params: 0 },
  { type: "softmax", options: { axis: 2 }, input: [3, 10], output: [3, 10], params: 0 },
  // embedding: a lookup, so no multiply-adds
  { type: "embedding", options: { inputDim: 10000, outputDim: 64 }, input: [200], output: [200, 64], params: 640000, flops: 0 },
  { type: "embedding", options: { inputDim: 50, outputDim: 8, maskZero: true }, input: [20], output: [20, 8], params: 400 },
  // recurrent: kernel [d, g·u], recurrent_kernel [u, g·u], bias [g·u]
  { type: "simpleRnn", options: { units: 8 }, input: [10, 4], output: [8], params: 4 * 8 + 64 + 8, flops: 2 * 10 * 8 * 12 },
  { type: "simpleRnn", options: { units: 8, returnSequences: true }, input: [10, 4], output: [10, 8], params: 104 },
  { type: "lstm", options: { units: 32 }, input: [200, 64], output: [32], params: 4 * (64 * 32 + 32 * 32 + 32), flops: 2 * 200 * 128 * 96 },
  { type: "lstm", options: { units: 4, returnSequences: true, dropout: 0.2, recurrentDropout: 0.1 }, input: [5, 3], output: [5, 4], params: 128 },
  { type: "gru", options: { units: 16 }, input: [12, 8], output: [16], params: 3 * (8 * 16 + 16 * 16 + 16) },
  { type: "gru", options: { units: 2, returnSequences: true, recurrentActivation: "sigmoid" }, input: [7, 1], output: [7, 2], params: 24 },
  // bidirectional: twice the wrapped layer; "concat" doubles the last axis
  { type: "bidirectional", options: { layer: layer("lstm", { units: 32 }) }, input: [200, 64], output: [64], params: 2 * 12416, flops: 2 * 2 * 200 * 128 * 96 },
  { type: "bidirectional", options: { layer: layer("gru", { units: 4, returnSequences: true }), mergeMode: "sum" }, input: [6, 3], output: [6, 4], params: 2 * 3 * (12 + 16 + 4) },
  { type: "bidirectional", options: { layer: layer("simpleRnn", { units: 5 }), mergeMode: "ave" }, input: [6, 3], output: [5], params: 2 * (15 + 25 + 5) },
];

