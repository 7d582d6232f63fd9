// The wasm BatchMatMul and _FusedMatMul hand a product to XNNPACK only when neither operand is
// transposed; with `transposeA` or `transposeB` set they run a scalar loop, about 25 times
// slower on this machine's CPU. Backpropagation through every dense layer asks for exactly those
// products (dx = dy·Wᵀ, dW = xᵀ·dy), so materialising the transpose first (one pass over the
// operand) and calling the fast path wins by far.
// The wasm _FusedMatMul also adds the bias (and PReLU weights) wrongly when the product has a
// batch dimension above 1; those products are computed as BatchMatMul, Add and the activation's
// own kernel instead.
// XNNPACK packs the right operand whenever it sees a new one, which in training is every step
// (weights change, gradients are new): single products with a new right operand go to our own
// gemm, which reads it in place (native/kernels.c), unless they are large enough for packing not
// to matter. XNNPACK keeps its packed copy of an operand it has seen, so one seen before (the
// weights in evaluation, batch after batch) goes to XNNPACK.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapOffset, nativeKernels } from "./native";
import { wasmKernelTuning } from "./tuning";
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

/** Right operands our gemm has multiplied by: a second product by one goes to XNNPACK. */
const gemmOperands = new WeakSet<object>();

/**
 * The product by our gemm, with the bias and ReLU fused, when it applies: one matrix on each
 * side (leading axes of size 1), float32, a bias of one value per column or none, and not
 * many rows. Returns undefined otherwise. `a` and `b` are untransposed.
 */
function nativeProduct(ctx: WasmContext, a: TensorInfo, b: TensorInfo, bias: TensorInfo | undefined, relu: boolean): TensorInfo | undefined {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const applies =
    batchOf(a) === 1 &&
    batchOf(b) === 1 &&
    a.dtype === "float32" &&
    b.dtype === "float32" &&
    (bias === undefined || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === n)) &&
    m < wasmKernelTuning.nativeGemmMaxRows &&
    !gemmOperands.has(b.dataId);
  if (!applies) return undefined;
  gemmOperands.add(b.dataId);
  const leading = new Array<number>(Math.max(a.shape.length, b.shape.length) - 2).fill(1);
  const c = ctx.allocate([...leading, m, n]);
  const backend = ctx.backend as BackendWasm;
  const biasOffset = bias === undefined ? 0 : heapOffset(backend, bias);
  nativeKernels(backend).gemm(heapOffset(backend, c), heapOffset(backend, a), heapOffset(backend, b), biasOffset, m, k, n, relu ? 1 : 0);
  return c;
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
    return withContext(tf, args, (ctx) => {
      const untransposed = {
        a: transposeA ? ctx.transpose(a, swapInnerAxes(a.shape.length)) : a,
        b: transposeB ? ctx.transpose(b, swapInnerAxes(b.shape.length)) : b,
      };
      if (prelu === undefined) {
        const fused = kernelName === "_FusedMatMul";
        const activation = fused ? ((attrs.activation ?? "linear") as FusedActivation) : "linear";
        const product = nativeProduct(ctx, untransposed.a, untransposed.b, fused ? bias : undefined, activation === "relu");
        if (product !== undefined) return activation === "relu" ? product : applyActivation(ctx, product, attrs, undefined);
      }
      const plain = { ...attrs, transposeA: false, transposeB: false };
      if (!transposeA && !transposeB && !unfuse) return ctx.run(kernelName, args.inputs, plain);
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
