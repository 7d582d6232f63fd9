// The short texts a node shows: its key options ("32 filters · 3×3 · relu"), its family (which
// picks the accent colour) and number formats. Pure, so the bench and unit tests use it in Node.

export type LayerFamily =
  | "input"
  | "convolution"
  | "pooling"
  | "dense"
  | "reshaping"
  | "normalization"
  | "regularization"
  | "activation"
  | "recurrent"
  | "embedding"
  | "merge"
  | "other";

const FAMILIES: Record<string, LayerFamily> = {
  dense: "dense",
  conv1d: "convolution",
  conv2d: "convolution",
  conv2dTranspose: "convolution",
  depthwiseConv2d: "convolution",
  separableConv2d: "convolution",
  maxPool1d: "pooling",
  avgPool1d: "pooling",
  maxPool2d: "pooling",
  avgPool2d: "pooling",
  globalMaxPool1d: "pooling",
  globalAvgPool1d: "pooling",
  globalMaxPool2d: "pooling",
  globalAvgPool2d: "pooling",
  zeroPadding2d: "reshaping",
  upSampling2d: "reshaping",
  flatten: "reshaping",
  reshape: "reshaping",
  permute: "reshaping",
  repeatVector: "reshaping",
  dropout: "regularization",
  spatialDropout1d: "regularization",
  gaussianNoise: "regularization",
  batchNorm: "normalization",
  layerNorm: "normalization",
  activation: "activation",
  leakyRelu: "activation",
  prelu: "activation",
  elu: "activation",
  softmax: "activation",
  embedding: "embedding",
  simpleRnn: "recurrent",
  lstm: "recurrent",
  gru: "recurrent",
  bidirectional: "recurrent",
  add: "merge",
  subtract: "merge",
  multiply: "merge",
  average: "merge",
  maximum: "merge",
  minimum: "merge",
  concatenate: "merge",
  dot: "merge",
};

export function layerFamily(type: string): LayerFamily {
  return FAMILIES[type] ?? "other";
}

/** Layers whose windows act on two spatial axes, so a single kernel size reads "3×3". */
const TWO_D = new Set([
  "conv2d",
  "conv2dTranspose",
  "depthwiseConv2d",
  "separableConv2d",
  "maxPool2d",
  "avgPool2d",
  "zeroPadding2d",
  "upSampling2d",
]);

/** A value from a layer's config as a person writes it; null (unknown) as "?". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "?";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return "…";
}

/** `3` → "3×3" for 2-D layers, `[3, 5]` → "3×5", `5` → "5" for 1-D layers. */
function windowSize(type: string, value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join("×");
  const one = formatValue(value);
  return TWO_D.has(type) ? `${one}×${one}` : one;
}

function isDefault(value: unknown, fallback: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((v) => v === fallback);
  return value === fallback;
}

/** The options that identify a layer at a glance, joined with " · ". */
export function keyOptions(type: string, config: Record<string, unknown>): string {
  const parts: string[] = [];
  const push = (text: string | null) => {
    if (text !== null && text !== "") parts.push(text);
  };
  const activation = (fallback: string) => (isDefault(config.activation, fallback) ? null : formatValue(config.activation));
  const stride = (fallback: unknown) => (isDefault(config.strides, fallback) ? null : `stride ${windowSize(type, config.strides)}`);
  const padding = () => (config.padding === "same" ? "same" : config.padding === null ? "padding ?" : null);
  const dilation = () => (isDefault(config.dilationRate, 1) ? null : `dilation ${windowSize(type, config.dilationRate)}`);

  switch (type) {
    case "dense":
      push(`${formatValue(config.units)} units`);
      push(activation("linear"));
      break;
    case "conv1d":
    case "conv2d":
    case "conv2dTranspose":
    case "separableConv2d":
      push(`${formatValue(config.filters)} filters`);
      push(windowSize(type, config.kernelSize));
      push(stride(1));
      push(padding());
      push(dilation());
      if (type === "separableConv2d" && !isDefault(config.depthMultiplier, 1)) push(`×${formatValue(config.depthMultiplier)}`);
      push(activation("linear"));
      break;
    case "depthwiseConv2d":
      push(windowSize(type, config.kernelSize));
      if (!isDefault(config.depthMultiplier, 1)) push(`×${formatValue(config.depthMultiplier)} per channel`);
      push(stride(1));
      push(padding());
      push(activation("linear"));
      break;
    case "maxPool1d":
    case "avgPool1d":
    case "maxPool2d":
    case "avgPool2d": {
      const pool = config.poolSize ?? 2;
      push(windowSize(type, pool));
      push(isDefault(config.strides, Array.isArray(pool) ? pool[0] : pool) || sameValue(config.strides, pool) ? null : `stride ${windowSize(type, config.strides)}`);
      push(padding());
      break;
    }
    case "zeroPadding2d":
      push(`padding ${paddingText(config.padding ?? 1)}`);
      break;
    case "upSampling2d":
      push(`size ${windowSize(type, config.size ?? 2)}`);
      break;
    case "reshape":
      push(`to ${formatValue(config.targetShape)}`);
      break;
    case "permute":
      push(`dims ${formatValue(config.dims)}`);
      break;
    case "repeatVector":
      push(`n ${formatValue(config.n)}`);
      break;
    case "dropout":
    case "spatialDropout1d":
      push(`rate ${formatValue(config.rate)}`);
      break;
    case "gaussianNoise":
      push(`stddev ${formatValue(config.stddev)}`);
      break;
    case "activation":
      push(formatValue(config.activation));
      break;
    case "leakyRelu":
    case "elu":
      push(config.alpha === undefined ? null : `alpha ${formatValue(config.alpha)}`);
      break;
    case "embedding":
      push(`${formatValue(config.inputDim)} ids → ${formatValue(config.outputDim)}`);
      break;
    case "simpleRnn":
    case "lstm":
    case "gru":
      push(`${formatValue(config.units)} units`);
      push(config.returnSequences === true ? "sequences" : null);
      break;
    case "bidirectional":
      push(config.mergeMode === undefined ? null : `merge ${formatValue(config.mergeMode)}`);
      break;
    case "concatenate":
      push(isDefault(config.axis, -1) ? null : `axis ${formatValue(config.axis)}`);
      break;
    default:
      break;
  }
  return parts.join(" · ");
}

/** zeroPadding2d's padding: "2" when every side gets 2, else as written ("[[1, 2], [0, 0]]"). */
function paddingText(value: unknown): string {
  const flat = Array.isArray(value) ? value.flat() : [value];
  return flat.length > 0 && flat.every((v) => v === flat[0]) ? formatValue(flat[0]) : formatValue(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v, v]);
  const x = list(a);
  const y = list(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * One formatter for every node: the core's formatCount (`toLocaleString`) builds a new one per
 * call, which is most of the graph-building time for a 500-layer model. Same output: "34,826".
 */
const GROUPED = new Intl.NumberFormat("en-US");

/** "320 params"; unknown as "? params". */
export function paramsLabel(params: number | null): string {
  return `${params === null ? "?" : GROUPED.format(params)} params`;
}

/** Elements in a shape, or null when any size is unknown. */
export function elementCount(shape: readonly (number | null)[] | null): number | null {
  if (shape === null) return null;
  let count = 1;
  for (const d of shape) {
    if (d === null) return null;
    count *= d;
  }
  return count;
}
