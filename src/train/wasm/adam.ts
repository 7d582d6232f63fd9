// The Adam update as one wasm kernel per variable. TensorFlow.js's AdamOptimizer spends 14 tf ops
// on every variable in every step (each with its own engine bookkeeping, heap allocation and
// XNNPACK call); for small models that bookkeeping is a large part of the step. This kernel does
// the same arithmetic, in the same order and float32 rounding, in one pass on the heap, so the
// trained weights are bit-identical to TensorFlow.js's.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapOffset, nativeKernels } from "./native";
import type { KernelConfig, NamedAttrMap, TensorInfo } from "./tf_types";

export const ADAM_UPDATE = "NNStudioAdamUpdate";

/** Attributes of one step: the optimizer's constants and the step's bias corrections. */
export interface AdamUpdateAttrs extends NamedAttrMap {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 − β1^t and 1 − β2^t, as float32 (TensorFlow.js computes them as float32 tensors). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/** Inputs x (the variable), gradient, m, v; outputs the new x, m and v. */
export function adamUpdateKernel(): KernelConfig {
  return {
    kernelName: ADAM_UPDATE,
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs, backend: kernelBackend }) => {
      const backend = kernelBackend as BackendWasm;
      const { x, gradient, m, v } = inputs as Record<"x" | "gradient" | "m" | "v", TensorInfo>;
      for (const info of [x, gradient, m, v]) {
        if (info.dtype !== "float32") throw new Error(`${ADAM_UPDATE}: expected float32 tensors, got ${info.dtype}.`);
      }
      const n = x.shape.reduce((a, b) => a * b, 1);
      const a = attrs as AdamUpdateAttrs;
      const f = Math.fround;
      const outputs = [x, m, v].map((info) => backend.makeOutput(info.shape, "float32"));
      const [xOut, mOut, vOut] = outputs;
      // TensorFlow.js multiplies by scalars it makes from 1 − β in float64, then stores as float32.
      nativeKernels(backend).adam(
        heapOffset(backend, xOut), heapOffset(backend, mOut), heapOffset(backend, vOut),
        heapOffset(backend, x), heapOffset(backend, gradient), heapOffset(backend, m), heapOffset(backend, v), n,
        f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2),
        f(a.oneMinusAccBeta1), f(a.oneMinusAccBeta2), f(a.epsilon), f(-a.learningRate),
      );
      return outputs;
    },
  };
}
