// Everything the "nn-studio" module exports, by kind. The parser resolves imports against this
// list (`nn/unknown-name`), and a test keeps it in step with the layer rules and types/nn-studio.d.ts.

export const LAYER_FUNCTIONS = [
  "dense",
  "conv1d",
  "conv2d",
  "conv2dTranspose",
  "depthwiseConv2d",
  "separableConv2d",
  "maxPool1d",
  "avgPool1d",
  "maxPool2d",
  "avgPool2d",
  "globalMaxPool1d",
  "globalAvgPool1d",
  "globalMaxPool2d",
  "globalAvgPool2d",
  "zeroPadding2d",
  "upSampling2d",
  "flatten",
  "reshape",
  "permute",
  "repeatVector",
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
  "embedding",
  "simpleRnn",
  "lstm",
  "gru",
  "bidirectional",
] as const;
export type LayerFunction = (typeof LAYER_FUNCTIONS)[number];

/** Layers whose main option may be given positionally: `dense(64)`, `dropout(0.5)`. */
export const POSITIONAL_OPTION: Partial<Record<LayerFunction, string>> = {
  dense: "units",
  reshape: "targetShape",
  dropout: "rate",
  activation: "activation",
};

export const DATA_FUNCTIONS = [
  "mnist",
  "fashionMnist",
  "idx",
  "csv",
  "xor",
  "circles",
  "spiral",
  "moons",
  "sine",
] as const;
export type DataFunction = (typeof DATA_FUNCTIONS)[number];

export const OPTIMIZER_FUNCTIONS = ["sgd", "adam", "rmsprop", "adagrad"] as const;
export type OptimizerFunction = (typeof OPTIMIZER_FUNCTIONS)[number];

export const STRUCTURE_FUNCTIONS = ["model", "input", "repeat"] as const;

export const ALL_EXPORTS: ReadonlySet<string> = new Set<string>([
  ...STRUCTURE_FUNCTIONS,
  ...LAYER_FUNCTIONS,
  ...DATA_FUNCTIONS,
  ...OPTIMIZER_FUNCTIONS,
]);

export function isLayerFunction(name: string): name is LayerFunction {
  return (LAYER_FUNCTIONS as readonly string[]).includes(name);
}

export function isDataFunction(name: string): name is DataFunction {
  return (DATA_FUNCTIONS as readonly string[]).includes(name);
}

export function isOptimizerFunction(name: string): name is OptimizerFunction {
  return (OPTIMIZER_FUNCTIONS as readonly string[]).includes(name);
}
