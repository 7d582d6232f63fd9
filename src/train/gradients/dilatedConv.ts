// Gradients for dilated convolutions on every TensorFlow.js backend. tfjs-core 4.22's gradients
// of the Conv2D and DepthwiseConv2dNative kernels assert dilation 1, so a model with
// `dilationRate: 2` passed `nn-studio check` and then failed on its first training step. The
// configs registered here compute dx and dW for dilation above 1 through space-to-batch
// (./atrous.ts) and hand every other call to tfjs-core's own gradient, fetched before it is
// replaced, so undilated training runs exactly the code it ran before.
//
// Which layers reach which kernel: conv1d runs `tf.conv1d`, a Conv2D kernel on a [N, 1, L, c]
// image with dilations [1, d]; depthwiseConv2d and separableConv2d run DepthwiseConv2dNative;
// conv2d runs `tf.fused.conv2d`, which ./fusedConv.ts routes to the Conv2D kernel when needed.
// Dilation with strides above 1 stays refused: tfjs rejects it in the forward pass and the
// analyser reports it, so those calls go to tfjs-core's gradient and its own message.

import type * as tfjs from "@tensorflow/tfjs";
import { atrousGradients, atrousPlan, type Pair, type TF, type UndilatedBackprop } from "./atrous";
import { restoreFusedConvolutions, routeFusedConvolutions } from "./fusedConv";

type GradConfig = tfjs.GradConfig;
type Tensor4D = tfjs.Tensor4D;

/** Marks a config registered here and holds tfjs-core's (a registered symbol: two copies of this module agree). */
const ORIGINAL_GRADIENT = Symbol.for("nn-studio.dilatedConv.originalGradient");

type DilatedGradConfig = GradConfig & { [ORIGINAL_GRADIENT]: GradConfig };

/** The kernels whose gradients are extended, and the undilated backprop kernels each one uses. */
const KERNELS: readonly { kernelName: string; depthwise: boolean; backprop: (tf: TF) => UndilatedBackprop }[] = [
  {
    kernelName: "Conv2D",
    depthwise: false,
    backprop: (tf) => ({
      input: (dy, filter, inputShape) =>
        tf.engine().runKernel<Tensor4D>("Conv2DBackpropInput", { dy, filter }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", inputShape }),
      filter: (x, dy, filterShape) =>
        tf.engine().runKernel<Tensor4D>("Conv2DBackpropFilter", { x, dy }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", filterShape }),
    }),
  },
  {
    kernelName: "DepthwiseConv2dNative",
    depthwise: true,
    backprop: (tf) => ({
      input: (dy, filter, inputShape) =>
        tf
          .engine()
          .runKernel<Tensor4D>("DepthwiseConv2dNativeBackpropInput", { dy, filter }, { strides: [1, 1], pad: "valid", dilations: [1, 1], inputShape }),
      filter: (x, dy, filterShape) =>
        tf
          .engine()
          .runKernel<Tensor4D>("DepthwiseConv2dNativeBackpropFilter", { x, dy }, { strides: [1, 1], pad: "valid", dilations: [1, 1], filterShape }),
    }),
  },
];

function pair(value: unknown): Pair {
  if (typeof value === "number") return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number")) return [value[0], value[1]];
  // tfjs-core's ops always set these attributes; anything else means its kernel contract changed.
  throw new Error(`dilated convolution gradient: expected a number or a pair, got ${JSON.stringify(value)}`);
}

function isOne([a, b]: Pair): boolean {
  return a === 1 && b === 1;
}

function isDilatedConfig(config: GradConfig): config is DilatedGradConfig {
  return ORIGINAL_GRADIENT in config;
}

function dilatedGradient(tf: TF, original: GradConfig, kernel: (typeof KERNELS)[number]): DilatedGradConfig {
  const backprop = kernel.backprop(tf);
  return {
    kernelName: kernel.kernelName,
    // The same saved tensors as tfjs-core's config, so that delegating to it sees what it expects.
    inputsToSave: original.inputsToSave,
    saveAllInputs: original.saveAllInputs,
    outputsToSave: original.outputsToSave,
    [ORIGINAL_GRADIENT]: original,
    gradFunc: (dy, saved, attrs) => {
      const dilations = pair(attrs.dilations ?? 1);
      if (isOne(dilations) || !isOne(pair(attrs.strides))) return original.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [Tensor4D, Tensor4D];
      const channelsFirst = attrs.dataFormat === "NCHW";
      const info = tf.backend_util.computeConv2DInfo(
        x.shape,
        filter.shape,
        1,
        dilations,
        attrs.pad as Parameters<TF["conv2d"]>[3],
        attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
        kernel.depthwise,
        channelsFirst ? "channelsFirst" : "channelsLast",
      );
      // The sub-image reshuffles work on channels-last tensors; a channels-first call is turned
      // round on the way in and dx on the way out.
      const toNhwc = (t: Tensor4D) => (channelsFirst ? tf.transpose(t, [0, 2, 3, 1]) : t);
      const xNhwc = toNhwc(x);
      const plan = atrousPlan(xNhwc.shape, info.padInfo, dilations);
      const gradients = atrousGradients(tf, xNhwc, filter, toNhwc(dy as Tensor4D), plan, backprop);
      return {
        x: () => (channelsFirst ? tf.transpose(gradients.x(), [0, 3, 1, 2]) : gradients.x()),
        filter: gradients.filter,
      };
    },
  };
}

/**
 * Registers the dilation-aware gradients of Conv2D and DepthwiseConv2dNative and routes the fused
 * convolutions (./fusedConv.ts). Idempotent; the registry is global to TensorFlow.js, so one call
 * after a backend is chosen serves every backend.
 */
export function registerDilatedConvGradients(tf: TF): void {
  for (const kernel of KERNELS) {
    const current = tf.getGradient(kernel.kernelName) as GradConfig | undefined;
    // tfjs-core registers both gradients when it loads; a missing one is a broken installation.
    if (current === undefined) throw new Error(`TensorFlow.js has no gradient for ${kernel.kernelName} to extend`);
    if (isDilatedConfig(current)) continue;
    tf.registerGradient(dilatedGradient(tf, current, kernel));
  }
  routeFusedConvolutions(tf);
}

/** Puts tfjs-core's own gradients and fused ops back (tests compare before and after). */
export function unregisterDilatedConvGradients(tf: TF): void {
  for (const kernel of KERNELS) {
    const current = tf.getGradient(kernel.kernelName) as GradConfig | undefined;
    if (current !== undefined && isDilatedConfig(current)) tf.registerGradient(current[ORIGINAL_GRADIENT]);
  }
  restoreFusedConvolutions(tf);
}
