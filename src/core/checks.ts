// Checks that look at a whole model at once — the data against the input, the output against
// the targets, the loss against the final activation, where the parameters sit — rather than at
// one layer. Each check stays silent when something it needs is unknown.

import type { TrainConfig } from "./train";
import { formatShape } from "./format";
import type { DataFacts, Diagnostic, Fix, LayerAnalysis, ModelAnalysis, ObjectValue, Span, Value } from "./types";

export interface ModelCheckContext {
  text: string;
  report(d: Diagnostic): void;
}

/** The nn-studio model options; anything else in `model({...})` is reported. */
export const MODEL_OPTIONS = ["name", "input", "layers", "data", "train"];

export function checkModel(model: ModelAnalysis, train: TrainConfig, ctx: ModelCheckContext): void {
  checkDataAgainstInput(model, ctx);
  checkOutputAgainstTarget(model, train, ctx);
  checkLossAgainstActivation(model, train, ctx);
  checkLargeLayer(model, ctx);
}

function checkDataAgainstInput(model: ModelAnalysis, ctx: ModelCheckContext): void {
  const input = model.node.input;
  const data = model.data;
  if (input === null || data === null || input.shape === null || data.xShape === null) return;
  const want = data.xShape;
  const have = input.shape;
  const differs = want.length !== have.length || want.some((d, i) => d !== null && have[i] !== null && d !== have[i]);
  if (!differs) return;
  const fixes: Fix[] = [];
  if (want.every((d) => d !== null)) {
    fixes.push({ title: `Set the input shape to ${formatShape(want)}`, edits: [{ span: input.shapeSpan, text: formatShape(want) }] });
  }
  ctx.report({
    code: "nn/data-input-mismatch",
    severity: "error",
    message:
      `The data yields examples of shape ${formatShape(want)} (${data.description}), but the model's input is ${formatShape(have)}. ` +
      `Set input(${formatShape(want)})` +
      (want.length > 1 && have.length === 1 ? ", and flatten() before the first dense layer if the model expects a vector." : "."),
    span: input.shapeSpan,
    model: model.name,
    fixes,
  });
}

/** How many output units the targets need, and a phrase that explains it. */
function expectedUnits(target: DataFacts["target"]): { units: number[]; why: string } | null {
  switch (target.kind) {
    case "classes":
      return target.classes === null ? null : { units: [target.classes], why: `${target.classes} classes` };
    case "binary":
      return { units: [1, 2], why: "a binary target (1 sigmoid unit, or 2 softmax units)" };
    case "regression":
      return { units: [target.width], why: `a regression target of width ${target.width}` };
    case "unknown":
      return null;
  }
}

function checkOutputAgainstTarget(model: ModelAnalysis, _train: TrainConfig, ctx: ModelCheckContext): void {
  const data = model.data;
  const output = model.outputShape;
  if (data === null || output === null || model.layers.length === 0) return;
  const expected = expectedUnits(data.target);
  if (expected === null) return;
  const last = model.layers[model.layers.length - 1];
  if (output.length !== 1) {
    ctx.report({
      code: "nn/output-target-mismatch",
      severity: "error",
      message:
        `The model's output ${formatShape(output)} has ${output.length} axes, but the data has ${expected.why}, which needs an output of shape [${expected.units[0]}]. ` +
        `Add flatten() (or a global pooling layer) and a final dense({ units: ${expected.units[0]} }).`,
      span: last.span,
      model: model.name,
      layer: last.index,
    });
    return;
  }
  const units = output[0];
  if (units === null || expected.units.includes(units)) return;
  const unitsOption = last.type === "dense" ? model.node.layers[last.index]?.options.get("units") : undefined;
  const fixes: Fix[] = unitsOption
    ? [{ title: `Set units to ${expected.units[0]}`, edits: [{ span: unitsOption.span, text: String(expected.units[0]) }] }]
    : [];
  ctx.report({
    code: "nn/output-target-mismatch",
    severity: "error",
    message:
      `The model outputs ${units} value${units === 1 ? "" : "s"} per example, but the data has ${expected.why}. ` +
      `Make the last layer dense({ units: ${expected.units[0]} }).`,
    span: unitsOption?.span ?? last.span,
    model: model.name,
    layer: last.index,
    fixes,
  });
}

/** Layers that pass their input's meaning through, so the activation before them is still final. */
const TRANSPARENT = new Set(["dropout", "gaussianNoise", "spatialDropout1d", "flatten", "reshape"]);
const BOUNDED = new Set(["sigmoid", "tanh", "softmax", "hardSigmoid", "softsign"]);

/** The final activation of the model and the layer that applies it, or null when unknown. */
export function finalActivation(layers: LayerAnalysis[]): { name: string; layer: LayerAnalysis } | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (TRANSPARENT.has(layer.type)) continue;
    if (layer.type === "softmax") return { name: "softmax", layer };
    if (layer.type === "leakyRelu" || layer.type === "prelu" || layer.type === "elu") return { name: layer.type, layer };
    if (layer.type === "batchNorm" || layer.type === "layerNorm") return { name: "linear", layer };
    const activation = layer.config.activation;
    if (typeof activation === "string") return { name: activation, layer };
    return null;
  }
  return null;
}

