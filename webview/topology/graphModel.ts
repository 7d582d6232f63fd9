// The view model of the drawing: one node per layer (plus the input), edges in data-flow order,
// and the lines of text each node shows. It is a graph, not a list, so that the functional
// models (branches, merges) of DSL-functional.md lay out with the same code. Pure: the bench and
// the unit tests build it in Node.

import { formatShape } from "../../src/core/format";
import type { Severity, Span } from "../../src/core/types";
import type { TopologyDiagnostic, TopologyLayer, TopologyModel } from "../../src/protocol/topology";
import { keyOptions, layerFamily, paramsLabel, type LayerFamily } from "./labels";

/** Node text is set in the editor's monospace font at this size, so widths follow from lengths. */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.3;
export const LINE_HEIGHT = 16;
export const NODE_PADDING_X = 12;
export const NODE_PADDING_Y = 8;
const MIN_WIDTH = 200;
const MAX_CHARS = 52;
/** A diagnostic's message takes at most this many lines in the node; the details show all of it. */
const MESSAGE_LINES = 2;

export type LineKind = "title" | "options" | "arithmetic" | "dropped" | "shape" | "message";

export interface NodeLine {
  kind: LineKind;
  text: string;
  /** Right-aligned text on the same line (the parameter count on the title line). */
  right?: string;
  severity?: Severity;
}

export interface GraphNode {
  /** "input" or "layer-<index>". */
  id: string;
  /** −1 for the input. */
  layer: number;
  name: string;
  type: string;
  family: LayerFamily;
  /** `[26, 26, 32]`, with `?` for unknown sizes. */
  shape: string;
  span: Span | null;
  diagnostics: TopologyDiagnostic[];
  /** The most severe diagnostic's severity, or null. */
  severity: Severity | null;
  lines: NodeLine[];
  width: number;
  height: number;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Diagnostics of the model that no node explains (shown above the drawing). */
  unplaced: TopologyDiagnostic[];
}

export const INPUT_ID = "input";

export function layerId(index: number): string {
  return index < 0 ? INPUT_ID : `layer-${index}`;
}

/** Codes that are about the model's input, so they mark the input node. */
const INPUT_CODES: readonly string[] = ["nn/missing-input", "nn/data-input-mismatch"];

/** Diagnostics that belong to this model: those naming it, and unnamed ones inside its layers. */
export function modelDiagnostics(model: TopologyModel, diagnostics: readonly TopologyDiagnostic[]): TopologyDiagnostic[] {
  return diagnostics.filter((d) => d.model === model.name || (d.model === undefined && d.layer === undefined && layerAt(model, d.span.start) !== null));
}

/** The innermost layer whose call holds the offset; −1 for the input call; null when none does. */
export function layerAt(model: TopologyModel, offset: number): number | null {
  let best: number | null = null;
  let bestLength = Infinity;
  for (const layer of model.layers) {
    if (layer.span.start <= offset && offset <= layer.span.end && layer.span.end - layer.span.start < bestLength) {
      best = layer.index;
      bestLength = layer.span.end - layer.span.start;
    }
  }
  if (best === null && model.inputSpan !== null && model.inputSpan.start <= offset && offset <= model.inputSpan.end) return -1;
  return best;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1 };
export const SEVERITY_ICON: Record<Severity, string> = { error: "✖", warning: "⚠", information: "ℹ" };

export function buildGraph(model: TopologyModel, allDiagnostics: readonly TopologyDiagnostic[]): TopologyGraph {
  const diagnostics = modelDiagnostics(model, allDiagnostics);
  const byNode = new Map<number, TopologyDiagnostic[]>();
  const unplaced: TopologyDiagnostic[] = [];
  for (const d of diagnostics) {
    const target =
      d.layer !== undefined && d.layer < model.layers.length
        ? d.layer
        : INPUT_CODES.includes(d.code)
          ? -1
          : layerAt(model, d.span.start);
    if (target === null) unplaced.push(d);
    else byNode.set(target, [...(byNode.get(target) ?? []), d]);
  }

  const nodes: GraphNode[] = [inputNode(model, byNode.get(-1) ?? [])];
  for (const layer of model.layers) nodes.push(layerNode(layer, byNode.get(layer.index) ?? []));

  const edges: GraphEdge[] = [];
  const ids = new Set(nodes.map((n) => n.id));
  for (const layer of model.layers) {
    const sources = layer.inputs ?? [layer.index - 1];
    for (const source of sources) {
      const from = source >= 0 ? layerId(source) : source === -1 ? INPUT_ID : null;
      if (from !== null && ids.has(from)) edges.push({ from, to: layerId(layer.index) });
    }
  }
  return { nodes, edges, unplaced };
}

