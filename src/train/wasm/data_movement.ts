// Kernels that only move or add up memory, where the wasm backend's own are slow enough to show
// in a training step's profile:
// - Identity and same-type Cast copy their input; the cpu backend shares it (the data is
//   immutable and reference counted), and so do these.
// - GatherV2 (fit's batch selection, embedding lookups) runs a per-element index loop in wasm
//   that took longer than the first dense layer; row copies on the heap are ~30× faster.
// - Sum over leading axes (every bias gradient) transposes the whole input first. XNNPACK's
//   average pooling over windows of rows (no transpose, SIMD), scaled back to sums and added in
//   double precision in JavaScript, needs none.
import { originalKernel } from "./kernel_registry";
import type { KernelArgs, KernelConfig, NamedAttrMap, TensorInfo, TfModule } from "./tf_types";
import { wasmKernelTuning } from "./tuning";
import { withContext } from "./wasm_context";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** The same data under a new tensor: one more reference instead of a copy. */
function share(args: KernelArgs, x: TensorInfo): TensorInfo {
  (args.backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identityKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) => {
      const x = args.inputs.x as TensorInfo;
      return x.dtype === "string" ? originalKernel(tf, "Identity").kernelFunc(args) : share(args, x);
    },
  };
}

function castKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "Cast",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) => {
      const x = args.inputs.x as TensorInfo;
      const dtype = (args.attrs ?? {}).dtype;
      return dtype === x.dtype && x.dtype !== "string" ? share(args, x) : originalKernel(tf, "Cast").kernelFunc(args);
    },
  };
}

function gatherKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "GatherV2",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) => {
      const attrs = args.attrs ?? {};
      const x = args.inputs.x as TensorInfo;
      const indices = args.inputs.indices as TensorInfo;
      if ((attrs.batchDims ?? 0) !== 0 || x.dtype === "string") {
        return originalKernel(tf, "GatherV2").kernelFunc(args);
      }
      return withContext(tf, args, (ctx) => {
        const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
        const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
        const size = x.shape[axis];
        const slice = tf.util.sizeFromShape(x.shape.slice(axis + 1));
        const count = tf.util.sizeFromShape(indices.shape);
        const output = ctx.allocate(
          [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)],
          x.dtype as "float32" | "int32",
        );
        const ids = ctx.view(indices);
        for (let i = 0; i < count; i++) {
          const id = ids[i];
          if (!(id >= 0 && id < size)) {
            throw new Error(`GatherV2: the index value ${id} is not in [0, ${size - 1}]`);
          }
        }
        const source = ctx.view(x);
        const target = ctx.view(output);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < count; i++) {
            const from = (o * size + ids[i]) * slice;
            const to = (o * count + i) * slice;
            if (slice >= 16) {
              target.set(source.subarray(from, from + slice), to);
            } else {
              for (let k = 0; k < slice; k++) target[to + k] = source[from + k];
            }
          }
        }
        return output;
      });
    },
  };
}

/** Rows per pooled partial sum: at most this many (short float32 sums), and at least the minimum to be worth it. */
const SUM_CHUNK_ROWS = 1024;
const MIN_SUM_CHUNK_ROWS = 16;

/** The largest divisor of `n` that is at most `limit`. */
function largestDivisorUpTo(n: number, limit: number): number {
  for (let d = Math.min(n, limit); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/** True when `axes` (already non-negative) are exactly 0 … k−1 for some k ≥ 1. */
function isLeadingAxes(axes: number[]): boolean {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length > 0 && sorted.every((axis, i) => axis === i);
}

function sumKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "Sum",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) => {
      const attrs = args.attrs ?? {};
      const x = args.inputs.x as TensorInfo;
      const axes = tf.util.parseAxisParam(attrs.axis as number[], x.shape);
      // Reducing every axis, or only the innermost ones, needs no transpose in wasm either.
      if (x.dtype !== "float32" || !isLeadingAxes(axes) || axes.length === x.shape.length) {
        return originalKernel(tf, "Sum").kernelFunc(args);
      }
      return withContext(tf, args, (ctx) => {
        const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
        const inner = tf.util.sizeFromShape(x.shape.slice(axes.length));
        const keptShape = attrs.keepDims === true
          ? [...axes.map(() => 1), ...x.shape.slice(axes.length)]
          : x.shape.slice(axes.length);
        const chunk = rows >= wasmKernelTuning.sumPoolMinRows ? largestDivisorUpTo(rows, SUM_CHUNK_ROWS) : 0;
        let partials: TensorInfo = x;
        let partialRows = rows;
        let scale = 1;
        if (chunk >= MIN_SUM_CHUNK_ROWS) {
          // The rows as images [rows / chunk, chunk, 1, inner] with one pooling window per image:
          // XNNPACK averages each chunk of rows per channel, and the means times the chunk's size
          // are added in double precision below. On the convnet's [64, 26, 26, 32] this took
          // 0.19 ms, where a product with a ones vector per chunk took 1.8 ms (TensorFlow.js runs
          // a product whose batch is above 1 in a scalar loop, not in XNNPACK).
          partials = ctx.run(
            "AvgPool",
            { x: ctx.reshape(x, [rows / chunk, chunk, 1, inner]) },
            { filterSize: [chunk, 1], strides: [chunk, 1], pad: "valid", dimRoundingMode: undefined } as unknown as NamedAttrMap,
          );
          partialRows = rows / chunk;
          scale = chunk;
        }
        const output = ctx.allocate(keptShape);
        const source = ctx.f32(partials);
        const sum = new Float64Array(inner);
        for (let r = 0; r < partialRows; r++) {
          const base = r * inner;
          for (let k = 0; k < inner; k++) sum[k] += source[base + k] * scale;
        }
        ctx.f32(output).set(sum);
        return output;
      });
    },
  };
}

export function dataMovementKernels(tf: TfModule): KernelConfig[] {
  return [identityKernel(tf), castKernel(tf), gatherKernel(tf), sumKernel(tf)];
}
