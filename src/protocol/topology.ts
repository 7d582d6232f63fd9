// Messages between the topology panel's controller (src/extension/topology/) and its webview
// (webview/topology/). Both sides import these types, and both validate what they receive with
// the hand-written guards below: a webview is untrusted content as far as the extension host is
// concerned, and the webview only draws what has the shape it expects.
//
// The analysis crosses as a plain JSON projection of the core's ModelAnalysis: the IR (`node`)
// holds Maps and symbols that can't be posted, and the view needs none of it.

import type { Analysis, AxisArithmetic, Diagnostic, LayerAnalysis, ModelAnalysis, Severity, Shape, Span, WeightInfo } from "../core/types";

// ---------------------------------------------------------------------------------------------
// The analysis as the webview sees it.

/** A layer's weights as the core computes them. */
export type TopologyWeight = WeightInfo;

/**
 * A layer exactly as the core analyses it (LayerAnalysis is plain JSON already), plus, for
 * functional models, the layers it reads (`-1 - k` for model input k); `inputs` is absent in a
 * sequential stack, where each layer reads the one before it.
 */
export interface TopologyLayer extends LayerAnalysis {
  inputs?: number[];
}

export interface TopologyModel {
  name: string;
  exportName: string;
  inputShape: Shape;
  /** The `input(...)` call, revealed when the input node is clicked; null without one. */
  inputSpan: Span | null;
  layers: TopologyLayer[];
  outputShape: Shape;
  totalParams: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  flops: number | null;
}

/** A diagnostic as the core reports it, without its quick fixes (the editor applies those). */
export type TopologyDiagnostic = Omit<Diagnostic, "fixes">;

// ---------------------------------------------------------------------------------------------
// Extension → webview.

/** A fresh analysis of the document the panel shows. */
export interface UpdateMessage {
  type: "update";
  fileName: string;
  /** The document version it was computed from; the webview ignores older ones. */
  version: number;
  models: TopologyModel[];
  diagnostics: TopologyDiagnostic[];
}

/** The editor's cursor moved: the webview highlights the layer whose source range holds it. */
export interface CursorMessage {
  type: "cursor";
  offset: number;
}

/** Show this model of the file (the code lens above it was used). */
export interface ShowModelMessage {
  type: "showModel";
  /** The model's export name. */
  model: string;
}

export type HostMessage = UpdateMessage | CursorMessage | ShowModelMessage;

// ---------------------------------------------------------------------------------------------
// Webview → extension.

/** The webview has loaded and listens: the controller sends the current analysis. */
export interface ReadyMessage {
  type: "ready";
}

/** A node was activated: reveal its source range. `layer` −1 is the model's input. */
export interface RevealMessage {
  type: "reveal";
  /** The model's export name (unique in a file, unlike display names). */
  model: string;
  layer: number;
}

export const EXPORT_FORMATS = ["svg", "png"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The drawing, to be saved where the user chooses. */
export interface ExportMessage {
  type: "export";
  format: ExportFormat;
  /** The SVG document's text, or the PNG file's bytes in base64. */
  data: string;
  /** A suggested file name without folder, e.g. "mnist-convnet.svg". */
  fileName: string;
}

/**
 * A version of the document is drawn: the controller logs it, and the editor's integration
 * tests wait for it. `labels` are the nodes' first lines with their key options, in order.
 */
export interface DrawnMessage {
  type: "drawn";
  version: number;
  model: string;
  labels: string[];
}

export type WebviewMessage = ReadyMessage | RevealMessage | ExportMessage | DrawnMessage;

/** Exports larger than this are refused: a drawing is a few MB at most. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Projection of the core's analysis.

export function topologyUpdate(analysis: Analysis, version: number): UpdateMessage {
  return {
    type: "update",
    fileName: analysis.fileName,
    version,
    models: analysis.models.map(topologyModel),
    diagnostics: analysis.diagnostics.map((d) => {
      const diagnostic: TopologyDiagnostic = { code: d.code, severity: d.severity, message: d.message, span: { start: d.span.start, end: d.span.end } };
      if (d.model !== undefined) diagnostic.model = d.model;
      if (d.layer !== undefined) diagnostic.layer = d.layer;
      return diagnostic;
    }),
  };
}

export function topologyModel(model: ModelAnalysis): TopologyModel {
  return {
    name: model.name,
    exportName: model.exportName,
    inputShape: model.inputShape,
    inputSpan: model.node.input === null ? null : { start: model.node.input.span.start, end: model.node.input.span.end },
    layers: model.layers.map(topologyLayer),
    outputShape: model.outputShape,
    totalParams: model.totalParams,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
    flops: model.flops,
  };
}

function topologyLayer(layer: LayerAnalysis & { inputs?: number[] }): TopologyLayer {
  const result: TopologyLayer = {
    index: layer.index,
    type: layer.type,
    name: layer.name,
    span: { start: layer.span.start, end: layer.span.end },
    inputShape: layer.inputShape,
    outputShape: layer.outputShape,
    config: jsonObject(layer.config),
    weights: layer.weights.map((w) => ({ name: w.name, shape: [...w.shape], trainable: w.trainable })),
    params: layer.params,
    trainableParams: layer.trainableParams,
    flops: layer.flops,
    arithmetic: layer.arithmetic.map((a) => ({ ...a })),
  };
  if (layer.inputs !== undefined) result.inputs = [...layer.inputs];
  return result;
}

/** A copy holding only what survives postMessage and JSON: anything else becomes null. */
function jsonObject(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) result[key] = jsonValue(entry, 0);
  return result;
}

function jsonValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (depth > 8) return null;
  if (Array.isArray(value)) return value.map((item) => jsonValue(item, depth + 1));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = jsonValue(entry, depth + 1);
    return result;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Guards. Small and explicit: each checks every field its receiver reads.

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isNumberOrNull(value: unknown): value is number | null {
  return value === null || (typeof value === "number" && Number.isFinite(value));
}

function isSpan(value: unknown): value is Span {
  return isRecord(value) && isCount(value.start) && isCount(value.end) && value.start <= value.end;
}

function isShape(value: unknown): value is Shape {
  return value === null || (Array.isArray(value) && value.every((d) => d === null || isCount(d)));
}

function isArithmetic(value: unknown): value is AxisArithmetic {
  return (
    isRecord(value) &&
    typeof value.axis === "string" &&
    typeof value.text === "string" &&
    typeof value.formula === "string" &&
    isNumberOrNull(value.input) &&
    isNumberOrNull(value.output) &&
    ["kernel", "stride", "dilation", "padBefore", "padAfter", "dropped"].every((key) => value[key] === undefined || isNumberOrNull(value[key]))
  );
}

function isWeight(value: unknown): value is TopologyWeight {
  return isRecord(value) && typeof value.name === "string" && Array.isArray(value.shape) && value.shape.every(isCount) && typeof value.trainable === "boolean";
}

function isLayer(value: unknown): value is TopologyLayer {
  return (
    isRecord(value) &&
    isCount(value.index) &&
    typeof value.type === "string" &&
    typeof value.name === "string" &&
    isSpan(value.span) &&
    isShape(value.inputShape) &&
    isShape(value.outputShape) &&
    isRecord(value.config) &&
    Array.isArray(value.weights) &&
    value.weights.every(isWeight) &&
    isNumberOrNull(value.params) &&
    isNumberOrNull(value.trainableParams) &&
    isNumberOrNull(value.flops) &&
    Array.isArray(value.arithmetic) &&
    value.arithmetic.every(isArithmetic) &&
    (value.inputs === undefined || (Array.isArray(value.inputs) && value.inputs.every((i) => Number.isInteger(i))))
  );
}

function isModel(value: unknown): value is TopologyModel {
  return (
    isRecord(value) &&
    typeof value.name === "string" &&
    typeof value.exportName === "string" &&
    isShape(value.inputShape) &&
    (value.inputSpan === null || isSpan(value.inputSpan)) &&
    Array.isArray(value.layers) &&
    value.layers.every(isLayer) &&
    isShape(value.outputShape) &&
    isNumberOrNull(value.totalParams) &&
    isNumberOrNull(value.trainableParams) &&
    isNumberOrNull(value.nonTrainableParams) &&
    isNumberOrNull(value.flops)
  );
}

const SEVERITIES: readonly string[] = ["error", "warning", "information"] satisfies Severity[];

function isDiagnostic(value: unknown): value is TopologyDiagnostic {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    value.code.startsWith("nn/") &&
    typeof value.severity === "string" &&
    SEVERITIES.includes(value.severity) &&
    typeof value.message === "string" &&
    isSpan(value.span) &&
    (value.model === undefined || typeof value.model === "string") &&
    (value.layer === undefined || isCount(value.layer))
  );
}

/** What the webview accepts from the extension. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "update":
      return (
        typeof value.fileName === "string" &&
        isCount(value.version) &&
        Array.isArray(value.models) &&
        value.models.every(isModel) &&
        Array.isArray(value.diagnostics) &&
        value.diagnostics.every(isDiagnostic)
      );
    case "cursor":
      return isCount(value.offset);
    case "showModel":
      return typeof value.model === "string";
    default:
      return false;
  }
}

/** What the extension accepts from the webview; anything else is logged and dropped. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "ready":
      return true;
    case "reveal":
      return typeof value.model === "string" && Number.isInteger(value.layer) && (value.layer as number) >= -1;
    case "drawn":
      return (
        isCount(value.version) &&
        typeof value.model === "string" &&
        Array.isArray(value.labels) &&
        value.labels.length <= 100_000 &&
        value.labels.every((label) => typeof label === "string")
      );
    case "export":
      return (
        typeof value.format === "string" &&
        (EXPORT_FORMATS as readonly string[]).includes(value.format) &&
        typeof value.data === "string" &&
        value.data.length > 0 &&
        value.data.length <= MAX_EXPORT_CHARS &&
        typeof value.fileName === "string" &&
        /^[\w .-]{1,120}$/.test(value.fileName) &&
        !value.fileName.startsWith(".")
      );
    default:
      return false;
  }
}
