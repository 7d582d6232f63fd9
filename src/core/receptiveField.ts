// Receptive fields: for every layer whose output is still a spatial map, how many input pixels
// (per axis) one output position sees, how far apart neighbouring outputs' windows are (the
// jump), and where the first output's window is centred. Keras, Netron and torchinfo don't show
// this; the topology view does.
//
// The recurrence is the usual one (Araujo et al., "Computing Receptive Fields of Convolutional
// Neural Networks", Distill 2019), applied layer by layer from the model input, where r = 1,
// j = 1, start = 0 (pixel centres at 0, 1, 2, ...):
//   effective kernel  k' = d·(k − 1) + 1
//   r_out     = r_in + (k' − 1)·j_in
//   j_out     = j_in · s
//   start_out = start_in + ((k' − 1) / 2 − p_before)·j_in
// Pure: it reads only the analysis it is given.

import type { AxisArithmetic, Dim, Shape } from "./types";

/** One spatial axis of a receptive field, in input pixels. Unknown values are null. */
export interface AxisReceptiveField {
  /** "height", "width" or "length". */
  axis: string;
  /** How many input pixels one output position sees along this axis. */
  size: number | null;
  /** The distance, in input pixels, between the windows of two neighbouring outputs. */
  jump: number | null;
  /** The centre of the first output's window, in input pixel coordinates (may be fractional or negative with padding). */
  start: number | null;
}

export type ReceptiveField =
  /** The output is a spatial map (or a sequence); each position has this field. */
  | { kind: "spatial"; axes: AxisReceptiveField[] }
  /** Global pooling: the output is a vector, and each entry sees this much of the input. */
  | { kind: "global"; axes: AxisReceptiveField[] }
  /** The output is not a spatial map (after flatten, dense on vectors, recurrent layers, ...). */
  | { kind: "none" };

/** What the computation needs from a layer: the core's LayerAnalysis and the webview's copy both fit. */
export interface ReceptiveFieldLayer {
  type: string;
  config: Record<string, unknown>;
  inputShape: Shape;
  outputShape: Shape;
  arithmetic: readonly AxisArithmetic[];
  /**
   * Indices of the layers this one reads (`-1 - k` for model input k), for functional models.
   * Absent in a sequential stack, where a layer reads the one before it.
   */
  inputs?: readonly number[];
}

export interface ReceptiveFieldModel {
  inputShape: Shape;
  layers: readonly ReceptiveFieldLayer[];
}

const AXES_2D = ["height", "width"];
const AXES_1D = ["length"];

/** Layers that slide a window over the spatial axes. */
const WINDOWED_2D = new Set(["conv2d", "depthwiseConv2d", "separableConv2d", "maxPool2d", "avgPool2d"]);
const WINDOWED_1D = new Set(["conv1d", "maxPool1d", "avgPool1d"]);
const GLOBAL_POOLS = new Set(["globalMaxPool1d", "globalAvgPool1d", "globalMaxPool2d", "globalAvgPool2d"]);
const POOLS = new Set(["maxPool1d", "avgPool1d", "maxPool2d", "avgPool2d"]);

/**
 * Layers that act on each position on its own (or mix only channels), so every output position
 * has the receptive field of the same input position. `dense` belongs here because on a spatial
 * input it acts on the last axis only, like a 1×1 convolution.
 */
const POINTWISE = new Set([
  "dropout",
  "spatialDropout1d",
  "gaussianNoise",
  "batchNorm",
  "layerNorm",
  "activation",
  "leakyRelu",
  "prelu",
  "elu",
  "softmax",
  "dense",
]);

