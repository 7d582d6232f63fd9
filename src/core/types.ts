// The core's shared vocabulary: source spans, evaluated values, the model IR, analysis results
// and diagnostics. Every consumer (editor, webviews, CLI, training) speaks these types, which is
// why they live in one small module with no behaviour.

/** A half-open range `[start, end)` of UTF-16 offsets into the model file's text. */
export interface Span {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Files: the core never touches the file system itself (DESIGN.md); it asks its host.

export interface Host {
  /** The text of a file, or `undefined` when it can't be read (missing, a folder, no access). */
  readFile(path: string): string | undefined;
  /**
   * Optional: at most the first `length` bytes of a file, as stored (no decompression), or
   * `undefined` when it can't be read. Lets the analyser read a binary header (IDX data) without
   * loading the whole file; without it those sizes stay unknown.
   */
  readBytes?(path: string, length: number): Uint8Array | undefined;
  /** Resolves `relative` against the folder that holds the model file `fromFile`. */
  resolvePath(fromFile: string, relative: string): string;
}

// ---------------------------------------------------------------------------------------------
// Values of the static evaluator (DSL.md §2).

/**
 * The value of an expression the evaluator could not compute. The expression that made it has
 * already been reported (`nn/not-static`), so nothing downstream reports it again.
 */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export type Value =
  | number
  | string
  | boolean
  | null
  | undefined
  | Unknown
  | ArrayValue
  | ObjectValue
  | CallValue
  | FunctionValue;

/** A value together with the source range of the expression that produced it. */
export interface Located {
  value: Value;
  span: Span;
}

export interface ArrayValue {
  kind: "array";
  items: Located[];
  span: Span;
}

export interface Property {
  key: string;
  keySpan: Span;
  value: Value;
  /** The range of the value's expression: where an option's diagnostic goes. */
  span: Span;
}

export interface ObjectValue {
  kind: "object";
  props: Map<string, Property>;
  span: Span;
}

/** A call of a function exported by `"nn-studio"`, e.g. `conv2d({ filters: 32 })`. */
export interface CallValue {
  kind: "call";
  /** The canonical export name (`conv2d`), whatever the file imported it as. */
  fn: string;
  args: Located[];
  /** The whole call expression. */
  span: Span;
  /** The callee (`conv2d`, `c2d` or `nn.conv2d`). */
  calleeSpan: Span;
}

/** A function declared in the model file; opaque outside the evaluator. */
export interface FunctionValue {
  kind: "function";
  name: string;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Shapes: without the batch dimension. An unknown size is `null`; an unknown rank is `null`.

export type Dim = number | null;
export type Shape = Dim[] | null;

/** How one output size was computed, with the numbers filled in, for hovers and the webview. */
export interface AxisArithmetic {
  /** "height", "width" or "length". */
  axis: string;
  /** The input size `m` (null when unknown). */
  input: Dim;
  output: Dim;
  /** e.g. "floor((28 − 3 + 2·0) / 1) + 1 = 26". */
  text: string;
  /** The formula with letters, e.g. "floor((m − d·(n − 1) − 1 + 2p) / s) + 1". */
  formula: string;
  kernel?: number;
  stride?: number;
  dilation?: number;
  /** Total padding added on this axis, split before/after. */
  padBefore?: number;
  padAfter?: number;
  /** Input rows/columns at the far border that no window covers (the stride or pool drops them). */
  dropped?: number;
}

// ---------------------------------------------------------------------------------------------
// The model IR, as read from the source (DSL.md §3).

export interface LayerNode {
  /**
   * The nn-studio function that made it, e.g. "conv2d"; "unknown" for an element of `layers`
   * that is not static (already reported): every shape after it is unknown.
   */
  type: string;
  /** The call, with its arguments. */
  call: CallValue;
  /**
   * The options as written: the config object's properties, or the positional value under the
   * name of the layer's positional option (`dropout(0.5)` → `rate`).
   */
  options: Map<string, Property>;
  /** For `bidirectional`: the wrapped recurrent layer. */
  inner?: LayerNode;
}

export interface InputNode {
  /** Unknown entries stay `null`; a non-static shape is `null`. */
  shape: Shape;
  dtype: "float32" | "int32";
  span: Span;
  /** The range of the shape argument, for fixes that rewrite it. */
  shapeSpan: Span;
}

export interface ModelNode {
  /** "default" or the exported const's name. */
  exportName: string;
  /** The `name` option, else the export name (`default` → the file name without `.nn.ts`). */
  name: string;
  /** The `model(...)` call. */
  span: Span;
  config: ObjectValue | null;
  input: InputNode | null;
  layers: LayerNode[];
  /** The `data` option's call, e.g. `mnist()`; null when absent or not static. */
  data: CallValue | null;
  train: ObjectValue | null;
}

// ---------------------------------------------------------------------------------------------
// Analysis results.

export interface WeightInfo {
  name: string;
  shape: number[];
  trainable: boolean;
}

export interface LayerAnalysis {
  /** Index in the model's `layers` (after `input`): the `layer` of a diagnostic. */
  index: number;
  type: string;
  /** Keras-style display name: the `name` option, else `type`, `type_1`, `type_2`, ... */
  name: string;
  span: Span;
  inputShape: Shape;
  outputShape: Shape;
  /** The options with defaults applied, as plain JSON-able values (unknown → null). */
  config: Record<string, unknown>;
  weights: WeightInfo[];
  params: number | null;
  trainableParams: number | null;
  flops: number | null;
  /** Per spatial axis, for convolution, pooling, padding and upsampling layers. */
  arithmetic: AxisArithmetic[];
}

/** The shapes a data function yields per example (DSL.md §5). */
export interface DataFacts {
  /** The data function, e.g. "mnist" or "csv". */
  kind: string;
  xShape: Shape;
  /** What the targets are; `classes` is null when unknown. */
  target:
    | { kind: "classes"; classes: number | null; labels?: string[] }
    | { kind: "binary"; labels?: string[] }
    | { kind: "regression"; width: number }
    | { kind: "unknown" };
  /** Human-readable origin, e.g. the CSV path and its row count. */
  description: string;
  span: Span;
}

export interface ModelAnalysis {
  node: ModelNode;
  name: string;
  exportName: string;
  inputShape: Shape;
  layers: LayerAnalysis[];
  outputShape: Shape;
  totalParams: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  flops: number | null;
  data: DataFacts | null;
}

export type Severity = "error" | "warning" | "information";

export type DiagnosticCode =
  | "nn/syntax"
  | "nn/negative-dimension"
  | "nn/rank-mismatch"
  | "nn/reshape-size"
  | "nn/invalid-option"
  | "nn/unknown-option"
  | "nn/unknown-name"
  | "nn/missing-option"
  | "nn/missing-input"
  | "nn/not-static"
  | "nn/data-input-mismatch"
  | "nn/output-target-mismatch"
  | "nn/loss-activation"
  | "nn/dense-on-spatial"
  | "nn/pool-truncation"
  | "nn/large-layer";

/** A text edit: replace `span` by `text` (an empty span inserts). */
export interface TextEdit {
  span: Span;
  text: string;
}

/** A quick fix the editor offers for a diagnostic; applying all its edits removes the problem. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** Display name of the model at fault, when there is one. */
  model?: string;
  /** 0-based index into that model's layers, when one layer is at fault. */
  layer?: number;
  fixes?: Fix[];
}

export interface Analysis {
  fileName: string;
  text: string;
  models: ModelAnalysis[];
  /** Sorted by position. */
  diagnostics: Diagnostic[];
}
