// The sequential analysis: walks a model's layers from its input, asking each layer's rule for
// its output shape, weights and problems, and turns those problems into diagnostics with the
// smallest source range that explains them and quick fixes as text edits.
//
// An unknown shape (a non-static value, a layer after an error) propagates as null and is never
// reported: only the first cause of a problem is.

import { isLayerFunction } from "../exports";
import { formatShape } from "../format";
import type {
  Diagnostic,
  DiagnosticCode,
  Dim,
  Fix,
  LayerAnalysis,
  LayerNode,
  ModelNode,
  Severity,
  Shape,
  Span,
  TextEdit,
} from "../types";
import { planToFix } from "./edits";
import { countParams } from "./params";
import { LAYER_RULES } from "./registry";
import { resolveLayerOptions } from "./resolve";
import type { InferContext, Inference, Issue, LayerRule, ResolvedOptions } from "./rule";
import type { Json, OptionSpec } from "./schema";

export interface LayerContext {
  report(d: Diagnostic): void;
  imports: { ensureImported(exportName: string): { reference: string; edits: TextEdit[] } };
  /** The file text, for fixes that need to look at the source. */
  text: string;
}

const SEVERITY: Partial<Record<DiagnosticCode, Severity>> = {
  "nn/negative-dimension": "error",
  "nn/rank-mismatch": "error",
  "nn/reshape-size": "error",
  "nn/invalid-option": "error",
  "nn/unknown-option": "warning",
  "nn/missing-option": "error",
  "nn/dense-on-spatial": "warning",
  "nn/pool-truncation": "information",
};

const RECURRENT: readonly string[] = ["simpleRnn", "lstm", "gru"];

