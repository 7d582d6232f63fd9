// Categorical crossentropy (Keras' definition, as tfjs-layers computes it) as one kernel with a
// registered gradient. tfjs-layers spends 8 ops on the loss of every batch (normalise, clip, log,
// multiply, sum, negate) and about 20 on its gradient; for a small model each op's bookkeeping
// costs more than its arithmetic. These kernels do the same arithmetic per row in JavaScript on
// the wasm heap (a batch's predictions are a few thousand numbers). The row sums, the normalised
// predictions and the clip bounds are rounded to float32 where tfjs-layers' tensors hold them,
// so that the clip catches exactly the values it catches there; the rest runs in double
// precision, so the results agree with tfjs-layers to float32 rounding.
//
//   q = clip(p / Σp, ε, 1 − ε);  loss = −Σ t·log q            (per row; ε = the backend's epsilon)
//   ∂loss/∂p_j = g_j/s − (Σ_i g_i·p_i)/s²,  g_i = −t_i/(p_i/s) where ε ≤ p_i/s ≤ 1 − ε, else 0
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { withContext } from "./wasm_context";

export const CATEGORICAL_CROSSENTROPY = "NNStudioCategoricalCrossentropy";
export const CATEGORICAL_CROSSENTROPY_GRAD = "NNStudioCategoricalCrossentropyGrad";

/** The clip's bounds ε and 1 − ε as the float32 values tfjs-layers' clip compares with. */
function clipBounds(backend: BackendWasm): [number, number] {
  const epsilon = backend.epsilon();
  return [Math.fround(epsilon), Math.fround(1 - epsilon)];
}

/** A row's sum, rounded to float32 as tfjs-layers' summed tensor is. */
function rowSum(p: Float32Array, base: number, classes: number): number {
  let sum = 0;
  for (let j = 0; j < classes; j++) sum += p[base + j];
  return Math.fround(sum);
}

function rowsAndClasses(shape: number[]): [number, number] {
  const classes = shape[shape.length - 1];
  return [shape.reduce((a, b) => a * b, 1) / classes, classes];
}

/** Inputs target and output (same shape, the classes on the last axis); output: one loss per row. */
export function categoricalCrossentropyKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: CATEGORICAL_CROSSENTROPY,
    backendName: "wasm",
    kernelFunc: (args) =>
      withContext(tf, args, (ctx) => {
        const { target, output } = args.inputs as Record<"target" | "output", TensorInfo>;
        const [rows, classes] = rowsAndClasses(output.shape);
        const [low, high] = clipBounds(ctx.backend as BackendWasm);
        const loss = ctx.allocate(output.shape.slice(0, -1));
        const [t, p, out] = [ctx.f32(target), ctx.f32(output), ctx.f32(loss)];
        for (let r = 0, base = 0; r < rows; r++, base += classes) {
          const sum = rowSum(p, base, classes);
          let total = 0;
          for (let j = 0; j < classes; j++) {
            const q = Math.min(Math.max(Math.fround(p[base + j] / sum), low), high);
            total += t[base + j] * Math.log(q);
          }
          out[r] = -total;
        }
        return loss;
      }),
  };
}

/** Inputs dy (one value per row), target and output; output: the gradient with respect to output. */
export function categoricalCrossentropyGradKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: CATEGORICAL_CROSSENTROPY_GRAD,
    backendName: "wasm",
    kernelFunc: (args) =>
      withContext(tf, args, (ctx) => {
        const { dy, target, output } = args.inputs as Record<"dy" | "target" | "output", TensorInfo>;
        const [rows, classes] = rowsAndClasses(output.shape);
        const [low, high] = clipBounds(ctx.backend as BackendWasm);
        const gradient = ctx.allocate(output.shape);
        const [d, t, p, out] = [ctx.f32(dy), ctx.f32(target), ctx.f32(output), ctx.f32(gradient)];
        const g = new Float64Array(classes);
        for (let r = 0, base = 0; r < rows; r++, base += classes) {
          const sum = rowSum(p, base, classes);
          let weighted = 0;
          for (let j = 0; j < classes; j++) {
            const x = Math.fround(p[base + j] / sum);
            // The clip passes the gradient only inside [ε, 1 − ε] (bounds included, as tfjs's).
            g[j] = x >= low && x <= high ? (-d[r] * t[base + j]) / x : 0;
            weighted += g[j] * p[base + j];
          }
          for (let j = 0; j < classes; j++) out[base + j] = g[j] / sum - weighted / (sum * sum);
        }
        return gradient;
      }),
  };
}

type GradientTf = Pick<typeof tfjs, "registerGradient" | "getGradient" | "engine" | "zerosLike">;

/** Registers the loss kernel's gradient (global to TensorFlow.js); idempotent. */
export function registerCategoricalCrossentropyGradient(tf: GradientTf): void {
  if (tf.getGradient(CATEGORICAL_CROSSENTROPY) !== undefined) return;
  tf.registerGradient({
    kernelName: CATEGORICAL_CROSSENTROPY,
    inputsToSave: ["target", "output"],
    gradFunc: (dy, saved) => {
      const [target, output] = saved;
      return {
        output: () => tf.engine().runKernel(CATEGORICAL_CROSSENTROPY_GRAD, { dy: dy as tfjs.Tensor, target, output }) as tfjs.Tensor,
        // Labels are data: the engine never asks for their gradient, but every input needs one.
        target: () => tf.zerosLike(target),
      };
    },
  });
}
