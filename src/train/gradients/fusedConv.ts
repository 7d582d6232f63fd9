// tfjs-layers' conv2d layer runs every forward pass through `tf.fused.conv2d`. While a gradient
// is being recorded, that op fuses only a "linear" activation — the default, and also what the
// layer passes when the fused kernel lacks its activation (tanh, softmax, …) — and it does so
// inside `tf.customGrad`, whose gradient is a closure in tfjs-core that asserts dilation 1. A
// registered gradient never reaches that closure, so a dilated conv2d layer with such an
// activation could not be trained even with the Conv2D gradient of ./dilatedConv.ts in place.
//
// The wrapper here sends exactly that case — dilation above 1, a gradient being recorded, a
// linear activation, channels last — down the op's own unfused branch: `conv2d` (the Conv2D
// kernel, whose gradient handles dilation) and then the bias `add`. That is the computation
// tfjs-core itself runs under a tape for every non-linear activation. Every other call goes to
// the original op untouched, so inference and undilated training keep the fused kernel.
// `tf.fused.depthwiseConv2d` has the same closure and gets the same treatment.
//
// The wrapper also keeps the fused kernel for an undilated conv2d with ReLU under a tape, on a
// backend that has NN Studio's training kernel for it (wasm, ../wasm/conv_relu): tfjs-core would
// run Conv2D, Add and Relu forward and Step and Multiply backward, four passes over the layer's
// output more than needed and five more ops per layer per step.

import type * as tfjs from "@tensorflow/tfjs";
import { CONV2D_RELU } from "../wasm/conv_relu";
import type { TF } from "./atrous";

type FusedConv2d = TF["fused"]["conv2d"];
type FusedArgs = Parameters<FusedConv2d>[0];
type FusedName = "conv2d" | "depthwiseConv2d";

/** Marks a wrapper and holds the op it wraps (a registered symbol: two copies of this module agree). */
const ORIGINAL_OP = Symbol.for("nn-studio.fusedConv.originalOp");

type Routed = FusedConv2d & { [ORIGINAL_OP]: FusedConv2d };

/** The fused ops, seen as the plain, writable object they are in TensorFlow.js's Node build. */
function fusedOps(tf: TF): Record<FusedName, FusedConv2d> {
  return tf.fused as unknown as Record<FusedName, FusedConv2d>;
}

function isRouted(op: FusedConv2d): op is Routed {
  return ORIGINAL_OP in op;
}

function dilated(dilations: FusedArgs["dilations"]): boolean {
  if (dilations === undefined) return false;
  return typeof dilations === "number" ? dilations > 1 : dilations[0] > 1 || dilations[1] > 1;
}

/**
 * Whether tfjs-core would run this call in its customGrad branch, whose gradient refuses
 * dilation: the mirror of its `shouldFuse` (fused under a tape only for "linear", with a missing
 * activation read as "linear" the way fusedConv2d reads it), limited to the dilated case.
 */
function needsUnfusedPath(tf: TF, args: FusedArgs): boolean {
  const recording = tf.engine().state.gradientDepth > 0;
  const linear = (args.activation || "linear") === "linear";
  const channelsLast = args.dataFormat === undefined || args.dataFormat === "NHWC";
  return recording && linear && channelsLast && dilated(args.dilations);
}

/** An undilated, batched, channels-last conv2d with ReLU (and a bias per channel, or none) under a tape, where the backend has the training kernel. */
function takesFusedReluPath(tf: TF, args: FusedArgs): boolean {
  return (
    tf.engine().state.gradientDepth > 0 &&
    args.activation === "relu" &&
    (args.dataFormat === undefined || args.dataFormat === "NHWC") &&
    !dilated(args.dilations) &&
    (args.x as tfjs.Tensor).rank === 4 &&
    (args.bias == null || (args.bias as tfjs.Tensor).rank === 1) &&
    args.preluActivationWeights == null &&
    tf.getKernel(CONV2D_RELU, tf.getBackend()) !== undefined
  );
}

/** The training kernel for conv2d + bias + ReLU (../wasm/conv_relu), under the tape. */
function fusedReluConv2d(tf: TF, args: FusedArgs): tfjs.Tensor4D {
  const inputs = args.bias == null ? { x: args.x, filter: args.filter } : { x: args.x, filter: args.filter, bias: args.bias };
  const attrs = { strides: args.strides, pad: args.pad, dataFormat: "NHWC", dimRoundingMode: args.dimRoundingMode };
  return tf.engine().runKernel(CONV2D_RELU, inputs as tfjs.NamedTensorMap, attrs as unknown as tfjs.NamedAttrMap) as tfjs.Tensor4D;
}

function routed(tf: TF, name: FusedName, original: FusedConv2d): Routed {
  const unfused = name === "conv2d" ? tf.conv2d : tf.depthwiseConv2d;
  const op = <T extends tfjs.Tensor3D | tfjs.Tensor4D>(args: FusedArgs): T => {
    if (name === "conv2d" && takesFusedReluPath(tf, args)) return fusedReluConv2d(tf, args) as T;
    if (!needsUnfusedPath(tf, args)) return original(args) as T;
    const y = unfused<T>(args.x as T, args.filter, args.strides, args.pad, args.dataFormat, args.dilations, args.dimRoundingMode);
    return args.bias == null ? y : tf.add<T>(y, args.bias);
  };
  return Object.assign(op, { [ORIGINAL_OP]: original });
}

/** Wraps `tf.fused.conv2d` and `tf.fused.depthwiseConv2d` once; calling it again changes nothing. */
export function routeFusedConvolutions(tf: TF): void {
  const ops = fusedOps(tf);
  for (const name of ["conv2d", "depthwiseConv2d"] as const) {
    const current = ops[name];
    if (isRouted(current)) continue;
    ops[name] = routed(tf, name, current);
    // The Node build's `fused` is a plain object; a frozen one (an ES module namespace) would
    // have ignored the assignment or thrown above. Either way this must not pass silently.
    if (ops[name] === current) throw new Error(`tf.fused.${name} could not be wrapped: the object is read-only`);
  }
}

/** Puts TensorFlow.js's own fused ops back. */
export function restoreFusedConvolutions(tf: TF): void {
  const ops = fusedOps(tf);
  for (const name of ["conv2d", "depthwiseConv2d"] as const) {
    const current = ops[name];
    if (isRouted(current)) ops[name] = current[ORIGINAL_OP];
  }
}
