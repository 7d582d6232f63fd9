// The wasm MaxPoolGrad starts its running maximum at the smallest positive float instead of
// −∞, so a window whose largest value is ≤ 0 sends its gradient to the wrong element (or
// nowhere): after a linear layer or batch normalisation, half the windows are wrong. This kernel
// follows the cpu backend's definition (the first strictly largest element of the window in
// row-major order gets the window's gradient; padding, NaN and −∞ never win) and runs in
// JavaScript on the wasm heap.
//
// Nearly every model pools with windows that tile the input (stride = pool size, no padding:
// Keras' default). Those take a fast path that reads each window once, channels innermost, and
// picks the winner without data-dependent branches: the float bits are mapped to integers that
// order like the floats, and a comparison's 0/1 result masks the running maximum and its offset.
// Branches on the data cost a misprediction per window on real activations; this measured 2.5×
// faster on the convnet's first pool (see docs/training-performance.md). Other windows keep the
// general loop.
import type { Conv2DInfo, KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { wasmKernelTuning } from "./tuning";
import { withContext } from "./wasm_context";

/**
 * The order key of +∞ (its float bits); −∞'s key is its negation. `orderKey` maps the bits of
 * every non-NaN float to an int32 that compares like the float (−0 and +0 both to 0); positive
 * NaNs land above +∞ and negative NaNs below −∞, so a window whose largest key is outside
 * (−∞, +∞] holds no element that the cpu backend would pick over NaN or −∞ alike.
 */
const KEY_INFINITY = 0x7f800000;

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

/**
 * The operands as offsets into one view of the whole wasm heap: one typed array in the loop
 * instead of three measured 12 % faster (fewer checks of the arrays per element).
 */
interface HeapOperands {
  i32: Int32Array;
  f32: Float32Array;
  x: number;
  dy: number;
  dx: number;
}

function heapOperands(x: Float32Array, dy: Float32Array, dx: Float32Array): HeapOperands {
  return {
    i32: new Int32Array(x.buffer),
    f32: new Float32Array(x.buffer),
    x: x.byteOffset >> 2,
    dy: dy.byteOffset >> 2,
    dx: dx.byteOffset >> 2,
  };
}

/**
 * The window at `first` (the heap offset of its top-left element of one channel) under the cpu
 * backend's rule, with float comparisons: used where a window's maximum is NaN or −∞.
 */
function scanWindow(f32: Float32Array, first: number, rows: number, cols: number, rowStep: number, colStep: number): number {
  let best = -Infinity;
  let at = -1;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const index = first + a * rowStep + b * colStep;
      if (f32[index] > best) {
        best = f32[index];
        at = index;
      }
    }
  }
  return at;
}

/** Tiling 2×2 windows (the common case), unrolled. dx must be zero on entry. */
function tiled2x2(heap: HeapOperands, info: Conv2DInfo): void {
  const { i32: h, f32 } = heap;
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const down = W * C;
  const diagonal = down + C;
  const toDx = heap.dx - heap.x;
  for (let n = 0; n < N; n++) {
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        const base = heap.x + ((n * H + 2 * yo) * W + 2 * xo) * C;
        const toDy = heap.dy + ((n * Ho + yo) * Wo + xo) * C - base;
        const end = base + C;
        for (let i = base; i < end; i++) {
          // Order keys of the window's four elements, row-major.
          let k0 = h[i];
          let k1 = h[i + C];
          let k2 = h[i + down];
          let k3 = h[i + diagonal];
          k0 ^= (k0 >> 31) >>> 1;
          k0 -= k0 >> 31;
          k1 ^= (k1 >> 31) >>> 1;
          k1 -= k1 >> 31;
          k2 ^= (k2 >> 31) >>> 1;
          k2 -= k2 >> 31;
          k3 ^= (k3 >> 31) >>> 1;
          k3 -= k3 >> 31;
          // A strict comparison as an all-ones mask selects the later element only when it is
          // larger, so ties go to the earlier one, as on the cpu.
          const top = -(+(k1 > k0));
          const topMax = k0 ^ ((k0 ^ k1) & top);
          const topAt = C & top;
          const bottom = -(+(k3 > k2));
          const bottomMax = k2 ^ ((k2 ^ k3) & bottom);
          const bottomAt = down + (C & bottom);
          const lower = -(+(bottomMax > topMax));
          const max = topMax ^ ((topMax ^ bottomMax) & lower);
          if (max > -KEY_INFINITY && max <= KEY_INFINITY) {
            h[toDx + i + (topAt ^ ((topAt ^ bottomAt) & lower))] = h[toDy + i];
          } else {
            const at = scanWindow(f32, i, 2, 2, down, C);
            if (at >= 0) h[toDx + at] = h[toDy + i];
          }
        }
      }
    }
  }
}

/** Tiling windows of any other size. dx must be zero on entry. */
function tiled(heap: HeapOperands, info: Conv2DInfo): void {
  const { i32: h, f32 } = heap;
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const kh = info.effectiveFilterHeight;
  const kw = info.effectiveFilterWidth;
  const down = W * C;
  const toDx = heap.dx - heap.x;
  for (let n = 0; n < N; n++) {
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        const base = heap.x + ((n * H + kh * yo) * W + kw * xo) * C;
        const toDy = heap.dy + ((n * Ho + yo) * Wo + xo) * C - base;
        const end = base + C;
        for (let i = base; i < end; i++) {
          // Every key is above the int32 minimum, so the first element always takes over.
          let max = -0x80000000;
          let at = i;
          for (let a = 0, row = i; a < kh; a++, row += down) {
            for (let b = 0, index = row; b < kw; b++, index += C) {
              let k = h[index];
              k ^= (k >> 31) >>> 1;
              k -= k >> 31;
              const larger = -(+(k > max));
              max ^= (max ^ k) & larger;
              at ^= (at ^ index) & larger;
            }
          }
          if (max > -KEY_INFINITY && max <= KEY_INFINITY) {
            h[toDx + at] = h[toDy + i];
          } else {
            const found = scanWindow(f32, i, kh, kw, down, C);
            if (found >= 0) h[toDx + found] = h[toDy + i];
          }
        }
      }
    }
  }
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
        // Zeroing first (a native fill) and then writing only each window's winner measured
        // faster than writing every element's zero in the loops; it also clears the rows and
        // columns that no window covers.
        const dx = ctx.allocate(input.shape, "float32", true);
        const out = ctx.f32(dx);
        const x = ctx.f32(input);
        const g = ctx.f32(dy);
        if (!wasmKernelTuning.maxPoolGradTiledPath || !poolWindowsTile(info)) general(x, g, out, info);
        else if (info.effectiveFilterHeight === 2 && info.effectiveFilterWidth === 2) tiled2x2(heapOperands(x, g, out), info);
        else tiled(heapOperands(x, g, out), info);
        return dx;
      }),
  };
}
