// The wasm backend has no Conv2DBackpropFilter, so no convolution can be trained on it. The
// filter gradient
//   dW[a, b, ci, co] = Σ_{n, y, x} X[n, y·sh + a − top, x·sw + b − left, ci] · dY[n, y, x, co]
// is itself a convolution once batch and channels trade places: X as [Cin, H, W, N] convolved
// with dY as a [Ho, Wo, N, Cout] filter, dilated by the forward stride, gives [Cin, kh, kw, Cout].
// XNNPACK runs that fast when Cin is large enough to fill its batch. With few input channels (the
// first layer of an image model) the same sum is one matrix product of dY, transposed to
// [Cout, N·Ho·Wo], with an im2col patch matrix [N·Ho·Wo, kh·kw·Cin] built on the wasm heap.
import type { KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
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
 * ([64, 13, 13, 32] ⊛ 3×3×32×64, 2 threads) it took 12.6 ms, where im2col with the patches
 * transposed ([288, 7744], built in JavaScript in 9.5 ms) times dY [7744, 64] took 18.9 ms: either
 * way XNNPACK packs the fresh dY (about 3 ms), and the patch matrix costs more than the two
 * transposes here. With dY transposed on the left instead, XNNPACK would pack the 2.2 M-element
 * patch matrix (23 ms for the product alone).
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
 * The im2col product; returns [kh, kw, Cin, Cout]. XNNPACK packs its right-hand operand afresh
 * for every new tensor, and dY changes every step, so dY (the large operand) goes on the left:
 * dWᵀ [Cout, kh·kw·Cin] = dYᵀ [Cout, N·Ho·Wo] × patches [N·Ho·Wo, kh·kw·Cin]. That costs one
 * transpose of dY but makes the step four times faster than packing dY as the right operand.
 */
export function filterGradByIm2col(ctx: WasmContext, x: TensorInfo, dy: TensorInfo, g: FilterGradGeometry): TensorInfo {
  const patch = g.filterHeight * g.filterWidth * g.inChannels;
  const perImage = g.outHeight * g.outWidth;
  const imagesPerChunk = Math.max(1, Math.min(g.batch, Math.floor(wasmKernelTuning.maxPatchElements / (patch * perImage))));
  const dyT = ctx.transpose(ctx.reshape(dy, [g.batch * perImage, g.outChannels]), [1, 0]); // [Cout, N·Ho·Wo]
  let result: TensorInfo | undefined;
  for (let first = 0; first < g.batch; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, g.batch - first);
    const patches = ctx.allocate([count * perImage, patch]);
    fillPatches(ctx.f32(patches), ctx.f32(x), g, first, count);
    const dyChunk = count === g.batch ? dyT : ctx.slice(dyT, [0, first * perImage], [g.outChannels, count * perImage]);
    const product = ctx.matMul(dyChunk, patches); // [Cout, kh·kw·Cin]
    if (result === undefined) {
      result = product;
    } else {
      // Views are taken after the allocations above, so they are attached to the current heap.
      const sum = ctx.f32(result);
      const part = ctx.f32(product);
      for (let i = 0; i < sum.length; i++) sum[i] += part[i];
    }
  }
  const filterGrad = ctx.transpose(result as TensorInfo, [1, 0]);
  return ctx.reshape(filterGrad, [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]);
}

/**
 * Writes the patches of images first … first + count − 1 into `p`, one row (a, b, ci) per output
 * pixel. The loops run along an output row for each element of a filter row, so that the inner
 * loop is long (Wo iterations) instead of kw·Cin (3 on the first layer of an image model): half
 * the time of an element-by-element loop on the convnet's first layer. Output columns whose
 * filter row reaches into the padding take a per-element path.
 */
function fillPatches(p: Float32Array, xv: Float32Array, g: FilterGradGeometry, first: number, count: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, filterHeight: kh, filterWidth: kw } = g;
  const { strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const patch = kh * kw * C;
  const run = kw * C;
  const step = sw * C;
  // Output columns whose kw input columns all lie inside the image.
  const inLo = Math.min(Wo, Math.ceil(padLeft / sw));
  const inHi = Math.max(inLo, Math.min(Wo, Math.floor((W - kw + padLeft) / sw) + 1));
  for (let n = first; n < first + count; n++) {
    for (let y = 0; y < Ho; y++) {
      const rowPixel = ((n - first) * Ho + y) * Wo;
      for (let a = 0; a < kh; a++) {
        const r = y * sh + a - padTop;
        const target = rowPixel * patch + a * run;
        if (r < 0 || r >= H) {
          for (let xo = 0; xo < Wo; xo++) p.fill(0, target + xo * patch, target + xo * patch + run);
          continue;
        }
        const rowBase = (n * H + r) * W;
        for (let k = 0; k < run; k++) {
          let to = target + inLo * patch + k;
          let from = (rowBase + inLo * sw - padLeft) * C + k;
          for (let xo = inLo; xo < inHi; xo++, to += patch, from += step) p[to] = xv[from];
        }
        for (let xo = 0; xo < Wo; xo++) {
          if (xo === inLo) xo = inHi;
          if (xo >= Wo) break;
          for (let b = 0; b < kw; b++) {
            const c = xo * sw + b - padLeft;
            const to = target + xo * patch + b * C;
            if (c < 0 || c >= W) p.fill(0, to, to + C);
            else for (let ci = 0; ci < C; ci++) p[to + ci] = xv[(rowBase + c) * C + ci];
          }
        }
      }
    }
  }
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
          : filterGradByIm2col(ctx, x, dy, g);
      }),
  };
}
