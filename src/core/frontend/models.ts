// From evaluated exports to the model IR (DSL.md §3): each exported `model(...)` call becomes a
// ModelNode with its input, its flattened layer list and its data and train options. Elements
// that are not layers are reported and kept as "unknown" layers, so every later shape is unknown
// rather than guessed, and `layer` indices keep matching the source.

import { isDataFunction, isOptimizerFunction, LAYER_FUNCTIONS, type LayerFunction, POSITIONAL_OPTION } from "../exports";
import { didYouMean } from "../suggest";
import {
  type CallValue,
  type Diagnostic,
  type Dim,
  type Fix,
  type InputNode,
  type LayerNode,
  type Located,
  type ModelNode,
  type Property,
  type Span,
  UNKNOWN,
} from "../types";
import type { ModuleExport } from "./evaluate";
import type { ImportInfo } from "./imports";
import type { Reporter } from "./report";
import { describeValue, isArrayValue, isCallValue, isObjectValue, LIMITS, NnFunction } from "./values";

export interface ModelContext {
  text: string;
  fileName: string;
  reporter: Reporter;
  imports: ImportInfo;
  /** Array items that stand for a spread of unknown length. */
  unknownSpreads: ReadonlySet<Located>;
}

const INPUT_OPTIONS = ["dtype", "name"];
const LAYER_NAMES: ReadonlySet<string> = new Set(LAYER_FUNCTIONS);

/** A set lookup: this runs once per layer, and the list has dozens of names. */
function isLayerFunction(name: string): name is LayerFunction {
  return LAYER_NAMES.has(name);
}

/** Every exported model, once each (a model exported under two names is analysed once, under the first). */
export function buildModels(exports: ModuleExport[], ctx: ModelContext): ModelNode[] {
  const seen = new Set<CallValue>();
  const models: ModelNode[] = [];
  for (const { exportName, value } of exports) {
    if (!isCallValue(value) || value.fn !== "model" || seen.has(value)) continue;
    seen.add(value);
    models.push(new ModelBuilder(value, exportName, ctx).build());
  }
  return models;
}

/** The display name of a model without a `name` option: the export, or the file for `default`. */
export function defaultModelName(exportName: string, fileName: string): string {
  if (exportName !== "default") return exportName;
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.nn\.ts$/, "").replace(/\.[cm]?[jt]sx?$/, "");
}

class ModelBuilder {
  private readonly model: ModelNode;

  constructor(
    private readonly call: CallValue,
    exportName: string,
    private readonly ctx: ModelContext,
  ) {
    const first = call.args[0];
    const config = first !== undefined && isObjectValue(first.value) ? first.value : null;
    const nameOption = config?.props.get("name");
    const name = typeof nameOption?.value === "string" ? nameOption.value : defaultModelName(exportName, ctx.fileName);
    this.model = { exportName, name, span: call.span, config, input: null, layers: [], data: null, train: null };
  }

  build(): ModelNode {
    const model = this.model;
    const first = this.call.args[0];
    if (first === undefined) {
      this.report("nn/invalid-option", this.call.span, "model needs one config object: model({ input: input([28, 28, 1]), layers: [ … ] }).");
      return model;
    }
    if (first.value === UNKNOWN) {
      // Nothing about it is known, so not even the output is: one unknown layer says so.
      model.layers = [unknownLayer(first.span)];
      return model;
    }
    if (model.config === null) {
      this.report("nn/invalid-option", first.span, `model takes one config object { input, layers, … }, not ${describeValue(first.value)}.`);
      return model;
    }
    for (const extra of this.call.args.slice(1)) {
      this.report("nn/invalid-option", extra.span, "model takes a single config object; this argument is ignored. Put everything in the object.");
    }
    const props = model.config.props;
    const name = props.get("name");
    if (name !== undefined && name.value !== UNKNOWN && typeof name.value !== "string") {
      this.report("nn/invalid-option", name.span, `model: name must be a string, not ${describeValue(name.value)}.`);
    }
    model.input = this.input(props.get("input"));
    model.layers = this.layers(props.get("layers"));
    const data = props.get("data")?.value;
    // Anything else given as data is reported by the model-level checks, which own that option.
    model.data = isCallValue(data) && isDataFunction(data.fn) ? data : null;
    const train = props.get("train");
    if (train !== undefined && isObjectValue(train.value)) model.train = train.value;
    else if (train !== undefined && train.value !== UNKNOWN && train.value !== undefined) {
      this.report("nn/invalid-option", train.span, `model: train must be an object such as { optimizer: "adam", loss: "categoricalCrossentropy" }, not ${describeValue(train.value)}.`);
    }
    return model;
  }

