// The wasm Conv2DBackpropInput is a scalar loop. The input gradient of a stride-1 convolution
// is the "full" convolution of dY with the filter rotated by 180° and its in/out channels
// swapped, which XNNPACK computes about five times faster. For strides above 1 the gradient is
// one matrix product dY·Wᵀ ([N·Ho·Wo, Cout] × [Cout, kh·kw·Cin], the transpose of the small
// filter made once) followed by a col2im scatter-add of the columns back onto the input grid.
// This kernel is also the forward pass of conv2dTranspose.
import { originalKernel } from "./kernel_registry";
import type { Conv2DInfo, KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { wasmKernelTuning } from "./tuning";
import { withContext, type WasmContext } from "./wasm_context";

/** Filter rotated by 180° with in/out swapped: out[a, b, co, ci] = W[kh−1−a, kw−1−b, ci, co]. */
function rotatedFilter(ctx: WasmContext, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const rotated = ctx.allocate([kh, kw, co, ci]);
  const out = ctx.f32(rotated);
  const w = ctx.f32(filter);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const source = ((kh - 1 - a) * kw + (kw - 1 - b)) * ci * co;
      const target = (a * kw + b) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) out[target + o * ci + i] = w[source + i * co + o];
      }
    }
  }
  return rotated;
}

/** The padding of the full convolution that maps dY back onto the input grid (stride 1). */
function fullConvPadding(info: Conv2DInfo) {
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  return {
    top,
    left,
    bottom: info.inHeight - info.outHeight + info.filterHeight - 1 - top,
    right: info.inWidth - info.outWidth + info.filterWidth - 1 - left,
  };
}

function inputGradByRotatedConv(ctx: WasmContext, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  return ctx.conv2d(dy, rotatedFilter(ctx, filter), fullConvPadding(info));
}

function inputGradByCol2im(ctx: WasmContext, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: Co } = info;
  const kh = info.filterHeight;
  const kw = info.filterWidth;
  const patch = kh * kw * C;
  const perImage = Ho * Wo;
  const imagesPerChunk = Math.max(1, Math.min(N, Math.floor(wasmKernelTuning.maxColumnElements / (patch * perImage))));
  // Wᵀ as [Cout, kh·kw·Cin]: the filter [kh, kw, Cin, Cout] read as a [kh·kw·Cin, Cout] matrix.
  const filterT = ctx.transpose(ctx.reshape(filter, [patch, Co]), [1, 0]);
  const dy2d = ctx.reshape(dy, [N * perImage, Co]);
  const dx = ctx.allocate([N, H, W, C], "float32", true);
  for (let first = 0; first < N; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, N - first);
    const dyChunk = count === N ? dy2d : ctx.slice(dy2d, [first * perImage, 0], [count * perImage, Co]);
    const columns = ctx.f32(ctx.matMul(dyChunk, filterT)); // [count·Ho·Wo, kh·kw·Cin]
    const out = ctx.f32(dx);
    let j = 0;
    for (let n = first; n < first + count; n++) {
      for (let y = 0; y < Ho; y++) {
        for (let x = 0; x < Wo; x++) {
          for (let a = 0; a < kh; a++) {
            const r = y * info.strideHeight + a - info.padInfo.top;
            if (r < 0 || r >= H) {
              j += kw * C;
              continue;
            }
            for (let b = 0; b < kw; b++) {
              const c = x * info.strideWidth + b - info.padInfo.left;
              if (c < 0 || c >= W) {
                j += C;
                continue;
              }
              const base = ((n * H + r) * W + c) * C;
              for (let ci = 0; ci < C; ci++, j++) out[base + ci] += columns[j];
            }
          }
        }
      }
    }
  }
  return dx;
}

export function conv2dBackpropInputKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "Conv2DBackpropInput",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) => {
      const attrs = args.attrs ?? {};
      const dy = args.inputs.dy as TensorInfo;
      const filter = args.inputs.filter as TensorInfo;
      const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat as "NHWC" | "NCHW");
      if (dataFormat !== "channelsLast") return originalKernel(tf, "Conv2DBackpropInput").kernelFunc(args);
      const info = tf.backend_util.computeConv2DInfo(
        attrs.inputShape as [number, number, number, number],
        filter.shape as [number, number, number, number],
        attrs.strides as [number, number],
        1,
        attrs.pad as "valid",
        attrs.dimRoundingMode as "round" | undefined,
      );
      return withContext(tf, args, (ctx) => {
        const pad = fullConvPadding(info);
        const stride1 = info.strideHeight === 1 && info.strideWidth === 1 && wasmKernelTuning.rotatedConvForStride1;
        return stride1 && pad.top >= 0 && pad.left >= 0 && pad.bottom >= 0 && pad.right >= 0
          ? inputGradByRotatedConv(ctx, dy, filter, info)
          : inputGradByCol2im(ctx, dy, filter, info);
      });
    },
  };
}
