// The wasm backend has no Conv2DBackpropFilter, so no convolution can be trained on it. The
// filter gradient
//   dW[a, b, ci, co] = Σ_{n, y, x} X[n, y·sh + a − top, x·sw + b − left, ci] · dY[n, y, x, co]
// is itself a convolution once batch and channels trade places: X as [Cin, H, W, N] convolved
// with dY as a [Ho, Wo, N, Cout] filter, dilated by the forward stride, gives [Cin, kh, kw, Cout].
// XNNPACK runs that on every thread when Cin is large enough to fill its batch, but packs dY (its
// filter) first. With fewer input channels a direct SIMD kernel (native/kernels.c) that reads X
// and dY in place is faster, even on one thread against XNNPACK's two.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapOffset, nativeKernels } from "./native";
import type { KernelArgs, KernelConfig, NamedAttrMap, TensorInfo, TfModule } from "./tf_types";
import { wasmKernelTuning } from "./tuning";
import { withContext, type WasmContext } from "./wasm_context";


interface FilterGradGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

function geometry(tf: TfModule, x: TensorInfo, dy: TensorInfo, args: KernelArgs): FilterGradGeometry {
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as [number, number, number, number];
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat as "NHWC" | "NCHW");
  if (dataFormat !== "channelsLast") {
    throw new Error("wasm Conv2DBackpropFilter supports only dataFormat NHWC, as the wasm Conv2D does.");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs.strides as [number, number],
    1,
    attrs.pad as "valid",
    attrs.dimRoundingMode as "round" | undefined,
  );
  if (info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) {
    throw new Error(`wasm Conv2DBackpropFilter: dy has shape [${dy.shape}], expected output ${info.outHeight}×${info.outWidth}.`);
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * The batch-swapped convolution; returns [kh, kw, Cin, Cout]. For the convnet's second layer
 * ([64, 13, 13, 32] ⊛ 3×3×32×64, 2 threads) it took 11.7–12.6 ms, where im2col with the patches
 * transposed ([288, 7744]) times dY [7744, 64] took 18.9 ms and the direct kernel 19.8 ms (on
 * one thread: 20.0 against the direct kernel's 18.5).
 */
export function filterGradBySwappedConv(ctx: WasmContext, x: TensorInfo, dy: TensorInfo, g: FilterGradGeometry): TensorInfo {
  const xT = ctx.transpose(x, [3, 1, 2, 0]); // [Cin, H, W, N]
  const dyT = ctx.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Cout]
  // Output rows a = 0 … kh−1 need the input rows a − top + y·sh for y < Ho, so the padded input
  // must reach row kh − 1 − top + (Ho − 1)·sh. Rows the forward pass never read (a stride that
  // skips the bottom) would make that padding negative; pad with zero instead and drop the extra
  // output rows.
  const padBottom = g.filterHeight - 1 - g.padTop + (g.outHeight - 1) * g.strideHeight - (g.inHeight - 1);
  const padRight = g.filterWidth - 1 - g.padLeft + (g.outWidth - 1) * g.strideWidth - (g.inWidth - 1);
  const swapped = ctx.conv2d(
    xT,
    dyT,
    { top: g.padTop, bottom: Math.max(0, padBottom), left: g.padLeft, right: Math.max(0, padRight) },
    [g.strideHeight, g.strideWidth],
  );
  const cropped =
    padBottom < 0 || padRight < 0
      ? ctx.slice(swapped, [0, 0, 0, 0], [g.inChannels, g.filterHeight, g.filterWidth, g.outChannels])
      : swapped;
  return ctx.transpose(cropped, [1, 2, 0, 3]);
}

/**
 * The direct product in wasm SIMD (native/kernels.c), reading x and dY in place; returns
 * [kh, kw, Cin, Cout]. Padding is made explicit first (a zero-padded copy of x), so that every
 * window the kernel reads lies inside its input.
 */
export function filterGradDirect(ctx: WasmContext, x: TensorInfo, dy: TensorInfo, g: FilterGradGeometry): TensorInfo {
  const padBottom = Math.max(0, (g.outHeight - 1) * g.strideHeight + g.filterHeight - g.padTop - g.inHeight);
  const padRight = Math.max(0, (g.outWidth - 1) * g.strideWidth + g.filterWidth - g.padLeft - g.inWidth);
  const padded =
    g.padTop === 0 && g.padLeft === 0 && padBottom === 0 && padRight === 0
      ? x
      : ctx.run("PadV2", { x }, { paddings: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]], constantValue: 0 } as unknown as NamedAttrMap);
  const dw = ctx.allocate([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]);
  const backend = ctx.backend as BackendWasm;
  nativeKernels(backend).conv2dFilterGrad(
    heapOffset(backend, dw), heapOffset(backend, padded), heapOffset(backend, dy),
    g.batch, padded.shape[1], padded.shape[2], g.inChannels, g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth,
  );
  return dw;
}

export function conv2dBackpropFilterKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) =>
      withContext(tf, args, (ctx) => {
        const x = args.inputs.x as TensorInfo;
        const dy = args.inputs.dy as TensorInfo;
        const g = geometry(tf, x, dy, args);
        return g.inChannels >= wasmKernelTuning.swappedConvMinChannels
          ? filterGradBySwappedConv(ctx, x, dy, g)
          : filterGradDirect(ctx, x, dy, g);
      }),
  };
}
