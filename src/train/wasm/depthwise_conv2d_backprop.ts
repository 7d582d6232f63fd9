// The wasm backend lacks both gradients of the depthwise convolution (depthwiseConv2d, and the
// first half of separableConv2d). Each output channel c·M + m reads one input channel c, so
// neither gradient is one dense product; these kernels run in JavaScript on the wasm heap, with
// the channels of one pixel innermost so that memory is read in order, and accumulate in double
// precision as the cpu backend does.
import type { Conv2DInfo, KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { withContext } from "./wasm_context";

function depthwiseInfo(tf: TfModule, xShape: number[], filterShape: number[], args: KernelArgs): Conv2DInfo {
  const attrs = args.attrs ?? {};
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations ?? 1) as [number, number],
    attrs.pad as "valid",
    attrs.dimRoundingMode as "round" | undefined,
    true,
  );
}

export function depthwiseBackpropFilterKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "DepthwiseConv2dNativeBackpropFilter",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) =>
      withContext(tf, args, (ctx) => {
        const x = args.inputs.x as TensorInfo;
        const dy = args.inputs.dy as TensorInfo;
        const filterShape = (args.attrs ?? {}).filterShape as number[];
        const info = depthwiseInfo(tf, x.shape, filterShape, args);
        const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
        const M = info.outChannels / C;
        const kh = info.filterHeight;
        const kw = info.filterWidth;
        const sum = new Float64Array(kh * kw * C * M);
        const dw = ctx.allocate(filterShape);
        const xv = ctx.f32(x);
        const g = ctx.f32(dy);
        for (let n = 0; n < N; n++) {
          for (let yo = 0; yo < Ho; yo++) {
            for (let xo = 0; xo < Wo; xo++) {
              const dyBase = ((n * Ho + yo) * Wo + xo) * C * M;
              for (let a = 0; a < kh; a++) {
                const r = yo * info.strideHeight - info.padInfo.top + a * info.dilationHeight;
                if (r < 0 || r >= H) continue;
                for (let b = 0; b < kw; b++) {
                  const c = xo * info.strideWidth - info.padInfo.left + b * info.dilationWidth;
                  if (c < 0 || c >= W) continue;
                  const xBase = ((n * H + r) * W + c) * C;
                  const wBase = (a * kw + b) * C * M;
                  for (let ch = 0; ch < C; ch++) {
                    const v = xv[xBase + ch];
                    for (let m = 0; m < M; m++) sum[wBase + ch * M + m] += v * g[dyBase + ch * M + m];
                  }
                }
              }
            }
          }
        }
        ctx.f32(dw).set(sum);
        return dw;
      }),
  };
}

export function depthwiseBackpropInputKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "DepthwiseConv2dNativeBackpropInput",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) =>
      withContext(tf, args, (ctx) => {
        const dy = args.inputs.dy as TensorInfo;
        const filter = args.inputs.filter as TensorInfo;
        const inputShape = (args.attrs ?? {}).inputShape as number[];
        const info = depthwiseInfo(tf, inputShape, filter.shape, args);
        const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
        const M = info.outChannels / C;
        const kh = info.filterHeight;
        const kw = info.filterWidth;
        const sh = info.strideHeight;
        const sw = info.strideWidth;
        const dx = ctx.allocate(inputShape);
        const out = ctx.f32(dx);
        const w = ctx.f32(filter);
        const g = ctx.f32(dy);
        const sum = new Float64Array(C);
        // Gather form: each input pixel sums the output pixels whose window covers it, so every
        // element is written once and its sum stays in double precision.
        for (let n = 0; n < N; n++) {
          for (let r = 0; r < H; r++) {
            for (let c = 0; c < W; c++) {
              sum.fill(0);
              for (let a = 0; a < kh; a++) {
                const rowOffset = r + info.padInfo.top - a * info.dilationHeight;
                if (rowOffset < 0 || rowOffset % sh !== 0) continue;
                const yo = rowOffset / sh;
                if (yo >= Ho) continue;
                for (let b = 0; b < kw; b++) {
                  const colOffset = c + info.padInfo.left - b * info.dilationWidth;
                  if (colOffset < 0 || colOffset % sw !== 0) continue;
                  const xo = colOffset / sw;
                  if (xo >= Wo) continue;
                  const dyBase = ((n * Ho + yo) * Wo + xo) * C * M;
                  const wBase = (a * kw + b) * C * M;
                  for (let ch = 0; ch < C; ch++) {
                    let s = 0;
                    for (let m = 0; m < M; m++) s += g[dyBase + ch * M + m] * w[wBase + ch * M + m];
                    sum[ch] += s;
                  }
                }
              }
              const base = ((n * H + r) * W + c) * C;
              for (let ch = 0; ch < C; ch++) out[base + ch] = sum[ch];
            }
          }
        }
        return dx;
      }),
  };
}
