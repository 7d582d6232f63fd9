// IR → tf.Sequential: builds the network the core analysed, layer for layer, from each
// LayerAnalysis's config (tfjs option names, defaults applied). TensorFlow.js is passed in, so
// the caller chooses (and has already initialised) the backend.
//
// The model starts with an explicit InputLayer: it is the only way to give the input a dtype of
// its own (int32 ids for an embedding) without also making the first layer's weights int32. So
// `model.layers[0]` is that InputLayer and the analysis's layer i is `model.layers[i + 1]`.

import type * as tfjs from "@tensorflow/tfjs";
import type { LayerAnalysis } from "../core/types";

type TF = typeof tfjs;
type Layer = tfjs.layers.Layer;
type Activation = "elu" | "hardSigmoid" | "linear" | "relu" | "relu6" | "selu" | "sigmoid" | "softmax" | "softplus" | "softsign" | "tanh" | "swish" | "mish" | "gelu";
type Padding = "valid" | "same";

/** The offset of the analysis's layer i in `model.layers` (the InputLayer comes first). */
export const LAYER_OFFSET = 1;

export class BuildError extends Error {
  override name = "BuildError";
}

/** Typed, checked access to one layer's config: every value the layer needs must be known. */
class ConfigReader {
  constructor(
    private readonly layer: string,
    private readonly config: Record<string, unknown>,
  ) {}

  private value(key: string): unknown {
    const value = this.config[key];
    if (value === null || value === undefined) {
      throw new BuildError(`Layer ${this.layer}: the option ${key} is not known statically, so the model cannot be built.`);
    }
    return value;
  }

