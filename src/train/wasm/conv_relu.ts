// conv2d + bias + ReLU while training, as one kernel with a registered gradient. Under a tape,
// tfjs-core splits tf.fused.conv2d with ReLU into Conv2D, Add and Relu forward and Step and
// Multiply backward: four passes over the layer's output and five ops more than needed. This
// kernel runs the wasm FusedConv2D (XNNPACK adds the bias and clamps in the convolution) and its
// gradient takes the ReLU's derivative from the output in one pass (native relu_grad). The
// gradient is a registered one, not a tf.customGrad closure, so the engine asks only for the
// gradients it needs: never the input gradient of a model's first layer.
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { originalKernel } from "./kernel_registry";
import { heapOffset, nativeKernels } from "./native";
import type { KernelConfig, NamedAttrMap, TensorInfo, TfModule } from "./tf_types";

export const CONV2D_RELU = "NNStudioConv2DRelu";
export const RELU_GRAD = "NNStudioReluGrad";

/** Inputs x, filter and optionally bias (one value per output channel); attrs as Conv2D's. */
export function conv2dReluKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: CONV2D_RELU,
    backendName: "wasm",
    kernelFunc: (args) =>
      originalKernel(tf, "FusedConv2D").kernelFunc({ ...args, attrs: { ...args.attrs, dilations: [1, 1], activation: "relu" } as NamedAttrMap }),
  };
}

/** Inputs dy and y (the ReLU's output), same shape; output dy where y > 0, 0 where y ≤ 0, NaN where y is NaN. */
export function reluGradKernel(): KernelConfig {
  return {
    kernelName: RELU_GRAD,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend: kernelBackend }) => {
      const backend = kernelBackend as BackendWasm;
      const { dy, y } = inputs as Record<"dy" | "y", TensorInfo>;
      if (dy.dtype !== "float32" || y.dtype !== "float32") throw new Error(`${RELU_GRAD}: expected float32 tensors.`);
      const dz = backend.makeOutput(y.shape, "float32");
      nativeKernels(backend).reluGrad(heapOffset(backend, dz), heapOffset(backend, dy), heapOffset(backend, y), y.shape.reduce((a, b) => a * b, 1));
      return dz;
    },
  };
}

type GradientTf = Pick<typeof tfjs, "registerGradient" | "getGradient" | "engine" | "sum">;

/** Registers the gradient of CONV2D_RELU (global to TensorFlow.js, like every gradient); idempotent. */
export function registerConv2dReluGradient(tf: GradientTf): void {
  if (tf.getGradient(CONV2D_RELU) !== undefined) return;
  tf.registerGradient({
    kernelName: CONV2D_RELU,
    inputsToSave: ["x", "filter"],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved;
      const engine = tf.engine();
      const dz = engine.runKernel(RELU_GRAD, { dy: dy as tfjs.Tensor, y }) as tfjs.Tensor;
      const { strides, pad, dimRoundingMode } = attrs as NamedAttrMap;
      const geometry = { strides, pad, dataFormat: "NHWC", dimRoundingMode } as NamedAttrMap;
      return {
        x: () => engine.runKernel("Conv2DBackpropInput", { dy: dz, filter }, { ...geometry, inputShape: x.shape }) as tfjs.Tensor,
        filter: () => engine.runKernel("Conv2DBackpropFilter", { x, dy: dz }, { ...geometry, filterShape: filter.shape }) as tfjs.Tensor,
        bias: () => tf.sum(dz, [0, 1, 2]),
      };
    },
  });
}
