// The wasm MaxPoolGrad starts its running maximum at the smallest positive float instead of
// −∞, so a window whose largest value is ≤ 0 sends its gradient to the wrong element (or
// nowhere): after a linear layer or batch normalisation, half the windows are wrong. This kernel
// follows the cpu backend's definition (the first strictly largest element of the window in
// row-major order gets the window's gradient; padding, NaN and −∞ never win) and runs in
// JavaScript on the wasm heap.
//
// Nearly every model pools with windows that tile the input (stride = pool size, no padding:
// Keras' default). Those go to a SIMD kernel (native/kernels.c) that reads each window once,
// four channels at a time, and writes every element of dx: 8× faster than the JavaScript loop
// it replaced on the convnet's first pool (docs/training-performance.md). Other windows keep the
// general loop.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapOffset, nativeKernels } from "./native";
import type { Conv2DInfo, KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { wasmKernelTuning } from "./tuning";
import { withContext } from "./wasm_context";

/** True when the windows tile the input without padding or overlap (the fast path's case). */
export function poolWindowsTile(info: Conv2DInfo): boolean {
  const { padInfo: pad } = info;
  return (
    info.strideHeight === info.effectiveFilterHeight &&
    info.strideWidth === info.effectiveFilterWidth &&
    pad.top === 0 &&
    pad.bottom === 0 &&
    pad.left === 0 &&
    pad.right === 0 &&
    // A rounding mode of "ceil" can add a window that reaches past the input.
    info.outHeight * info.strideHeight <= info.inHeight &&
    info.outWidth * info.strideWidth <= info.inWidth
  );
}

/** Any windows: overlapping, padded or clipped. Scans one channel at a time; `dx` must be zero on entry. */
function general(x: Float32Array, g: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  for (let n = 0; n < N; n++) {
    for (let yo = 0; yo < Ho; yo++) {
      const top = yo * info.strideHeight - info.padInfo.top;
      const rowStart = Math.max(0, top);
      const rowEnd = Math.min(H, top + info.effectiveFilterHeight);
      for (let xo = 0; xo < Wo; xo++) {
        const left = xo * info.strideWidth - info.padInfo.left;
        const colStart = Math.max(0, left);
        const colEnd = Math.min(W, left + info.effectiveFilterWidth);
        const dyBase = ((n * Ho + yo) * Wo + xo) * C;
        // One channel at a time keeps the running maximum in registers; the window's
        // elements of consecutive channels are adjacent, so the reads stay in cache.
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let r = rowStart; r < rowEnd; r++) {
            const rowBase = (n * H + r) * W;
            for (let c = colStart; c < colEnd; c++) {
              const index = (rowBase + c) * C + ch;
              const v = x[index];
              if (v > best) {
                best = v;
                at = index;
              }
            }
          }
          if (at >= 0) out[at] += g[dyBase + ch];
        }
      }
    }
  }
}

export function maxPoolGradKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "MaxPoolGrad",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) =>
      withContext(tf, args, (ctx) => {
        const attrs = args.attrs ?? {};
        const dy = args.inputs.dy as TensorInfo;
        const input = args.inputs.input as TensorInfo;
        const info = tf.backend_util.computePool2DInfo(
          input.shape as [number, number, number, number],
          attrs.filterSize as [number, number],
          attrs.strides as [number, number],
          1,
          attrs.pad as "valid",
          attrs.dimRoundingMode as "round" | undefined,
        );
        if (wasmKernelTuning.maxPoolGradTiledPath && poolWindowsTile(info)) {
          // The kernel writes every element of dx, the uncovered borders included.
          const dx = ctx.allocate(input.shape, "float32");
          const backend = ctx.backend as BackendWasm;
          const { batchSize, inHeight, inWidth, inChannels, effectiveFilterHeight, effectiveFilterWidth, outHeight, outWidth } = info;
          nativeKernels(backend).maxPoolGradTiled(
            heapOffset(backend, dx), heapOffset(backend, input), heapOffset(backend, dy),
            batchSize, inHeight, inWidth, inChannels, effectiveFilterHeight, effectiveFilterWidth, outHeight, outWidth,
          );
          return dx;
        }
        // Zeroing first (a native fill) and then adding each window's gradient to its winner.
        const dx = ctx.allocate(input.shape, "float32", true);
        general(ctx.f32(input), ctx.f32(dy), ctx.f32(dx), info);
        return dx;
      }),
  };
}