function checkLossAgainstActivation(model: ModelAnalysis, train: TrainConfig, ctx: ModelCheckContext): void {
  const loss = train.loss;
  const final = finalActivation(model.layers);
  if (loss === null || final === null || model.outputShape === null) return;
  const units = model.outputShape[model.outputShape.length - 1];
  const crossentropy = loss.endsWith("Crossentropy");
  const regression = model.data?.target.kind === "regression";
  const span: Span = train.lossSpan ?? final.layer.span;
  const lossFix = (replacement: string): Fix[] =>
    train.lossSpan ? [{ title: `Use loss "${replacement}"`, edits: [{ span: train.lossSpan, text: JSON.stringify(replacement) }] }] : [];
  const activationFix = (replacement: string): Fix[] => {
    const edit = activationEdit(model, final.layer, replacement, ctx.text);
    return edit ? [{ title: `Use activation "${replacement}" on ${final.layer.name}`, edits: [edit] }] : [];
  };
  const warn = (message: string, fixes: Fix[]) =>
    ctx.report({ code: "nn/loss-activation", severity: "warning", message, span, model: model.name, layer: final.layer.index, fixes });

  if (final.name === "softmax" && units === 1) {
    warn(
      `softmax over a single unit always outputs 1, so the model can't learn. Use activation "sigmoid" with ${loss}, or 2 units with softmax.`,
      activationFix("sigmoid"),
    );
    return;
  }
  if (loss === "binaryCrossentropy" && final.name === "softmax") {
    warn(
      `binaryCrossentropy expects independent sigmoid outputs, but the final activation is softmax over ${units ?? "?"} units. ` +
        `Use loss "categoricalCrossentropy" with softmax, or activation "sigmoid".`,
      [...lossFix("categoricalCrossentropy"), ...activationFix("sigmoid")],
    );
    return;
  }
  if ((loss === "categoricalCrossentropy" || loss === "sparseCategoricalCrossentropy") && final.name === "sigmoid" && units !== null && units > 1) {
    warn(
      `${loss} expects a probability distribution over the ${units} classes, but sigmoid outputs independent probabilities. Use activation "softmax".`,
      activationFix("softmax"),
    );
    return;
  }
  if (crossentropy && !BOUNDED.has(final.name)) {
    const wanted = loss === "binaryCrossentropy" || units === 1 ? "sigmoid" : "softmax";
    warn(
      `${loss} expects probabilities, but the final activation is ${final.name}, which is unbounded. ` +
        `Use activation "${wanted}" on the last layer.`,
      activationFix(wanted),
    );
    return;
  }
  if (regression && !crossentropy && BOUNDED.has(final.name)) {
    warn(
      `The target is a regression value, but the final activation ${final.name} bounds the output` +
        `${final.name === "tanh" ? " to (−1, 1)" : " to (0, 1)"}. Use activation "linear" on the last layer.`,
      activationFix("linear"),
    );
  }
}

/** An edit that sets the activation of `layer`: replaces the given value, or adds the option. */
function activationEdit(model: ModelAnalysis, layer: LayerAnalysis, replacement: string, text: string) {
  const node = model.node.layers[layer.index];
  if (node === undefined) return null;
  const given = node.options.get("activation");
  if (given) return { span: given.span, text: JSON.stringify(replacement) };
  // `dense({ units: 10 })` → `dense({ units: 10, activation: "softmax" })`; `dense(10)` → `dense(10, { ... })`.
  const config = node.call.args.find((arg) => isObjectValue(arg.value));
  if (config) {
    const close = config.span.end - 1;
    if (text[close] !== "}") return null;
    let before = close - 1;
    while (before > config.span.start && /\s/.test(text[before])) before--;
    const separator = text[before] === "{" ? " " : text[before] === "," ? " " : ", ";
    return { span: { start: before + 1, end: before + 1 }, text: `${separator}activation: ${JSON.stringify(replacement)}${text[before] === "{" ? " " : ""}` };
  }
  const first = node.call.args[0];
  if (node.call.args.length === 1 && first) {
    return { span: { start: first.span.end, end: first.span.end }, text: `, { activation: ${JSON.stringify(replacement)} }` };
  }
  return null;
}

/**
 * Below this a layer is not worth a remark: in a small MLP one layer often holds most of the
 * few parameters, and saying so would only be noise.
 */
const LARGE_LAYER_MIN_PARAMS = 10_000;

function checkLargeLayer(model: ModelAnalysis, ctx: ModelCheckContext): void {
  const total = model.totalParams;
  if (total === null || total === 0) return;
  const weighted = model.layers.filter((layer) => (layer.params ?? 0) > 0);
  if (weighted.length < 2) return;
  for (const layer of weighted) {
    const params = layer.params ?? 0;
    if (params * 2 <= total || params < LARGE_LAYER_MIN_PARAMS) continue;
    const share = Math.round((100 * params) / total);
    const previous = model.layers[layer.index - 1];
    const hint =
      previous?.type === "flatten"
        ? " It follows flatten(): pooling or a strided convolution before it, or globalAvgPool2d() instead of flatten(), shrinks it."
        : "";
    ctx.report({
      code: "nn/large-layer",
      severity: "information",
      message: `${layer.name} holds ${params.toLocaleString("en-US")} of the model's ${total.toLocaleString("en-US")} parameters (${share} %).${hint}`,
      span: layer.span,
      model: model.name,
      layer: layer.index,
    });
  }
}

function isObjectValue(value: Value): value is ObjectValue {
  return typeof value === "object" && value !== null && value.kind === "object";
}