export function analyzeLayers(model: ModelNode, ctx: LayerContext): { layers: LayerAnalysis[]; outputShape: Shape } {
  const names = displayNames(model.layers);
  const seen = new Set<string>();
  const emit = (node: LayerNode, index: number, issue: Issue) => {
    const diagnostic = toDiagnostic(node, index, issue, model.name, ctx);
    // A layer built by a helper or `repeat` appears several times with the same source range;
    // its problem is reported once.
    const key = `${diagnostic.code}:${diagnostic.span.start}:${diagnostic.span.end}:${diagnostic.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    ctx.report(diagnostic);
  };
  reportDuplicateNames(model.layers, names, emit);

  let shape: Shape = model.input?.shape ? [...model.input.shape] : null;
  const layers: LayerAnalysis[] = [];
  let precedingPadding: InferContext["precedingPadding"] = null;
  for (let index = 0; index < model.layers.length; index++) {
    const node = model.layers[index];
    const previousType = index === 0 ? null : model.layers[index - 1].type;
    const analysis = analyzeLayer(node, index, names[index], shape, { previousType, precedingPadding }, emit);
    layers.push(analysis);
    precedingPadding = paddingFrom(analysis);
    shape = analysis.outputShape;
  }
  return { layers, outputShape: shape };
}

function analyzeLayer(
  node: LayerNode,
  index: number,
  name: string,
  input: Shape,
  context: InferContext,
  emit: (node: LayerNode, index: number, issue: Issue) => void,
): LayerAnalysis {
  if (!isLayerFunction(node.type)) {
    // Not a static layer: already reported where it was written; everything after is unknown.
    return {
      index,
      type: node.type,
      name,
      span: node.call.span,
      inputShape: input,
      outputShape: null,
      config: { name },
      weights: [],
      params: null,
      trainableParams: null,
      flops: null,
      arithmetic: [],
    };
  }
  const rule = LAYER_RULES[node.type];
  const resolved = resolveLayerOptions(rule, node);
  for (const issue of resolved.issues) emit(node, index, issue);
  let options = resolved.options;
  for (const issue of rule.check?.(options) ?? []) {
    emit(node, index, issue);
    // The option at fault counts as unknown from here on, so it causes nothing further.
    if (issue.option !== undefined) options = options.withUnknown(issue.option);
  }

  let innerConfig: Record<string, Json> | null = null;
  const inferContext: InferContext = { previousType: context.previousType, precedingPadding: context.precedingPadding };
  if (node.type === "bidirectional") {
    const inner = node.inner;
    if (inner !== undefined && RECURRENT.includes(inner.type) && isLayerFunction(inner.type)) {
      const innerRule = LAYER_RULES[inner.type];
      const resolved = resolveLayerOptions(innerRule, inner);
      for (const issue of resolved.issues) emit(inner, index, issue);
      inferContext.inner = { rule: innerRule, options: resolved.options };
      innerConfig = configOf(innerRule, resolved.options, resolved.options.string("name") ?? inner.type);
    }
  }

  let inference: Inference;
  if (input !== null && input.length >= rule.input.minRank && input.length <= rule.input.maxRank) {
    inference = rule.infer(options, input, inferContext);
    for (const issue of inference.issues) emit(node, index, issue);
  } else {
    if (input !== null) emit(node, index, rankMismatch(rule, input, context.previousType));
    // Without a usable input the output is unknown, but the weights may not depend on it (an
    // embedding's do not; a dropout has none): ask the rule with an input of unknown sizes and
    // keep only its weights. Its problems would be about that made-up input, so they are dropped.
    const probe = rule.infer(options, new Array<Dim>(rule.input.minRank).fill(null), inferContext);
    inference = { output: null, weights: probe.weights, multiplyAdds: null, arithmetic: [], issues: [] };
  }

  const counts = countParams(inference.weights);
  const config = configOf(rule, options, name);
  if (node.type === "bidirectional") config.layer = innerConfig === null ? null : { type: node.inner?.type ?? null, config: innerConfig };
  // One object literal with every field (no spread): this runs per layer on every keystroke.
  return {
    index,
    type: node.type,
    name,
    span: node.call.span,
    inputShape: input,
    outputShape: inference.output,
    config,
    weights: counts.known,
    params: counts.params,
    trainableParams: counts.trainableParams,
    flops: inference.multiplyAdds === null ? null : 2 * inference.multiplyAdds,
    arithmetic: inference.arithmetic,
  };
}

/** The options with defaults applied, as tfjs-layers takes them (1-D sizes as one number). */
function configOf(rule: LayerRule, options: ResolvedOptions, name: string): Record<string, Json> {
  const config: Record<string, Json> = {};
  for (const spec of rule.options) config[spec.name] = configValue(spec, options.get(spec.name));
  config.name = name;
  return config;
}

function configValue(spec: OptionSpec, value: Json): Json {
  if (spec.type.kind === "size" && spec.type.rank === 1) return Array.isArray(value) ? (value[0] ?? null) : value;
  if (spec.type.kind === "layer") return null; // filled with the wrapped layer's { type, config }
  return value;
}

/** Keras-style names: the `name` option, else the type with a per-type counter. */
function displayNames(nodes: LayerNode[]): string[] {
  const counters = new Map<string, number>();
  return nodes.map((node) => {
    const given = node.options.get("name")?.value;
    if (typeof given === "string") return given;
    const count = counters.get(node.type) ?? 0;
    counters.set(node.type, count + 1);
    return count === 0 ? node.type : `${node.type}_${count}`;
  });
}

/** TensorFlow.js refuses a model whose layer names repeat; the later explicit name is at fault. */
function reportDuplicateNames(nodes: LayerNode[], names: string[], emit: (node: LayerNode, index: number, issue: Issue) => void): void {
  for (let i = 0; i < nodes.length; i++) {
    if (typeof nodes[i].options.get("name")?.value !== "string" || !isLayerFunction(nodes[i].type)) continue;
    const other = names.findIndex((name, j) => j !== i && name === names[i] && (j < i || typeof nodes[j].options.get("name")?.value !== "string"));
    if (other === -1 || nodes[other].call === nodes[i].call) continue;
    emit(nodes[i], i, {
      code: "nn/invalid-option",
      option: "name",
      message: `${nodes[i].type}: the name "${names[i]}" is already used by layer ${other} (${nodes[other].type}); layer names must be unique within a model. Rename one of them.`,
    });
  }
}

function rankMismatch(rule: LayerRule, input: Dim[], previousType: string | null): Issue {
  const { minRank, maxRank, shape } = rule.input;
  const expected =
    minRank === maxRank ? `an input of ${axes(minRank)} ${shape}` : `an input of at least ${axes(minRank)} ${shape}`;
  const from = previousType === null ? "the model's input" : previousType;
  return {
    code: "nn/rank-mismatch",
    message: `${rule.type} expects ${expected}, but gets ${formatShape(input)} (${axes(input.length)}) from ${from}. ${rankAdvice(rule, input, previousType)}`,
  };
}

function rankAdvice(rule: LayerRule, input: Dim[], previousType: string | null): string {
  const rank = input.length;
  if (rule.type === "flatten") return "The input is already a vector: remove flatten().";
  if (rank < rule.input.minRank) {
    if (previousType === "flatten") return `Move flatten() after ${rule.type}, or reshape the vector back, e.g. reshape({ targetShape: [...] }).`;
    return `Reshape the input to ${rule.input.shape} first, or use a layer made for ${axes(rank)}.`;
  }
  if (rule.type === "embedding") {
    return `Feed it a sequence of integer ids, e.g. input([${input[0] ?? "length"}], { dtype: "int32" }), or flatten() the ids first.`;
  }
  if (rule.input.maxRank === 1) return "Flatten it first with flatten() or a global pooling layer.";
  if (rule.input.maxRank === 2 && rank === 3 && input[1] !== null && input[2] !== null) {
    return `Reshape it to a sequence first, e.g. reshape([${input[0] ?? -1}, ${input[1] * input[2]}]), or use a layer made for ${axes(rank)}.`;
  }
  return `Reshape the input to ${rule.input.shape} first (reshape, flatten or a global pooling layer), or use a layer made for ${axes(rank)}.`;
}

function axes(count: number): string {
  return count === 1 ? "1 axis" : `${count} axes`;
}

function paddingFrom(analysis: LayerAnalysis): InferContext["precedingPadding"] {
  if (analysis.type !== "zeroPadding2d" || analysis.inputShape === null || analysis.inputShape.length !== 3) return null;
  const padding = analysis.config.padding;
  if (!Array.isArray(padding)) return null;
  const pairs: [number, number][] = [];
  for (const pair of padding) {
    if (!Array.isArray(pair) || typeof pair[0] !== "number" || typeof pair[1] !== "number") return null;
    pairs.push([pair[0], pair[1]]);
  }
  return { input: analysis.inputShape.slice(0, 2), padding: pairs };
}

function toDiagnostic(node: LayerNode, index: number, issue: Issue, model: string, ctx: LayerContext): Diagnostic {
  let span: Span = node.call.span;
  if (issue.option !== undefined) {
    const property = node.options.get(issue.option);
    if (property !== undefined) span = issue.onKey ? property.keySpan : property.span;
  }
  const fixes: Fix[] = [];
  for (const plan of issue.fixes ?? []) {
    const fix = planToFix(plan, node, ctx);
    if (fix !== null) fixes.push(fix);
  }
  const diagnostic: Diagnostic = {
    code: issue.code,
    severity: SEVERITY[issue.code] ?? "error",
    message: issue.message,
    span,
    model,
    layer: index,
  };
  if (fixes.length > 0) diagnostic.fixes = fixes;
  return diagnostic;
}

