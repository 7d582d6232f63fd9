// The wasm BatchMatMul and _FusedMatMul hand a product to XNNPACK only when neither operand is
// transposed; with `transposeA` or `transposeB` set they run a scalar loop, about 25 times
// slower on this machine's CPU. Backpropagation through every dense layer asks for exactly those
// products (dx = dy·Wᵀ, dW = xᵀ·dy), so materialising the transpose first (one pass over the
// operand) and calling the fast path wins by far.
import { originalKernel } from "./kernel_registry";
import type { KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { withContext } from "./wasm_context";

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
    if (!transposeA && !transposeB) {
      return originalKernel(tf, kernelName).kernelFunc(args) as TensorInfo;
    }
    return withContext(tf, args, (ctx) => {
      const a = args.inputs.a as TensorInfo;
      const b = args.inputs.b as TensorInfo;
      const inputs = {
        ...args.inputs,
        a: transposeA ? ctx.transpose(a, swapInnerAxes(a.shape.length)) : a,
        b: transposeB ? ctx.transpose(b, swapInnerAxes(b.shape.length)) : b,
      };
      return ctx.run(kernelName, inputs, { ...attrs, transposeA: false, transposeB: false });
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
