// Type declarations of the "nn-studio" module: what a model file (`*.nn.ts`) imports, and what
// the editor shows in completions and hovers. Model files are never executed; NN Studio reads
// them statically (DSL.md), so these functions exist only as types. Shapes are written without
// the batch axis, channels last: an image is [height, width, channels].
//
// Kept in step with the layer rules (src/core/layers) by test/core/declarations.test.ts.

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A layer of a sequential model, made by one of the layer functions (`dense`, `conv2d`, ...). */
export interface Layer {
  /** The layer function that made it, e.g. "conv2d". */
  readonly type: LayerType;
  /** @internal Layers are only made by the layer functions. */
  readonly __nnStudioLayer: true;
}

/** A recurrent layer (`simpleRnn`, `lstm`, `gru`): the only kind `bidirectional` can wrap. */
export interface RecurrentLayer extends Layer {
  readonly type: "simpleRnn" | "lstm" | "gru";
}

/** The layer functions of "nn-studio". */
export type LayerType =
  | "dense"
  | "conv1d"
  | "conv2d"
  | "conv2dTranspose"
  | "depthwiseConv2d"
  | "separableConv2d"
  | "maxPool1d"
  | "avgPool1d"
  | "maxPool2d"
  | "avgPool2d"
  | "globalMaxPool1d"
  | "globalAvgPool1d"
  | "globalMaxPool2d"
  | "globalAvgPool2d"
  | "zeroPadding2d"
  | "upSampling2d"
  | "flatten"
  | "reshape"
  | "permute"
  | "repeatVector"
  | "dropout"
  | "spatialDropout1d"
  | "gaussianNoise"
  | "batchNorm"
  | "layerNorm"
  | "activation"
  | "leakyRelu"
  | "prelu"
  | "elu"
  | "softmax"
  | "embedding"
  | "simpleRnn"
  | "lstm"
  | "gru"
  | "bidirectional";

/** Layers, or (nested) arrays of layers: nested arrays are flattened, so a helper may return several. */
export type Layers = ReadonlyArray<Layer | Layers>;

/** The model's input, made by `input(shape)`. */
export interface Input {
  readonly __nnStudioInput: true;
}

/** A model, made by `model({...})`. Export it (`export default` or `export const`) to check and train it. */
export interface Model {
  readonly __nnStudioModel: true;
}

/** Training data, made by a data function (`mnist()`, `csv(...)`, `spiral({...})`, ...). */
export interface DataSource {
  readonly __nnStudioData: true;
}

/** An optimizer with settings, made by `sgd`, `adam`, `rmsprop` or `adagrad`. */
export interface Optimizer {
  readonly __nnStudioOptimizer: true;
}

/** The activation functions tfjs-layers implements. */
export type Activation =
  | "linear"
  | "relu"
  | "relu6"
  | "elu"
  | "selu"
  | "sigmoid"
  | "hardSigmoid"
  | "tanh"
  | "softmax"
  | "softplus"
  | "softsign"
  | "swish"
  | "mish"
  | "gelu";

/**
 * `"valid"`: no padding, so the output shrinks: out = floor((m − d·(n − 1) − 1) / s) + 1.
 * `"same"`: zero padding so that out = ceil(m / s).
 */
export type Padding = "valid" | "same";

/** One size for both spatial axes, or `[height, width]`. */
export type Size2D = number | readonly [number, number];

/** Options every layer accepts. */
export interface LayerOptions {
  /**
   * The layer's name in summaries, the topology view and saved models; unique within the model.
   * Without it the layer is named after its type: `conv2d`, `conv2d_1`, ...
   */
  name?: string;
}

// ---------------------------------------------------------------------------------------------
// Structure

export interface ModelConfig {
  /** The model's display name; defaults to the export's name (`default`: the file name). */
  name?: string;
  /** The input shape, without the batch axis: `input([28, 28, 1])`. */
  input: Input;
  /** The layers, applied in order. Nested arrays are flattened. */
  layers: Layers;
  /** What the model is trained on, e.g. `mnist()` or `csv("data.csv", { label: "y" })`. */
  data?: DataSource;
  /** How the model is trained. */
  train?: TrainConfig;
}

