// The gradients of a dilated ("atrous") convolution with stride 1, through the identity that
// TensorFlow uses for the forward pass (tf.nn.atrous_conv2d, `with_space_to_batch`):
//
//   conv(x, W, dilation d) = batchToSpaceND(conv(spaceToBatchND(x, d, P), W, dilation 1), d, C)
//
// spaceToBatchND with block [dh, dw] splits the padded image into dh·dw sub-images of every
// dh-th row and dw-th column (stacked on the batch axis). Taps that are d apart in the image are
// neighbours in a sub-image, so the dilated kernel becomes an ordinary one there. P is the
// convolution's own padding plus zeros at the end up to a multiple of the block; C crops those
// extra zeros' outputs again. Every step is linear, so the gradients are the same steps taken
// back: dy goes through spaceToBatchND (the adjoint of batchToSpaceND), then the dilation-1
// backprop kernels, and dx comes back through batchToSpaceND (the adjoint of spaceToBatchND).
// Those kernels and the two reshuffles exist, with gradients, on every TensorFlow.js backend,
// which is why this formulation is used instead of a dilation-aware backprop kernel.

import type * as tfjs from "@tensorflow/tfjs";

export type TF = typeof tfjs;
export type Pair = [number, number];

/** The zeros around a 2-D convolution's input, as `backend_util.computeConv2DInfo` reports them. */
export interface PadInfo {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** How the input and the output gradient are split into sub-images for one dilated convolution. */
export interface AtrousPlan {
  /** The dilations, used as spaceToBatchND's block shape. */
  block: Pair;
  /** spaceToBatchND paddings of the input; the same values crop dx in batchToSpaceND. */
  inputPaddings: [Pair, Pair];
  /** spaceToBatchND paddings of dy: the outputs that the extra input zeros would make. */
  outputPaddings: [Pair, Pair];
  /** The input split into sub-images: [N·dh·dw, (H + pads) / dh, (W + pads) / dw, channels]. */
  blockedInputShape: [number, number, number, number];
}

/**
 * The plan for an NHWC input of `inputShape` with the convolution's `pad` and `dilations`.
 * Along an axis of size m with padding (before b, after a) and dilation d, the padded size
 * m + b + a is rounded up to a multiple of d with e = (d − (m + b + a) mod d) mod d more zeros.
 * With stride 1 the output has m + b + a − d·(n − 1) positions, so it too reaches a multiple of
 * d with the same e zeros at its end; those outputs are the ones cropped away.
 */
export function atrousPlan(inputShape: readonly number[], pad: PadInfo, dilations: Pair): AtrousPlan {
  const [batch, height, width, channels] = inputShape;
  const axis = (size: number, before: number, after: number, d: number) => {
    const extra = (d - ((size + before + after) % d)) % d;
    return { input: [before, after + extra] as Pair, output: [0, extra] as Pair, blocked: (size + before + after + extra) / d };
  };
  const rows = axis(height, pad.top, pad.bottom, dilations[0]);
  const columns = axis(width, pad.left, pad.right, dilations[1]);
  return {
    block: [dilations[0], dilations[1]],
    inputPaddings: [rows.input, columns.input],
    outputPaddings: [rows.output, columns.output],
    blockedInputShape: [batch * dilations[0] * dilations[1], rows.blocked, columns.blocked, channels],
  };
}

/** The dilation-1, stride-1, "valid" backprop kernels of one kind of convolution. */
export interface UndilatedBackprop {
  /** dL/dx for an input of `inputShape`. */
  input(dy: tfjs.Tensor4D, filter: tfjs.Tensor4D, inputShape: [number, number, number, number]): tfjs.Tensor4D;
  /** dL/dW for a filter of `filterShape`. */
  filter(x: tfjs.Tensor4D, dy: tfjs.Tensor4D, filterShape: [number, number, number, number]): tfjs.Tensor4D;
}

export interface AtrousGradients {
  x: () => tfjs.Tensor4D;
  filter: () => tfjs.Tensor4D;
}

/**
 * dx and dW of an NHWC convolution with stride 1 and the given plan. Each thunk splits dy on its
 * own: the engine runs every thunk in its own `tidy`, so a shared tensor would be disposed after
 * the first one.
 */
export function atrousGradients(
  tf: TF,
  x: tfjs.Tensor4D,
  filter: tfjs.Tensor4D,
  dy: tfjs.Tensor4D,
  plan: AtrousPlan,
  backprop: UndilatedBackprop,
): AtrousGradients {
  const blockedDy = () => tf.spaceToBatchND(dy, plan.block, plan.outputPaddings);
  return {
    x: () => {
      const blockedDx = backprop.input(blockedDy(), filter, plan.blockedInputShape);
      return tf.batchToSpaceND(blockedDx, plan.block, plan.inputPaddings);
    },
    filter: () => {
      const blockedX = tf.spaceToBatchND(x, plan.block, plan.inputPaddings);
      return backprop.filter(blockedX, blockedDy(), filter.shape);
    },
  };
}