  number(key: string): number {
    const value = this.value(key);
    if (typeof value !== "number") throw new BuildError(`Layer ${this.layer}: ${key} must be a number.`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.value(key);
    if (typeof value !== "boolean") throw new BuildError(`Layer ${this.layer}: ${key} must be true or false.`);
    return value;
  }

  string(key: string): string {
    const value = this.value(key);
    if (typeof value !== "string") throw new BuildError(`Layer ${this.layer}: ${key} must be a string.`);
    return value;
  }

  numbers(key: string): number[] {
    const value = this.value(key);
    if (!Array.isArray(value) || !value.every((item): item is number => typeof item === "number")) {
      throw new BuildError(`Layer ${this.layer}: every entry of ${key} must be known.`);
    }
    // A copy: tfjs-layers' Reshape rewrites its targetShape in place.
    return [...value];
  }

  pair(key: string): [number, number] {
    const [a, b] = this.numbers(key);
    return [a, b];
  }

  /** A number, or (layerNorm's axis) a list of numbers. */
  numberOrNumbers(key: string): number | number[] {
    return typeof this.config[key] === "number" ? this.number(key) : this.numbers(key);
  }

  activation(key: string): Activation {
    return this.string(key) as Activation;
  }

  padding(key: string): Padding {
    const value = this.string(key);
    if (value !== "valid" && value !== "same") throw new BuildError(`Layer ${this.layer}: padding must be "valid" or "same".`);
    return value;
  }

  record(key: string): Record<string, unknown> {
    const value = this.value(key);
    if (typeof value !== "object" || Array.isArray(value) || value === null) throw new BuildError(`Layer ${this.layer}: ${key} must be an object.`);
    return value as Record<string, unknown>;
  }
}

/** Builds a tf.Sequential with the analysed layers on an input of `inputShape` (no batch axis). */
export function buildModel(tf: TF, inputShape: number[], layers: LayerAnalysis[], dtype: "float32" | "int32"): tfjs.Sequential {
  const names = new Set(layers.map((layer) => layer.name));
  let inputName = "input";
  for (let i = 1; names.has(inputName); i++) inputName = `input_${i}`;
  const built: Layer[] = [tf.layers.inputLayer({ inputShape, dtype, name: inputName })];
  for (const layer of layers) built.push(buildLayer(tf, layer.type, layer.name, resolvedConfig(layer)));
  return tf.sequential({ layers: built });
}

/**
 * The config to build from. A reshape's -1 is replaced by the size the analysis inferred:
 * tfjs-layers declares an inferred size as unknown (it sees the unknown batch size), and a
 * layer such as flatten after it would then refuse to build.
 */
function resolvedConfig(layer: LayerAnalysis): Record<string, unknown> {
  const output = layer.outputShape;
  if (layer.type === "reshape" && output !== null && output.every((d) => d !== null)) return { ...layer.config, targetShape: [...output] };
  return layer.config;
}

/** One tfjs layer from a layer type and its config (as in LayerAnalysis.config). */
export function buildLayer(tf: TF, type: string, name: string, config: Record<string, unknown>): Layer {
  const c = new ConfigReader(name, config);
  const l = tf.layers;
  switch (type) {
    case "dense":
      return l.dense({ name, units: c.number("units"), activation: c.activation("activation"), useBias: c.boolean("useBias") });
    case "conv1d":
      return l.conv1d({
        name,
        filters: c.number("filters"),
        kernelSize: c.number("kernelSize"),
        strides: c.number("strides"),
        padding: c.padding("padding"),
        dilationRate: c.number("dilationRate"),
        activation: c.activation("activation"),
        useBias: c.boolean("useBias"),
      });
    case "conv2d":
      return l.conv2d({
        name,
        filters: c.number("filters"),
        kernelSize: c.pair("kernelSize"),
        strides: c.pair("strides"),
        padding: c.padding("padding"),
        dilationRate: c.pair("dilationRate"),
        activation: c.activation("activation"),
        useBias: c.boolean("useBias"),
      });
    case "conv2dTranspose":
      return l.conv2dTranspose({
        name,
        filters: c.number("filters"),
        kernelSize: c.pair("kernelSize"),
        strides: c.pair("strides"),
        padding: c.padding("padding"),
        activation: c.activation("activation"),
        useBias: c.boolean("useBias"),
      });
    case "depthwiseConv2d":
      return l.depthwiseConv2d({
        name,
        kernelSize: c.pair("kernelSize"),
        depthMultiplier: c.number("depthMultiplier"),
        strides: c.pair("strides"),
        padding: c.padding("padding"),
        activation: c.activation("activation"),
        useBias: c.boolean("useBias"),
      });
    case "separableConv2d":
      return l.separableConv2d({
        name,
        filters: c.number("filters"),
        kernelSize: c.pair("kernelSize"),
        depthMultiplier: c.number("depthMultiplier"),
        strides: c.pair("strides"),
        padding: c.padding("padding"),
        activation: c.activation("activation"),
        useBias: c.boolean("useBias"),
      });
    case "maxPool1d":
      return l.maxPooling1d({ name, poolSize: c.number("poolSize"), strides: c.number("strides"), padding: c.padding("padding") });
    case "avgPool1d":
      return l.averagePooling1d({ name, poolSize: c.number("poolSize"), strides: c.number("strides"), padding: c.padding("padding") });
    case "maxPool2d":
      return l.maxPooling2d({ name, poolSize: c.pair("poolSize"), strides: c.pair("strides"), padding: c.padding("padding") });
    case "avgPool2d":
      return l.averagePooling2d({ name, poolSize: c.pair("poolSize"), strides: c.pair("strides"), padding: c.padding("padding") });
    case "globalMaxPool1d":
      return l.globalMaxPooling1d({ name });
    case "globalAvgPool1d":
      return l.globalAveragePooling1d({ name });
    case "globalMaxPool2d":
      return l.globalMaxPooling2d({ name });
    case "globalAvgPool2d":
      return l.globalAveragePooling2d({ name });
    case "zeroPadding2d": {
      const padding = config.padding;
      if (!Array.isArray(padding) || padding.length !== 2) throw new BuildError(`Layer ${name}: padding must be known.`);
      const side = (i: number): [number, number] => new ConfigReader(name, { padding: padding[i] }).pair("padding");
      return l.zeroPadding2d({ name, padding: [side(0), side(1)] });
    }
    case "upSampling2d":
      // tfjs-layers' UpSampling2D reads size[0] and size[1], so it always gets a pair.
      return l.upSampling2d({ name, size: c.pair("size") });
    case "flatten":
      return l.flatten({ name });
    case "reshape":
      return l.reshape({ name, targetShape: c.numbers("targetShape") });
    case "permute":
      return l.permute({ name, dims: c.numbers("dims") });
    case "repeatVector":
      return l.repeatVector({ name, n: c.number("n") });
    case "dropout":
      return l.dropout({ name, rate: c.number("rate") });
    case "spatialDropout1d":
      return l.spatialDropout1d({ name, rate: c.number("rate") });
    case "gaussianNoise":
      return l.gaussianNoise({ name, stddev: c.number("stddev") });
    case "batchNorm":
      return l.batchNormalization({
        name,
        axis: c.number("axis"),
        momentum: c.number("momentum"),
        epsilon: c.number("epsilon"),
        center: c.boolean("center"),
        scale: c.boolean("scale"),
      });
    case "layerNorm":
      return l.layerNormalization({
        name,
        axis: c.numberOrNumbers("axis"),
        epsilon: c.number("epsilon"),
        center: c.boolean("center"),
        scale: c.boolean("scale"),
      });
    case "activation":
      return l.activation({ name, activation: c.activation("activation") });
    case "leakyRelu":
      return l.leakyReLU({ name, alpha: c.number("alpha") });
    case "prelu":
      return l.prelu({ name });
    case "elu":
      return l.elu({ name, alpha: c.number("alpha") });
    case "softmax":
      return l.softmax({ name, axis: c.number("axis") });
    case "embedding":
      return l.embedding({ name, inputDim: c.number("inputDim"), outputDim: c.number("outputDim"), maskZero: c.boolean("maskZero") });
    case "simpleRnn":
      return l.simpleRNN({
        name,
        units: c.number("units"),
        activation: c.activation("activation"),
        returnSequences: c.boolean("returnSequences"),
        dropout: c.number("dropout"),
        recurrentDropout: c.number("recurrentDropout"),
      });
    case "lstm":
      return l.lstm({ name, ...recurrentArgs(c) });
    case "gru":
      return l.gru({ name, ...recurrentArgs(c) });
    case "bidirectional": {
      const inner = c.record("layer");
      const innerType = new ConfigReader(name, inner).string("type");
      const innerConfig = new ConfigReader(name, inner).record("config");
      const innerName = typeof innerConfig.name === "string" ? innerConfig.name : innerType;
      const wrapped = buildLayer(tf, innerType, innerName, innerConfig);
      if (!(wrapped instanceof tf.RNN)) throw new BuildError(`Layer ${name}: bidirectional wraps a recurrent layer (simpleRnn, lstm or gru), not ${innerType}.`);
      const mergeMode = c.string("mergeMode") as "concat" | "sum" | "mul" | "ave";
      return l.bidirectional({ name, layer: wrapped, mergeMode });
    }
    default:
      throw new BuildError(`Layer ${name}: "${type}" is not a layer NN Studio can build.`);
  }
}

function recurrentArgs(c: ConfigReader) {
  return {
    units: c.number("units"),
    activation: c.activation("activation"),
    recurrentActivation: c.activation("recurrentActivation"),
    returnSequences: c.boolean("returnSequences"),
    dropout: c.number("dropout"),
    recurrentDropout: c.number("recurrentDropout"),
  };
}