/**
 * A sequential model: `input` flows through `layers` in order. Every shape is checked while you
 * type, from the input shape and each layer's options.
 *
 * @example
 * export default model({
 *   name: "mnist-convnet",
 *   input: input([28, 28, 1]),
 *   layers: [conv2d({ filters: 32, kernelSize: 3, activation: "relu" }), maxPool2d(), flatten(), dense({ units: 10, activation: "softmax" })],
 *   data: mnist(),
 *   train: { optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] },
 * });
 */
export declare function model(config: ModelConfig): Model;

export interface InputOptions {
  /**
   * The type of the input values: `"int32"` for ids fed to an `embedding`.
   * @default "float32"
   */
  dtype?: "float32" | "int32";
  /** The input's name. */
  name?: string;
}

/**
 * The model's input: the shape of one example, without the batch axis, channels last. A size
 * written as `null` varies between examples (e.g. the length of a sequence); sizes computed from
 * it are shown as `?`.
 *
 * @example
 * input([28, 28, 1]) // a 28×28 grey-scale image
 * input([200], { dtype: "int32" }) // 200 word ids
 */
export declare function input(shape: readonly (number | null)[], options?: InputOptions): Input;

/**
 * `n` copies of a block of layers; `make(i)` gets the copy's index 0, 1, ..., n − 1.
 *
 * @example
 * layers: [...repeat(3, (i) => [conv2d({ filters: 32 * 2 ** i, kernelSize: 3, padding: "same" }), maxPool2d()])]
 */
export declare function repeat(n: number, make: (i: number) => Layer | Layers): Layer[];

// ---------------------------------------------------------------------------------------------
// Core layers