function inputNode(model: TopologyModel, diagnostics: TopologyDiagnostic[]): GraphNode {
  const lines: NodeLine[] = [{ kind: "title", text: "input" }, { kind: "shape", text: `→ ${formatShape(model.inputShape)}` }];
  return finish({
    id: INPUT_ID,
    layer: -1,
    name: "input",
    type: "input",
    family: "input",
    shape: formatShape(model.inputShape),
    span: model.inputSpan,
    diagnostics,
    lines,
  });
}

function layerNode(layer: TopologyLayer, diagnostics: TopologyDiagnostic[]): GraphNode {
  const title = layer.name === layer.type || layer.name.startsWith(`${layer.type}_`) ? layer.name : `${layer.name} · ${layer.type}`;
  const lines: NodeLine[] = [];
  const titleLine: NodeLine = { kind: "title", text: title };
  if (layer.params !== 0) titleLine.right = paramsLabel(layer.params);
  lines.push(titleLine);
  const options = keyOptions(layer.type, layer.config);
  if (options !== "") lines.push({ kind: "options", text: options });
  for (const axis of layer.arithmetic) {
    const dropped = axis.dropped !== undefined && axis.dropped !== null && axis.dropped > 0;
    lines.push({ kind: dropped ? "dropped" : "arithmetic", text: `${axis.axis}: ${axis.text}${dropped ? ` · drops ${droppedText(axis.axis, axis.dropped as number)}` : ""}` });
  }
  lines.push({ kind: "shape", text: `→ ${formatShape(layer.outputShape)}` });
  return finish({
    id: layerId(layer.index),
    layer: layer.index,
    name: layer.name,
    type: layer.type,
    family: layerFamily(layer.type),
    shape: formatShape(layer.outputShape),
    span: layer.span,
    diagnostics,
    lines,
  });
}

/** "1 row", "2 columns", "1 step": what a stride or pool leaves out at the far border. */
export function droppedText(axis: string, count: number): string {
  const unit = axis === "height" ? "row" : axis === "width" ? "column" : "step";
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** Adds the diagnostics' lines, works out the severity and sizes the node from its text. */
function finish(node: Omit<GraphNode, "severity" | "width" | "height">): GraphNode {
  let severity: Severity | null = null;
  for (const d of node.diagnostics) {
    if (severity === null || SEVERITY_RANK[d.severity] > SEVERITY_RANK[severity]) severity = d.severity;
    // Errors and warnings get two lines in the node, information one; the details show it all.
    const wrapped = wrap(`${SEVERITY_ICON[d.severity]} ${d.message}`, MAX_CHARS, d.severity === "information" ? 1 : MESSAGE_LINES);
    for (const text of wrapped) node.lines.push({ kind: "message", text, severity: d.severity });
  }
  const chars = Math.max(
    ...node.lines.map((line) => Math.min(MAX_CHARS, line.text.length + (line.right === undefined ? 0 : line.right.length + 2))),
  );
  for (const line of node.lines) line.text = truncate(line.text, MAX_CHARS - (line.right === undefined ? 0 : line.right.length + 2));
  const width = Math.max(MIN_WIDTH, Math.ceil(chars * CHAR_WIDTH + 2 * NODE_PADDING_X + 4));
  const height = node.lines.length * LINE_HEIGHT + 2 * NODE_PADDING_Y;
  return { ...node, severity, width, height };
}

export function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(0, chars - 1))}…`;
}

/** Word-wraps to at most `lines` lines of `chars`, ending in "…" when it had to cut. */
export function wrap(text: string, chars: number, lines: number): string[] {
  const result: string[] = [];
  let current = "";
  const words = text.split(/\s+/).filter((w) => w !== "");
  let used = 0;
  for (const word of words) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (candidate.length <= chars || current === "") {
      current = candidate;
      used++;
      continue;
    }
    result.push(current);
    current = "";
    if (result.length === lines) break;
    current = word;
    used++;
  }
  if (result.length < lines && current !== "") result.push(current);
  const out = result.map((line) => truncate(line, chars));
  if (used < words.length || out.some((line, i) => line !== result[i])) {
    const last = out.length - 1;
    const line = result[last];
    out[last] = line.length < chars ? `${line}…` : `${line.slice(0, chars - 1)}…`;
  }
  return out;
}