  // -------------------------------------------------------------------------------------------
  // input

  private input(option: Property | undefined): InputNode | null {
    if (option === undefined || option.value === undefined) {
      this.report(
        "nn/missing-input",
        this.call.span,
        `model "${this.model.name}" has no input. Add input: input([…]) with the shape of one example without the batch dimension, e.g. input([28, 28, 1]).`,
      );
      return null;
    }
    const value = option.value;
    if (value === UNKNOWN) return null;
    if (isCallValue(value) && value.fn === "input") return this.inputNode(value);
    const fixes: Fix[] = [];
    if (isArrayValue(value)) {
      const { reference, edits } = this.ctx.imports.ensureImported("input");
      const shapeText = this.ctx.text.slice(option.span.start, option.span.end);
      fixes.push({ title: `Wrap the shape in ${reference}(…)`, edits: [...edits, { span: option.span, text: `${reference}(${shapeText})` }] });
    }
    this.report(
      "nn/invalid-option",
      option.span,
      `model: input must be an input(…) call such as input([28, 28, 1]), not ${describeValue(value)}.`,
      undefined,
      fixes,
    );
    return null;
  }

  private inputNode(call: CallValue): InputNode {
    const [shapeArg, optionsArg, ...extra] = call.args;
    const node: InputNode = { shape: null, dtype: "float32", span: call.span, shapeSpan: shapeArg?.span ?? call.span };
    if (shapeArg === undefined) {
      this.report("nn/invalid-option", call.span, "input needs the shape of one example without the batch dimension, e.g. input([28, 28, 1]).");
    } else {
      node.shape = this.inputShape(shapeArg);
    }
    if (optionsArg !== undefined && optionsArg.value !== UNKNOWN) {
      if (!isObjectValue(optionsArg.value)) {
        this.report("nn/invalid-option", optionsArg.span, `input: the second argument must be an options object such as { dtype: "int32" }, not ${describeValue(optionsArg.value)}.`);
      } else {
        for (const property of optionsArg.value.props.values()) {
          const value = property.value;
          if (!INPUT_OPTIONS.includes(property.key)) {
            this.report(
              "nn/unknown-option",
              property.keySpan,
              `input: '${property.key}' is not an input option; it is ignored. Options: ${INPUT_OPTIONS.join(", ")}.${didYouMean(property.key, INPUT_OPTIONS)}`,
              undefined,
              [],
              "warning",
            );
          } else if (value === UNKNOWN) {
            continue;
          } else if (property.key === "dtype") {
            if (value === "float32" || value === "int32") node.dtype = value;
            else this.report("nn/invalid-option", property.span, `input: dtype must be "float32" or "int32", not ${describeValue(value)}.`);
          } else if (typeof value !== "string") {
            this.report("nn/invalid-option", property.span, `input: name must be a string, not ${describeValue(value)}.`);
          }
        }
      }
    }
    for (const arg of extra) this.report("nn/invalid-option", arg.span, "input takes a shape and an options object; this argument is ignored.");
    return node;
  }