export interface DenseConfig extends LayerOptions {
  /** The number of output units: the size of the new last axis. Required. */
  units: number;
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A fully connected layer on the last axis: `[..., d]` → `[..., units]`, with d·units + units
 * parameters. After a convolution, `flatten()` it first.
 *
 * @example
 * dense({ units: 64, activation: "relu" })
 * dense(10) // units positionally
 */
export declare function dense(config: DenseConfig): Layer;
export declare function dense(units: number, config?: Omit<DenseConfig, "units">): Layer;

// ---------------------------------------------------------------------------------------------
// Convolutions

export interface Conv1DConfig extends LayerOptions {
  /** The number of filters: the channels of the output. Required. */
  filters: number;
  /** The window length n. Required. */
  kernelSize: number | readonly [number];
  /**
   * The step s between windows.
   * @default 1
   */
  strides?: number | readonly [number];
  /**
   * `"valid"`: out = floor((m − d·(n − 1) − 1) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
  /**
   * The spacing d between kernel taps: the window spans d·(n − 1) + 1. Cannot be combined with strides > 1.
   * @default 1
   */
  dilationRate?: number | readonly [number];
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias per filter.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A 1-D convolution over a sequence: `[length, channels]` → `[length', filters]`, with
 * n·channels·filters + filters parameters.
 *
 * Output length: `"valid"` → floor((m − d·(n − 1) − 1) / s) + 1 (m − n + 1 for d = s = 1);
 * `"same"` → ceil(m / s).
 *
 * @example
 * conv1d({ filters: 64, kernelSize: 5, activation: "relu" }) // [100, 8] → [96, 64]
 */
export declare function conv1d(config: Conv1DConfig): Layer;

export interface Conv2DConfig extends LayerOptions {
  /** The number of filters: the channels of the output. Required. */
  filters: number;
  /** The window size n: one number, or [height, width]. Required. */
  kernelSize: Size2D;
  /**
   * The step s between windows: one number, or [height, width].
   * @default 1
   */
  strides?: Size2D;
  /**
   * `"valid"`: out = floor((m − d·(n − 1) − 1) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
  /**
   * The spacing d between kernel taps: the window spans d·(n − 1) + 1. Cannot be combined with strides > 1.
   * @default 1
   */
  dilationRate?: Size2D;
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias per filter.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A 2-D convolution over an image: `[height, width, channels]` → `[height', width', filters]`,
 * with kh·kw·channels·filters + filters parameters.
 *
 * Per axis, with input m, kernel n, stride s, dilation d: `"valid"` → floor((m − d·(n − 1) − 1) / s) + 1
 * (e.g. floor((28 − 3) / 1) + 1 = 26); `"same"` → ceil(m / s).
 *
 * @example
 * conv2d({ filters: 32, kernelSize: 3, activation: "relu" }) // [28, 28, 1] → [26, 26, 32], 320 params
 */
export declare function conv2d(config: Conv2DConfig): Layer;

export interface Conv2DTransposeConfig extends LayerOptions {
  /** The number of filters: the channels of the output. Required. */
  filters: number;
  /** The window size n: one number, or [height, width]. Required. */
  kernelSize: Size2D;
  /**
   * The upsampling step s: one number, or [height, width].
   * @default 1
   */
  strides?: Size2D;
  /**
   * `"valid"`: out = (m − 1)·s + n (m·s when n < s, as TensorFlow.js computes it); `"same"`: out = m·s.
   * @default "valid"
   */
  padding?: Padding;
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias per filter.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A transposed 2-D convolution, which grows an image: `[height, width, channels]` →
 * `[height'', width'', filters]`, with kh·kw·channels·filters + filters parameters.
 *
 * Per axis: `"valid"` → (m − 1)·s + n (m·s when n < s); `"same"` → m·s.
 *
 * @example
 * conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: "same" }) // [7, 7, 32] → [14, 14, 16]
 */
export declare function conv2dTranspose(config: Conv2DTransposeConfig): Layer;

export interface DepthwiseConv2DConfig extends LayerOptions {
  /** The window size n: one number, or [height, width]. Required. */
  kernelSize: Size2D;
  /**
   * How many output channels each input channel gets (m).
   * @default 1
   */
  depthMultiplier?: number;
  /**
   * The step s between windows: one number, or [height, width].
   * @default 1
   */
  strides?: Size2D;
  /**
   * `"valid"`: out = floor((m − n) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias per output channel.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A depthwise 2-D convolution: each channel is convolved on its own: `[height, width, c]` →
 * `[height', width', c·depthMultiplier]`, with kh·kw·c·m + c·m parameters.
 *
 * Per axis: `"valid"` → floor((m − n) / s) + 1; `"same"` → ceil(m / s).
 *
 * @example
 * depthwiseConv2d({ kernelSize: 3, padding: "same" })
 */
export declare function depthwiseConv2d(config: DepthwiseConv2DConfig): Layer;

export interface SeparableConv2DConfig extends LayerOptions {
  /** The number of filters of the pointwise (1×1) convolution: the channels of the output. Required. */
  filters: number;
  /** The depthwise window size n: one number, or [height, width]. Required. */
  kernelSize: Size2D;
  /**
   * How many channels the depthwise step makes of each input channel (m).
   * @default 1
   */
  depthMultiplier?: number;
  /**
   * The step s between windows: one number, or [height, width].
   * @default 1
   */
  strides?: Size2D;
  /**
   * `"valid"`: out = floor((m − n) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
  /**
   * The activation applied to the output.
   * @default "linear"
   */
  activation?: Activation;
  /**
   * Whether to add a learned bias per filter.
   * @default true
   */
  useBias?: boolean;
}

/**
 * A depthwise convolution followed by a pointwise (1×1) one: `[height, width, c]` →
 * `[height', width', filters]`, with kh·kw·c·m + c·m·filters + filters parameters.
 *
 * Per axis: `"valid"` → floor((m − n) / s) + 1; `"same"` → ceil(m / s).
 *
 * @example
 * separableConv2d({ filters: 64, kernelSize: 3, padding: "same", activation: "relu" })
 */
export declare function separableConv2d(config: SeparableConv2DConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Pooling

export interface Pool1DConfig extends LayerOptions {
  /**
   * The window length n.
   * @default 2
   */
  poolSize?: number | readonly [number];
  /**
   * The step s between windows; defaults to poolSize, so windows do not overlap.
   * @default poolSize
   */
  strides?: number | readonly [number];
  /**
   * `"valid"`: out = floor((m − n) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
}

export interface Pool2DConfig extends LayerOptions {
  /**
   * The window size n: one number, or [height, width].
   * @default 2
   */
  poolSize?: Size2D;
  /**
   * The step s between windows; defaults to poolSize, so windows do not overlap.
   * @default poolSize
   */
  strides?: Size2D;
  /**
   * `"valid"`: out = floor((m − n) / s) + 1; `"same"`: out = ceil(m / s).
   * @default "valid"
   */
  padding?: Padding;
}

/**
 * The maximum of each window along a sequence: `[length, channels]` → `[length', channels]`.
 * Output length: `"valid"` → floor((m − n) / s) + 1; `"same"` → ceil(m / s).
 *
 * @example
 * maxPool1d({ poolSize: 2 }) // [100, 64] → [50, 64]
 */
export declare function maxPool1d(config?: Pool1DConfig): Layer;

/**
 * The mean of each window along a sequence: `[length, channels]` → `[length', channels]`.
 * Output length: `"valid"` → floor((m − n) / s) + 1; `"same"` → ceil(m / s).
 *
 * @example
 * avgPool1d({ poolSize: 4 })
 */
export declare function avgPool1d(config?: Pool1DConfig): Layer;

/**
 * The maximum of each window of an image: `[height, width, channels]` → `[height', width', channels]`.
 * Per axis: `"valid"` → floor((m − n) / s) + 1 (e.g. floor((26 − 2) / 2) + 1 = 13); `"same"` → ceil(m / s).
 *
 * @example
 * maxPool2d({ poolSize: 2 }) // [26, 26, 32] → [13, 13, 32]
 */
export declare function maxPool2d(config?: Pool2DConfig): Layer;

/**
 * The mean of each window of an image: `[height, width, channels]` → `[height', width', channels]`.
 * Per axis: `"valid"` → floor((m − n) / s) + 1; `"same"` → ceil(m / s).
 *
 * @example
 * avgPool2d({ poolSize: 2 })
 */
export declare function avgPool2d(config?: Pool2DConfig): Layer;

/**
 * The maximum over the whole sequence, per channel: `[length, channels]` → `[channels]`.
 *
 * @example
 * globalMaxPool1d()
 */
export declare function globalMaxPool1d(config?: LayerOptions): Layer;

/**
 * The mean over the whole sequence, per channel: `[length, channels]` → `[channels]`.
 *
 * @example
 * globalAvgPool1d()
 */
export declare function globalAvgPool1d(config?: LayerOptions): Layer;

/**
 * The maximum over the whole image, per channel: `[height, width, channels]` → `[channels]`.
 *
 * @example
 * globalMaxPool2d()
 */
export declare function globalMaxPool2d(config?: LayerOptions): Layer;

/**
 * The mean over the whole image, per channel: `[height, width, channels]` → `[channels]`. A
 * small alternative to `flatten()` before the classifier.
 *
 * @example
 * globalAvgPool2d() // [7, 7, 512] → [512]
 */
export declare function globalAvgPool2d(config?: LayerOptions): Layer;

// ---------------------------------------------------------------------------------------------
// Reshaping

export interface ZeroPadding2DConfig extends LayerOptions {
  /**
   * Zeros to add: n on every side, [h, w] (h rows above and below, w columns left and right), or
   * [[top, bottom], [left, right]].
   * @default 1
   */
  padding?: number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];
}

/**
 * Adds rows and columns of zeros around an image: `[H, W, c]` → `[H + top + bottom, W + left + right, c]`.
 * A "valid" convolution after it then computes floor((m − n + 2p) / s) + 1.
 *
 * @example
 * zeroPadding2d({ padding: 1 }) // [28, 28, 1] → [30, 30, 1]
 */
export declare function zeroPadding2d(config?: ZeroPadding2DConfig): Layer;

export interface UpSampling2DConfig extends LayerOptions {
  /**
   * The factor per axis: one number, or [height, width].
   * @default 2
   */
  size?: Size2D;
}

/**
 * Repeats every row and column (nearest neighbour): `[H, W, c]` → `[H·sh, W·sw, c]`.
 *
 * @example
 * upSampling2d({ size: 2 }) // [7, 7, 64] → [14, 14, 64]
 */
export declare function upSampling2d(config?: UpSampling2DConfig): Layer;

/**
 * Flattens everything into one axis: `[a, b, ...]` → `[a·b·...]`. Needs at least two axes.
 *
 * @example
 * flatten() // [5, 5, 64] → [1600]
 */
export declare function flatten(config?: LayerOptions): Layer;

export interface ReshapeConfig extends LayerOptions {
  /** The new shape, without the batch axis; its sizes must multiply to the input's element count. One entry may be -1 (inferred). Required. */
  targetShape: readonly number[];
}

/**
 * Gives the values a new shape with the same number of elements.
 *
 * @example
 * reshape([7, 7, 64]) // [3136] → [7, 7, 64]
 * reshape({ targetShape: [-1, 64] }) // [7, 7, 64] → [49, 64]
 */
export declare function reshape(config: ReshapeConfig): Layer;
export declare function reshape(targetShape: readonly number[], config?: Omit<ReshapeConfig, "targetShape">): Layer;

export interface PermuteConfig extends LayerOptions {
  /** The new order of the input's axes, 1-based as in Keras: [2, 1] swaps the first two. Required. */
  dims: readonly number[];
}

/**
 * Reorders the axes (never the batch axis).
 *
 * @example
 * permute({ dims: [2, 1] }) // [10, 64] → [64, 10]
 */
export declare function permute(config: PermuteConfig): Layer;

export interface RepeatVectorConfig extends LayerOptions {
  /** How many times to repeat the input. Required. */
  n: number;
}

/**
 * Repeats a vector: `[features]` → `[n, features]`.
 *
 * @example
 * repeatVector({ n: 10 }) // [32] → [10, 32]
 */
export declare function repeatVector(config: RepeatVectorConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Regularisation

export interface DropoutConfig extends LayerOptions {
  /** The fraction of inputs set to zero while training, in [0, 1). Required. */
  rate: number;
}

/**
 * Sets a random fraction `rate` of the inputs to zero while training (scaling the rest up);
 * does nothing at inference. The shape is unchanged.
 *
 * @example
 * dropout(0.5)
 * dropout({ rate: 0.25 })
 */
export declare function dropout(config: DropoutConfig): Layer;
export declare function dropout(rate: number, config?: Omit<DropoutConfig, "rate">): Layer;

/**
 * Dropout of whole channels of a sequence `[length, channels]`: the same channels are dropped at every step.
 *
 * @example
 * spatialDropout1d({ rate: 0.2 })
 */
export declare function spatialDropout1d(config: DropoutConfig): Layer;

export interface GaussianNoiseConfig extends LayerOptions {
  /** The standard deviation of the noise. Required. */
  stddev: number;
}

/**
 * Adds zero-mean Gaussian noise while training; does nothing at inference.
 *
 * @example
 * gaussianNoise({ stddev: 0.1 })
 */
export declare function gaussianNoise(config: GaussianNoiseConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Normalisation

export interface BatchNormConfig extends LayerOptions {
  /**
   * The channel axis, counted as in TensorFlow.js with the batch axis as 0; -1 is the last.
   * @default -1
   */
  axis?: number;
  /**
   * How slowly the moving mean and variance follow the batches.
   * @default 0.99
   */
  momentum?: number;
  /**
   * Added to the variance to avoid dividing by zero.
   * @default 0.001
   */
  epsilon?: number;
  /**
   * Whether to learn an offset (beta).
   * @default true
   */
  center?: boolean;
  /**
   * Whether to learn a scale (gamma).
   * @default true
   */
  scale?: boolean;
}

/**
 * Batch normalisation of each channel; the shape is unchanged. Holds 4·c parameters, of which
 * 2·c (the moving mean and variance) are not trainable.
 *
 * @example
 * batchNorm() // after conv2d({ filters: 32, ... }): 128 params, 64 trainable
 */
export declare function batchNorm(config?: BatchNormConfig): Layer;

export interface LayerNormConfig extends LayerOptions {
  /**
   * The axis (or axes) to normalise over, counted with the batch axis as 0; -1 is the last.
   * @default -1
   */
  axis?: number | readonly number[];
  /**
   * Added to the variance to avoid dividing by zero.
   * @default 0.001
   */
  epsilon?: number;
  /**
   * Whether to learn an offset (beta).
   * @default true
   */
  center?: boolean;
  /**
   * Whether to learn a scale (gamma).
   * @default true
   */
  scale?: boolean;
}

/**
 * Layer normalisation of each example over the last axis; the shape is unchanged. Holds 2·c parameters.
 *
 * @example
 * layerNorm()
 */
export declare function layerNorm(config?: LayerNormConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Activations

export interface ActivationConfig extends LayerOptions {
  /** The activation function. Required. */
  activation: Activation;
}

/**
 * Applies an activation function to every value; the shape is unchanged.
 *
 * @example
 * activation("relu")
 */
export declare function activation(config: ActivationConfig): Layer;
export declare function activation(activation: Activation, config?: Omit<ActivationConfig, "activation">): Layer;

export interface LeakyReluConfig extends LayerOptions {
  /**
   * The slope for negative inputs.
   * @default 0.3
   */
  alpha?: number;
}

/**
 * Leaky ReLU: x for x > 0, alpha·x otherwise.
 *
 * @example
 * leakyRelu({ alpha: 0.1 })
 */
export declare function leakyRelu(config?: LeakyReluConfig): Layer;

/**
 * Parametric ReLU: like leakyRelu with a learned slope for every input value (as many
 * parameters as the input has values).
 *
 * @example
 * prelu()
 */
export declare function prelu(config?: LayerOptions): Layer;

export interface EluConfig extends LayerOptions {
  /**
   * The scale of the negative part; TensorFlow.js implements only 1.
   * @default 1
   */
  alpha?: number;
}

/**
 * Exponential linear unit: x for x > 0, alpha·(exp(x) − 1) otherwise.
 *
 * @example
 * elu()
 */
export declare function elu(config?: EluConfig): Layer;

export interface SoftmaxConfig extends LayerOptions {
  /**
   * The axis to normalise, counted with the batch axis as 0; TensorFlow.js supports only the last (-1).
   * @default -1
   */
  axis?: number;
}

/**
 * Softmax along the last axis: the values become probabilities that sum to 1.
 *
 * @example
 * softmax()
 */
export declare function softmax(config?: SoftmaxConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Embedding and recurrent layers

export interface EmbeddingConfig extends LayerOptions {
  /** The vocabulary size: ids run from 0 to inputDim − 1. Required. */
  inputDim: number;
  /** The size of each vector. Required. */
  outputDim: number;
  /**
   * Whether id 0 is padding that later layers should skip.
   * @default false
   */
  maskZero?: boolean;
}

/**
 * Looks up a learned vector for each integer id: `[length]` → `[length, outputDim]`, with
 * inputDim·outputDim parameters. Use `input([length], { dtype: "int32" })`.
 *
 * @example
 * embedding({ inputDim: 10000, outputDim: 64 }) // [200] → [200, 64]
 */
export declare function embedding(config: EmbeddingConfig): Layer;

export interface RecurrentConfig extends LayerOptions {
  /** The size of the hidden state: the output's last axis. Required. */
  units: number;
  /**
   * The activation of the candidate state and output.
   * @default "tanh"
   */
  activation?: Activation;
  /**
   * Return the output of every step (`[steps, units]`) instead of only the last (`[units]`).
   * @default false
   */
  returnSequences?: boolean;
  /**
   * The fraction of the inputs dropped while training, in [0, 1).
   * @default 0
   */
  dropout?: number;
  /**
   * The fraction of the recurrent state dropped while training, in [0, 1).
   * @default 0
   */
  recurrentDropout?: number;
}

export interface SimpleRnnConfig extends RecurrentConfig {}

export interface LstmConfig extends RecurrentConfig {
  /**
   * The activation of the gates.
   * @default "sigmoid"
   */
  recurrentActivation?: Activation;
}

export interface GruConfig extends RecurrentConfig {
  /**
   * The activation of the gates.
   * @default "hardSigmoid"
   */
  recurrentActivation?: Activation;
}

/**
 * A fully connected recurrent layer: `[steps, features]` → `[units]` (or `[steps, units]` with
 * returnSequences), with d·u + u·u + u parameters.
 *
 * @example
 * simpleRnn({ units: 32 })
 */
export declare function simpleRnn(config: SimpleRnnConfig): RecurrentLayer;

/**
 * Long short-term memory: `[steps, features]` → `[units]` (or `[steps, units]`), with
 * 4·(d·u + u·u + u) parameters.
 *
 * @example
 * lstm({ units: 64, returnSequences: true })
 */
export declare function lstm(config: LstmConfig): RecurrentLayer;

/**
 * Gated recurrent unit: `[steps, features]` → `[units]` (or `[steps, units]`), with
 * 3·(d·u + u·u + u) parameters (TensorFlow.js has no resetAfter).
 *
 * @example
 * gru({ units: 32 })
 */
export declare function gru(config: GruConfig): RecurrentLayer;

export interface BidirectionalConfig extends LayerOptions {
  /** The recurrent layer to run forwards and backwards: simpleRnn, lstm or gru. Required. */
  layer: RecurrentLayer;
  /**
   * How the two directions are merged: `"concat"` doubles the last axis; `"sum"`, `"mul"` and `"ave"` keep it.
   * @default "concat"
   */
  mergeMode?: "concat" | "sum" | "mul" | "ave";
}

/**
 * Runs a recurrent layer over the sequence in both directions and merges the outputs; twice
 * the wrapped layer's parameters.
 *
 * @example
 * bidirectional({ layer: lstm({ units: 32 }) }) // [200, 64] → [64]
 */
export declare function bidirectional(config: BidirectionalConfig): Layer;

// ---------------------------------------------------------------------------------------------
// Data (DSL.md §5). File paths are relative to the model file's folder.

export interface MnistOptions {
  /** A folder holding the four MNIST IDX files; by default they are looked up in the data cache. */
  path?: string;
  /** Use only the first `limit` training and test images. */
  limit?: number;
}

/**
 * The MNIST digits: `[28, 28, 1]` floats in [0, 1] → 10 classes.
 *
 * @example
 * data: mnist({ limit: 10000 })
 */
export declare function mnist(options?: MnistOptions): DataSource;

/**
 * Fashion-MNIST (clothing): `[28, 28, 1]` floats in [0, 1] → 10 classes.
 *
 * @example
 * data: fashionMnist()
 */
export declare function fashionMnist(options?: MnistOptions): DataSource;

export interface IdxOptions {
  /** The training images, an IDX (ubyte) file. */
  images: string;
  /** The training labels, an IDX (ubyte) file. */
  labels: string;
  /** The test images. */
  testImages?: string;
  /** The test labels. */
  testLabels?: string;
  /**
   * How pixel values are scaled.
   * @default "minmax"
   */
  scale?: "minmax" | "standard" | "none";
}

/**
 * Images and labels from IDX (ubyte) files of any image size → classes from the labels.
 *
 * @example
 * data: idx({ images: "data/train-images.idx3-ubyte", labels: "data/train-labels.idx1-ubyte" })
 */
export declare function idx(options: IdxOptions): DataSource;

export interface CsvOptions {
  /** The target column. */
  label: string;
  /** The input columns; by default every column but the label and those in `exclude`. */
  features?: readonly string[];
  /** Columns to leave out (ids, names). */
  exclude?: readonly string[];
  /** Text columns and how to encode them: one column per value (`"oneHot"`), 0, 1, 2, ... (`"index"`), or an explicit map. */
  categorical?: { readonly [column: string]: "oneHot" | "index" | { readonly [value: string]: number } };
  /**
   * How numeric columns are scaled (fitted on the training split only).
   * @default "standard"
   */
  scale?: "standard" | "minmax" | "none";
  /**
   * The fraction of rows held out for testing.
   * @default 0.2
   */
  testSplit?: number;
  /**
   * The column separator.
   * @default ","
   */
  delimiter?: string;
}

/**
 * A table from a CSV file: `[feature columns after encoding]` → classes, a binary target or a number.
 *
 * @example
 * data: csv("data/Churn_Modelling.csv", { label: "Exited", exclude: ["RowNumber", "CustomerId", "Surname"], categorical: { Geography: "oneHot", Gender: "index" } })
 */
export declare function csv(path: string, options: CsvOptions): DataSource;

export interface SyntheticOptions {
  /** The number of training points (a fifth as many more are drawn for testing). */
  n: number;
  /**
   * The standard deviation of the noise added to each point.
   * @default 0
   */
  noise?: number;
}

export interface SpiralOptions extends SyntheticOptions {
  /**
   * The number of arms (classes).
   * @default 2
   */
  classes?: number;
}

/**
 * The XOR problem: points `[2]` → 2 classes by quadrant.
 *
 * @example
 * data: xor({ n: 400, noise: 0.1 })
 */
export declare function xor(options: SyntheticOptions): DataSource;

/**
 * Two concentric circles: points `[2]` → 2 classes.
 *
 * @example
 * data: circles({ n: 500, noise: 0.05 })
 */
export declare function circles(options: SyntheticOptions): DataSource;

/**
 * Interleaved spiral arms, as in the TensorFlow Playground: points `[2]` → `classes` classes.
 *
 * @example
 * data: spiral({ n: 1000, classes: 3, noise: 0.1 })
 */
export declare function spiral(options: SpiralOptions): DataSource;

/**
 * Two interleaving half moons: points `[2]` → 2 classes.
 *
 * @example
 * data: moons({ n: 500, noise: 0.1 })
 */
export declare function moons(options: SyntheticOptions): DataSource;

/**
 * A noisy sine wave: `[1]` → a number (regression).
 *
 * @example
 * data: sine({ n: 500, noise: 0.05 })
 */
export declare function sine(options: SyntheticOptions): DataSource;

// ---------------------------------------------------------------------------------------------
// Training (DSL.md §6)

/** Optimizers by name, with Keras' default learning rates. */
export type OptimizerName = "sgd" | "adam" | "rmsprop" | "adagrad" | "adadelta" | "adamax";

/** `"mse"` and `"mae"` are short for meanSquaredError and meanAbsoluteError. */
export type Loss =
  | "meanSquaredError"
  | "mse"
  | "meanAbsoluteError"
  | "mae"
  | "huberLoss"
  | "binaryCrossentropy"
  | "categoricalCrossentropy"
  | "sparseCategoricalCrossentropy";

export type Metric = "accuracy" | "precision" | "recall" | "auc" | "mse" | "mae";

export interface EarlyStoppingConfig {
  /**
   * The quantity watched: "loss", "val_loss", or a metric such as "val_accuracy".
   * @default "val_loss"
   */
  monitor?: "loss" | "val_loss" | Metric | `val_${Metric}`;
  /**
   * Epochs without improvement before training stops.
   * @default 0
   */
  patience?: number;
  /**
   * The smallest change that counts as an improvement.
   * @default 0
   */
  minDelta?: number;
  /**
   * Whether to go back to the best epoch's weights when stopping.
   * @default false
   */
  restoreBestWeights?: boolean;
}

export interface TrainConfig {
  /** The optimizer: a name (`"adam"`) or a call with settings (`adam({ learningRate: 0.001 })`). */
  optimizer: OptimizerName | Optimizer;
  /** The loss to minimise. */
  loss: Loss;
  /** Reported after each epoch (and on the validation split). */
  metrics?: readonly Metric[];
  /**
   * Passes over the training data.
   * @default 10
   */
  epochs?: number;
  /**
   * Examples per gradient step.
   * @default 32
   */
  batchSize?: number;
  /**
   * The fraction of the training data held out for validation, in [0, 1).
   * @default 0
   */
  validationSplit?: number;
  /**
   * Whether to shuffle the training data every epoch.
   * @default true
   */
  shuffle?: boolean;
  /** Seeds weight initialisation, shuffling and dropout, so a run can be repeated. */
  seed?: number;
  /** Stop when the monitored quantity stops improving. */
  earlyStopping?: EarlyStoppingConfig;
}

export interface SgdOptions {
  /**
   * The step size.
   * @default 0.01
   */
  learningRate?: number;
  /**
   * Momentum (0 is plain SGD).
   * @default 0
   */
  momentum?: number;
  /**
   * Whether to use Nesterov momentum.
   * @default false
   */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional momentum.
 *
 * @example
 * optimizer: sgd({ learningRate: 0.1, momentum: 0.9 })
 */
export declare function sgd(options?: SgdOptions): Optimizer;

export interface AdamOptions {
  /**
   * The step size.
   * @default 0.001
   */
  learningRate?: number;
  /**
   * The decay of the first-moment estimate.
   * @default 0.9
   */
  beta1?: number;
  /**
   * The decay of the second-moment estimate.
   * @default 0.999
   */
  beta2?: number;
  /**
   * Added to the denominator for stability.
   * @default 1e-7
   */
  epsilon?: number;
}

/**
 * Adam: adaptive moment estimation.
 *
 * @example
 * optimizer: adam({ learningRate: 0.001 })
 */
export declare function adam(options?: AdamOptions): Optimizer;

export interface RmspropOptions {
  /**
   * The step size.
   * @default 0.001
   */
  learningRate?: number;
  /**
   * The decay of the squared-gradient average.
   * @default 0.9
   */
  rho?: number;
  /**
   * Momentum.
   * @default 0
   */
  momentum?: number;
  /**
   * Added to the denominator for stability.
   * @default 1e-7
   */
  epsilon?: number;
}

/**
 * RMSprop: divides the gradient by a running average of its magnitude.
 *
 * @example
 * optimizer: rmsprop({ learningRate: 0.001 })
 */
export declare function rmsprop(options?: RmspropOptions): Optimizer;

export interface AdagradOptions {
  /**
   * The step size.
   * @default 0.01
   */
  learningRate?: number;
}

/**
 * Adagrad: per-parameter learning rates that shrink with the gradients seen.
 *
 * @example
 * optimizer: adagrad({ learningRate: 0.01 })
 */
export declare function adagrad(options?: AdagradOptions): Optimizer;
