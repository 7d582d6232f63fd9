// TensorFlow.js's Adam, with its per-variable update done by one kernel where the backend has it
// (the wasm training kernels register NNStudioAdamUpdate). The stock applyGradients runs 14 tf ops
// per variable; for a small model those ops' bookkeeping costs as much as its matrix products.
// The optimizer keeps the stock class's state (moment variables, β powers, iteration count), so
// saving, loading and a backend without the kernel all behave exactly as TensorFlow.js's Adam.
import type * as tfjs from "@tensorflow/tfjs";
import { ADAM_UPDATE, type AdamUpdateAttrs } from "./wasm/adam";
import type { TF } from "./backend";

type Variable = tfjs.Variable;
type Tensor = tfjs.Tensor;

/** AdamOptimizer's private state, as tfjs-core 4.22 keeps it (test/train/fused-adam.test.ts checks). */
interface AdamState {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const classes = new WeakMap<TF, new (learningRate: number, beta1: number, beta2: number, epsilon?: number) => tfjs.AdamOptimizer>();

function fusedAdamClass(tf: TF) {
  let cls = classes.get(tf);
  if (cls !== undefined) return cls;
  cls = class FusedAdamOptimizer extends tf.AdamOptimizer {
    override applyGradients(variableGradients: Parameters<tfjs.AdamOptimizer["applyGradients"]>[0]): void {
      if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
        super.applyGradients(variableGradients);
        return;
      }
      const state = this as unknown as AdamState;
      const named = Array.isArray(variableGradients)
        ? variableGradients.map(({ name, tensor }) => ({ name, tensor: tensor as Tensor | null }))
        : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] as Tensor | null }));
      tf.tidy(() => {
        // β^t are float32 scalars, 1 − β^t float32 too, as the stock optimizer computes them.
        const attrs: AdamUpdateAttrs = {
          beta1: state.beta1,
          beta2: state.beta2,
          epsilon: state.epsilon,
          learningRate: state.learningRate,
          oneMinusAccBeta1: Math.fround(1 - state.accBeta1.dataSync()[0]),
          oneMinusAccBeta2: Math.fround(1 - state.accBeta2.dataSync()[0]),
        };
        named.forEach(({ name, tensor: gradient }, i) => {
          const value = tf.engine().registeredVariables[name];
          // Slots are made, and named, exactly as the stock optimizer makes them.
          state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          if (gradient == null) return;
          const m = state.accumulatedFirstMoment[i].variable;
          const v = state.accumulatedSecondMoment[i].variable;
          const [x1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { x: value, gradient, m, v }, attrs) as Tensor[];
          m.assign(m1);
          v.assign(v1);
          value.assign(x1);
        });
        state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
        state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
      });
      this.incrementIterations();
    }
  };
  classes.set(tf, cls);
  return cls;
}

/** tf.train.adam's optimizer, with the fused update on backends that have the kernel. */
export function fusedAdam(tf: TF, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): tfjs.AdamOptimizer {
  const Cls = fusedAdamClass(tf);
  return new Cls(learningRate, beta1, beta2, epsilon);
}