  private inputShape(shapeArg: Located): Dim[] | null {
    const value = shapeArg.value;
    if (value === UNKNOWN) return null;
    if (!isArrayValue(value)) {
      const fixes: Fix[] =
        typeof value === "number"
          ? [{ title: "Wrap the size in [ ]", edits: [{ span: shapeArg.span, text: `[${this.ctx.text.slice(shapeArg.span.start, shapeArg.span.end)}]` }] }]
          : [];
      this.report("nn/invalid-option", shapeArg.span, `input: the shape must be an array of sizes such as [28, 28, 1], not ${describeValue(value)}.`, undefined, fixes);
      return null;
    }
    if (value.items.length === 0) {
      this.report("nn/invalid-option", shapeArg.span, "input: the shape needs at least one size, e.g. [784].");
      return null;
    }
    // A spread of unknown length leaves even the rank unknown.
    if (value.items.some((item) => this.ctx.unknownSpreads.has(item))) return null;
    let valid = true;
    const shape = value.items.map((item): Dim => {
      const size = item.value;
      if (size === UNKNOWN || size === null) return null;
      if (typeof size === "number" && Number.isInteger(size) && size >= 1) return size;
      valid = false;
      this.report("nn/invalid-option", item.span, `input: each size must be a whole number ≥ 1 (or null for a size that varies), not ${describeValue(size)}.`);
      return null;
    });
    // A shape with a bad size is not a shape with an unknown size: nothing after it can be computed.
    return valid ? shape : null;
  }

  // -------------------------------------------------------------------------------------------
  // layers

  private layers(option: Property | undefined): LayerNode[] {
    if (option === undefined || option.value === undefined) return [];
    const value = option.value;
    if (value === UNKNOWN) return [unknownLayer(option.span)];
    if (!isArrayValue(value)) {
      const fixes: Fix[] = [];
      if (isCallValue(value) && isLayerFunction(value.fn)) {
        fixes.push({ title: "Wrap the layer in [ ]", edits: [{ span: option.span, text: `[${this.ctx.text.slice(option.span.start, option.span.end)}]` }] });
      }
      this.report("nn/invalid-option", option.span, `model: layers must be an array of layers such as [dense(10)], not ${describeValue(value)}.`, undefined, fixes);
      return [unknownLayer(option.span)];
    }
    const items = this.flatten(value.items, option.span);
    return items.map((item, index) => this.layer(item, index));
  }

