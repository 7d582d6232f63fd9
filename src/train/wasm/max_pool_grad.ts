// The wasm MaxPoolGrad starts its running maximum at the smallest positive float instead of
// −∞, so a window whose largest value is ≤ 0 sends its gradient to the wrong element (or
// nowhere): after a linear layer or batch normalisation, half the windows are wrong. This kernel
// follows the cpu backend's definition (the first strictly largest element of the window gets
// the window's gradient; padding never wins) and runs in JavaScript on the wasm heap, scanning
// the channels of one pixel together so that memory is read in order.
import type { KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { withContext } from "./wasm_context";

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
        const dx = ctx.allocate(input.shape, "float32", true);
        const out = ctx.f32(dx);
        const x = ctx.f32(input);
        const g = ctx.f32(dy);
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
        return dx;
      }),
  };
}
