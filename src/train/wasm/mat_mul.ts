// The wasm BatchMatMul and _FusedMatMul hand a product to XNNPACK only when neither operand is
// transposed; with `transposeA` or `transposeB` set they run a scalar loop, about 25 times
// slower on this machine's CPU. Backpropagation through every dense layer asks for exactly those
// products (dx = dy·Wᵀ, dW = xᵀ·dy), so materialising the transpose first (one pass over the
// operand) and calling the fast path wins by far.
// The wasm _FusedMatMul also adds the bias (and PReLU weights) wrongly when the product has a
// batch dimension above 1; those products are computed as BatchMatMul, Add and the activation's
// own kernel instead.
import { originalKernel } from "./kernel_registry";
import type { KernelArgs, KernelConfig, NamedAttrMap, TensorInfo, TfModule } from "./tf_types";
import { withContext, type WasmContext } from "./wasm_context";

/** The activations tf.fused.matMul accepts (tfjs-core's fused Activation type). */
type FusedActivation = "linear" | "relu" | "prelu" | "elu" | "relu6" | "leakyrelu" | "sigmoid";

function applyActivation(ctx: WasmContext, x: TensorInfo, attrs: NamedAttrMap, prelu: TensorInfo | undefined): TensorInfo {
  const activation = (attrs.activation ?? "linear") as FusedActivation;
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return ctx.run("Relu", { x });
    case "relu6":
      return ctx.run("Relu6", { x });
    case "elu":
      return ctx.run("Elu", { x });
    case "sigmoid":
      return ctx.run("Sigmoid", { x });
    case "leakyrelu":
      return ctx.run("LeakyRelu", { x }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
    case "prelu":
      if (prelu === undefined) throw new Error("_FusedMatMul: prelu activation without preluActivationWeights");
      return ctx.run("Prelu", { x, alpha: prelu });
  }
}

function batchOf(x: TensorInfo): number {
  return x.shape.slice(0, -2).reduce((a, b) => a * b, 1);
}

/** The permutation that swaps the two innermost axes of a rank-`rank` tensor. */
export function swapInnerAxes(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

function matMulWithoutTransposes(tf: TfModule, kernelName: "BatchMatMul" | "_FusedMatMul") {
  return (args: KernelArgs): TensorInfo => {
    const attrs = args.attrs ?? {};
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    const a = args.inputs.a as TensorInfo;
    const b = args.inputs.b as TensorInfo;
    const bias = args.inputs.bias as TensorInfo | undefined;
    const prelu = args.inputs.preluActivationWeights as TensorInfo | undefined;
    const unfuse =
      kernelName === "_FusedMatMul" && (bias !== undefined || prelu !== undefined) && Math.max(batchOf(a), batchOf(b)) > 1;
    if (!transposeA && !transposeB && !unfuse) {
      return originalKernel(tf, kernelName).kernelFunc(args) as TensorInfo;
    }
    return withContext(tf, args, (ctx) => {
      const untransposed = {
        a: transposeA ? ctx.transpose(a, swapInnerAxes(a.shape.length)) : a,
        b: transposeB ? ctx.transpose(b, swapInnerAxes(b.shape.length)) : b,
      };
      const plain = { ...attrs, transposeA: false, transposeB: false };
      if (!unfuse) return ctx.run(kernelName, { ...args.inputs, ...untransposed }, plain);
      const product = ctx.run("BatchMatMul", untransposed, plain);
      const biased = bias === undefined ? product : ctx.run("Add", { a: product, b: bias });
      return applyActivation(ctx, biased, attrs, prelu);
    });
  };
}

export function matMulKernels(tf: TfModule): KernelConfig[] {
  return (["BatchMatMul", "_FusedMatMul"] as const).map((kernelName) => ({
    kernelName,
    backendName: "wasm",
    kernelFunc: matMulWithoutTransposes(tf, kernelName),
  }));
}
