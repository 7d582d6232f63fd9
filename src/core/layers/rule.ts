// What a layer rule is: an option schema plus pure functions from (options, input shape) to the
// output shape, the weights TensorFlow.js would create, the multiply-adds of a forward pass and
// any problems found. Rules know nothing of source text; the sequential analysis turns their
// problems into diagnostics with ranges and quick fixes.

import type { LayerFunction } from "../exports";
import type { AxisArithmetic, DiagnosticCode, Dim, Shape } from "../types";
import type { Json, OptionSpec } from "./schema";

/** The options of one layer call after validation and defaults; unknown or invalid → null. */
export class ResolvedOptions {
  constructor(
    /** Every option of the rule, with its default applied when absent. */
    readonly values: ReadonlyMap<string, Json>,
    /** The options written in the source. */
    readonly written: ReadonlySet<string>,
  ) {}

  get(name: string): Json {
    return this.values.get(name) ?? null;
  }

  number(name: string): number | null {
    const value = this.get(name);
    return typeof value === "number" ? value : null;
  }

  string(name: string): string | null {
    const value = this.get(name);
    return typeof value === "string" ? value : null;
  }

  boolean(name: string): boolean | null {
    const value = this.get(name);
    return typeof value === "boolean" ? value : null;
  }

  /** A list of sizes (kernelSize, targetShape, dims, ...); null entries are unknown. */
  dims(name: string): Dim[] | null {
    const value = this.get(name);
    if (!Array.isArray(value)) return null;
    return value.map((item) => (typeof item === "number" ? item : null));
  }

  /** The same options with `name` unknown: a value found invalid by a cross-option check. */
  withUnknown(name: string): ResolvedOptions {
    const values = new Map(this.values);
    values.set(name, null);
    return new ResolvedOptions(values, this.written);
  }

  /** A per-axis size option (`kernelSize: 3` or `[3, 5]`), always `rank` entries long. */
  size(name: string, rank: number): Dim[] {
    const value = this.dims(name);
    return value === null || value.length !== rank ? new Array<Dim>(rank).fill(null) : value;
  }
}

/** A weight as TensorFlow.js creates it; an unknown size makes the parameter count unknown. */
export interface WeightSpec {
  name: string;
  shape: Dim[];
  trainable: boolean;
}

/** A quick fix in terms of options and layers; the analysis turns it into text edits. */
export type FixPlan =
  /** Set an option to a value (source text): replace its value, or add the property. */
  | { kind: "setOption"; title: string; option: string; text: string }
  /** Insert a layer call (e.g. `flatten()`) right before this one, importing it if needed. */
  | { kind: "insertLayerBefore"; title: string; layer: LayerFunction }
  /** Rename an option's key (the did-you-mean for an unknown option). */
  | { kind: "renameOption"; title: string; from: string; to: string };

export interface Issue {
  code: DiagnosticCode;
  message: string;
  /** The option at fault: the diagnostic takes its value's range. Otherwise the layer call's. */
  option?: string;
  /** Use the option's key range instead of its value's (an unknown option name). */
  onKey?: boolean;
  fixes?: FixPlan[];
}

export interface Inference {
  /** The output shape without the batch axis; a size that could not be computed is null. */
  output: Shape;
  weights: WeightSpec[];
  /** Multiply-adds of one example's forward pass (FLOPs are twice this); null when unknown. */
  multiplyAdds: number | null;
  arithmetic: AxisArithmetic[];
  issues: Issue[];
}

/** What a rule may know about its neighbours, for warnings that depend on the layer before. */
export interface InferContext {
  /** The type of the layer before, or null for the model's input. */
  previousType: string | null;
  /**
   * When the layer before is a `zeroPadding2d`: its input sizes (height, width) and the padding
   * it added, so a "valid" window can show the padding inside its formula.
   */
  precedingPadding: { input: Dim[]; padding: [number, number][] } | null;
  /** For `bidirectional`: the wrapped layer's rule and resolved options. */
  inner?: { rule: LayerRule; options: ResolvedOptions };
}

/** The input ranks a layer accepts, without the batch axis. */
export interface InputSpec {
  minRank: number;
  maxRank: number;
  /** How the expected input reads in messages, e.g. "[height, width, channels]". */
  shape: string;
}

export interface LayerRule {
  type: LayerFunction;
  /** The tfjs-layers class this layer becomes, e.g. "Conv2D". */
  tfjsClass: string;
  /** One line for completions and the type declarations. */
  doc: string;
  options: readonly OptionSpec[];
  input: InputSpec;
  /** Checks across options, once each is valid on its own (dilation with strides, elu's alpha). */
  check?(options: ResolvedOptions): Issue[];
  infer(options: ResolvedOptions, input: Dim[], context: InferContext): Inference;
}

/** The output of a layer that changes nothing about its input's shape and holds no weights. */
export function unchanged(input: Dim[]): Inference {
  return { output: [...input], weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
}

export function product(dims: readonly Dim[]): number | null {
  let total = 1;
  for (const dim of dims) {
    if (dim === null) return null;
    total *= dim;
  }
  return total;
}

/** `a · b · ...`, or null when any factor is unknown. */
export function multiply(...factors: Dim[]): number | null {
  return product(factors);
}

export function rankSpec(rank: number, shape: string): InputSpec {
  return { minRank: rank, maxRank: rank, shape };
}

export function anyRank(minRank: number, shape: string): InputSpec {
  return { minRank, maxRank: Number.POSITIVE_INFINITY, shape };
}