/** Merge layers of functional models: the union of their inputs' windows. */
const MERGES = new Set(["add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]);

/** The receptive field of every layer's output, in the order of `model.layers`. */
export function receptiveFields(model: ReceptiveFieldModel): ReceptiveField[] {
  const inputField = fieldOfInput(model.inputShape);
  const fields: ReceptiveField[] = [];
  model.layers.forEach((layer, index) => {
    const sources = (layer.inputs ?? [index - 1]).map((source) =>
      source >= 0 ? (fields[source] ?? NONE) : source === -1 ? inputField : NONE,
    );
    fields.push(fieldOfLayer(layer, sources));
  });
  return fields;
}

const NONE: ReceptiveField = { kind: "none" };

/** At the model input each pixel sees itself. Rank 3 is an image, rank 2 a sequence. */
function fieldOfInput(shape: Shape): ReceptiveField {
  if (shape === null) return NONE;
  const names = shape.length === 3 ? AXES_2D : shape.length === 2 ? AXES_1D : null;
  if (names === null) return NONE;
  return { kind: "spatial", axes: names.map((axis) => ({ axis, size: 1, jump: 1, start: 0 })) };
}

function fieldOfLayer(layer: ReceptiveFieldLayer, sources: ReceptiveField[]): ReceptiveField {
  if (MERGES.has(layer.type)) return merge(sources);
  const source = sources[0] ?? NONE;
  // An embedding turns token ids into a sequence: each position sees one token.
  if (layer.type === "embedding") {
    return layer.outputShape?.length === 2 ? { kind: "spatial", axes: [{ axis: "length", size: 1, jump: 1, start: 0 }] } : NONE;
  }
  if (source.kind !== "spatial") return NONE;
  if (POINTWISE.has(layer.type)) return source;
  if (GLOBAL_POOLS.has(layer.type)) return globalField(layer, source);
  const names = WINDOWED_2D.has(layer.type) || layer.type === "zeroPadding2d" || layer.type === "upSampling2d" || layer.type === "conv2dTranspose"
    ? AXES_2D
    : WINDOWED_1D.has(layer.type)
      ? AXES_1D
      : null;
  if (names === null || names.length !== source.axes.length) return NONE;
  const axes = source.axes.map((before, i) => {
    // A window that doesn't fit (output size ≤ 0, already an error) has no field: unknown, not guessed.
    const output = layer.arithmetic[i]?.output;
    if (typeof output === "number" && output <= 0) return { axis: before.axis, size: null, jump: null, start: null };
    return step(layer, i, before);
  });
  return { kind: "spatial", axes };
}

/** One layer's effect on one axis. */
function step(layer: ReceptiveFieldLayer, i: number, before: AxisReceptiveField): AxisReceptiveField {
  const axis = before.axis;
  const inputSize = spatialSize(layer.inputShape, i);
  switch (layer.type) {
    case "zeroPadding2d": {
      // Padding moves the origin: output position 0 is a zero that lies p_before pixels before the input.
      const pad = layer.arithmetic[i]?.padBefore ?? paddingBefore(layer.config.padding, i);
      return { axis, size: before.size, jump: before.jump, start: sub(before.start, mul(pad, before.jump)) };
    }
    case "upSampling2d": {
      // Each input position is repeated `size` times: neighbouring outputs are 1/size pixels apart.
      const factor = pairEntry(layer.config.size, i);
      return { axis, size: before.size, jump: div(before.jump, factor), start: before.start };
    }
    case "conv2dTranspose": {
      // Read as "insert s − 1 zeros between inputs, then slide a k-wide window with stride 1":
      // the jump shrinks by s and the window spans ceil(k / s) input positions.
      const kernel = pairEntry(layer.config.kernelSize, i);
      const stride = pairEntry(layer.config.strides, i) ?? 1;
      const span = kernel === null || stride === null ? null : Math.ceil(kernel / stride);
      return {
        axis,
        size: add(before.size, mul(span === null ? null : span - 1, before.jump)),
        jump: div(before.jump, stride),
        start: before.start,
      };
    }
    default:
      return windowed(layer, i, before, inputSize);
  }
}

/** Convolutions and poolings: a window of k' pixels moved by s. */
function windowed(layer: ReceptiveFieldLayer, i: number, before: AxisReceptiveField, inputSize: Dim): AxisReceptiveField {
  const arithmetic = layer.arithmetic[i] as AxisArithmetic | undefined;
  const isPool = POOLS.has(layer.type);
  const kernel = arithmetic?.kernel ?? pairEntry(isPool ? (layer.config.poolSize ?? 2) : layer.config.kernelSize, i);
  const stride = arithmetic?.stride ?? pairEntry(layer.config.strides ?? (isPool ? (layer.config.poolSize ?? 2) : 1), i);
  const dilation = isPool ? 1 : (arithmetic?.dilation ?? pairEntry(layer.config.dilationRate ?? 1, i));
  const effective = kernel === null || dilation === null ? null : dilation * (kernel - 1) + 1;
  // The padding is worked out here from the layer's own input, not taken from the arithmetic:
  // after a zeroPadding2d the core's explanation folds that layer's padding into this one's
  // ("floor((28 − 5 + 2·2) / 1) + 1"), and zeroPadding2d has already moved the origin.
  const padBefore = samePadding(layer.config.padding, inputSize, effective, stride);
  return {
    axis: before.axis,
    size: add(before.size, mul(effective === null ? null : effective - 1, before.jump)),
    jump: mul(before.jump, stride),
    start: add(before.start, mul(effective === null || padBefore === null ? null : (effective - 1) / 2 - padBefore, before.jump)),
  };
}

/** TensorFlow's "same" padding puts the smaller half before: floor(total / 2). "valid" pads nothing. */
function samePadding(padding: unknown, inputSize: Dim, effective: number | null, stride: number | null): number | null {
  if (padding !== "same") return padding === "valid" || padding === undefined ? 0 : null;
  if (inputSize === null || effective === null || stride === null) return null;
  const output = Math.ceil(inputSize / stride);
  const total = Math.max((output - 1) * stride + effective - inputSize, 0);
  return Math.floor(total / 2);
}

/** Global pooling is a window as large as the input, applied once. */
function globalField(layer: ReceptiveFieldLayer, source: { axes: AxisReceptiveField[] }): ReceptiveField {
  const axes = source.axes.map((before, i) => {
    const size = spatialSize(layer.inputShape, i);
    return {
      axis: before.axis,
      size: add(before.size, mul(size === null ? null : size - 1, before.jump)),
      jump: null,
      start: add(before.start, mul(size === null ? null : (size - 1) / 2, before.jump)),
    };
  });
  return { kind: "global", axes };
}

/** A merge sees the union of its inputs' windows. */
function merge(sources: ReceptiveField[]): ReceptiveField {
  const spatial = sources.filter((s): s is { kind: "spatial"; axes: AxisReceptiveField[] } => s.kind === "spatial");
  if (spatial.length === 0 || spatial.length !== sources.length) return NONE;
  const rank = spatial[0].axes.length;
  if (spatial.some((s) => s.axes.length !== rank)) return NONE;
  const axes = spatial[0].axes.map((first, i) => {
    const all = spatial.map((s) => s.axes[i]);
    if (all.some((a) => a.size === null || a.start === null || a.jump === null)) {
      return { axis: first.axis, size: null, jump: null, start: null };
    }
    const low = Math.min(...all.map((a) => (a.start as number) - ((a.size as number) - 1) / 2));
    const high = Math.max(...all.map((a) => (a.start as number) + ((a.size as number) - 1) / 2));
    return { axis: first.axis, size: high - low + 1, jump: Math.max(...all.map((a) => a.jump as number)), start: (low + high) / 2 };
  });
  return { kind: "spatial", axes };
}

/** The i-th spatial size of a channels-last shape. */
function spatialSize(shape: Shape, i: number): Dim {
  if (shape === null || i >= shape.length - 1) return null;
  return shape[i];
}

/** `3` or `[3, 5]`: the entry for axis i; anything else is unknown. */
function pairEntry(value: unknown, i: number): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) {
    const entry: unknown = value[i];
    return typeof entry === "number" && Number.isFinite(entry) ? entry : null;
  }
  return null;
}

/** zeroPadding2d's padding: `n`, `[h, w]` or `[[top, bottom], [left, right]]`; the part before axis i. */
function paddingBefore(value: unknown, i: number): number | null {
  if (value === undefined) return 1;
  if (Array.isArray(value)) {
    // `[h, w]` gives the same padding on both sides; `[[top, bottom], ...]` gives the first.
    return pairEntry(value[i] as unknown, 0);
  }
  return pairEntry(value, i);
}

function add(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}
function sub(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}
function mul(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a * b;
}
function div(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}