  /** Nested arrays (from helpers and repeat) spliced in place, as DSL.md §2 says. */
  private flatten(items: Located[], span: Span): Located[] {
    const out: Located[] = [];
    const stack: { items: Located[]; next: number }[] = [{ items, next: 0 }];
    let visits = 0;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.items.length) {
        stack.pop();
        continue;
      }
      const item = top.items[top.next++];
      if (++visits > LIMITS.maxValueSize || out.length >= LIMITS.maxElements) {
        this.report(
          "nn/not-static",
          span,
          `layers holds more than ${LIMITS.maxElements.toLocaleString("en-US")} layers once nested arrays are flattened, which is outside the static subset of .nn.ts (DSL.md §2): the layers after that are unknown.`,
          undefined,
          [],
          "warning",
        );
        out.push({ value: UNKNOWN, span });
        return out;
      }
      if (isArrayValue(item.value)) stack.push({ items: item.value.items, next: 0 });
      else out.push(item);
    }
    return out;
  }

  private layer(item: Located, index: number): LayerNode {
    const value = item.value;
    if (value === UNKNOWN) return unknownLayer(item.span);
    if (isCallValue(value) && isLayerFunction(value.fn)) return this.layerFromCall(value, index);
    const fixes: Fix[] = [];
    let message: string;
    if (isCallValue(value)) {
      message = notALayer(value.fn);
    } else if (value instanceof NnFunction && isLayerFunction(value.name)) {
      message = `'${this.ctx.text.slice(item.span.start, item.span.end)}' is the layer function itself; call it to make a layer: ${value.name}(…).`;
      fixes.push({ title: "Call it", edits: [{ span: { start: item.span.end, end: item.span.end }, text: "()" }] });
    } else {
      message = `layers[${index}] is ${describeValue(value)}, not a layer. Each element of layers must be a layer such as dense({ units: 10 }).`;
    }
    this.report("nn/invalid-option", item.span, message, index, fixes);
    return unknownLayer(item.span);
  }

  private layerFromCall(call: CallValue, index: number): LayerNode {
    const type = call.fn;
    const positional = isLayerFunction(type) ? POSITIONAL_OPTION[type] : undefined;
    const [first, second] = call.args;
    let options = new Map<string, Property>();
    let used = 0;
    if (first !== undefined && isObjectValue(first.value)) {
      options = first.value.props;
      used = 1;
    } else if (first !== undefined && positional !== undefined) {
      options.set(positional, { key: positional, keySpan: first.span, value: first.value, span: first.span });
      used = 1;
      if (second !== undefined) {
        used = 2;
        // Options of unknown keys would leave every other option unknown too.
        if (second.value === UNKNOWN) return unknownLayer(call.span, call);
        if (!isObjectValue(second.value)) {
          this.report("nn/invalid-option", second.span, `${type}: the second argument must be an options object such as { name: "${type}_1" }, not ${describeValue(second.value)}.`, index);
        } else {
          for (const property of second.value.props.values()) {
            if (property.key === positional) {
              this.report("nn/invalid-option", property.keySpan, `${type}: ${positional} is given twice, as the first argument and in the options; the first argument is used. Remove one.`, index);
            } else {
              options.set(property.key, property);
            }
          }
        }
      }
    } else if (first !== undefined) {
      if (first.value === UNKNOWN) return unknownLayer(call.span, call);
      this.report("nn/invalid-option", first.span, `${type} takes one options object such as ${type}({ … }), not ${describeValue(first.value)}.`, index);
      return unknownLayer(call.span, call);
    }
    for (const extra of call.args.slice(used)) {
      this.report("nn/invalid-option", extra.span, `${type} takes ${positional === undefined ? "one options object" : `${positional} and an options object`}; this argument is ignored.`, index);
    }
    const node: LayerNode = { type, call, options };
    if (type === "bidirectional") {
      const wrapped = options.get("layer")?.value;
      if (isCallValue(wrapped) && isLayerFunction(wrapped.fn)) node.inner = this.layerFromCall(wrapped, index);
    }
    return node;
  }

  private report(
    code: Diagnostic["code"],
    span: Span,
    message: string,
    layer?: number,
    fixes: Fix[] = [],
    severity: Diagnostic["severity"] = "error",
  ): void {
    const diagnostic: Diagnostic = { code, severity, message, span, model: this.model.name };
    if (layer !== undefined) diagnostic.layer = layer;
    if (fixes.length > 0) diagnostic.fixes = fixes;
    this.ctx.reporter.report(diagnostic);
  }
}

function notALayer(fn: string): string {
  if (fn === "input") return "input(…) is not a layer: it goes in the model's input option, input: input([…]).";
  if (fn === "model") return "model(…) is not a layer: a model can't be nested in another's layers.";
  if (fn === "repeat") return "repeat(…) makes an array of layers; it is not a layer itself.";
  if (isDataFunction(fn)) return `${fn}(…) is a data function, not a layer: it goes in the model's data option.`;
  if (isOptimizerFunction(fn)) return `${fn}(…) is an optimizer, not a layer: it goes in train: { optimizer: ${fn}({ … }) }.`;
  return `${fn}(…) is not a layer.`;
}

/** A layer whose type is unknown (already reported): every shape after it is unknown. */
function unknownLayer(span: Span, call?: CallValue): LayerNode {
  return {
    type: "unknown",
    call: call ?? { kind: "call", fn: "unknown", args: [], span, calleeSpan: span },
    options: new Map(),
  };
}
