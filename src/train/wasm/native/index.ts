// NN Studio's own WebAssembly kernels (native/kernels.c), instantiated against the TensorFlow.js
// wasm backend's memory so that they read and write tensors where the backend keeps them: a
// pointer is a tensor's byte offset on the backend's heap.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { TensorInfo } from "../tf_types";
import { KERNELS_SHARED_MEMORY_WASM, KERNELS_WASM } from "./binaries";

export interface NativeKernels {
  adam(
    xOut: number, mOut: number, vOut: number, x: number, g: number, m: number, v: number, n: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    d1: number, d2: number, epsilon: number, negativeLearningRate: number,
  ): void;
  /** c[m×n] = a[m×k]·b[k×n] (+ bias[n]; pointer 0 for none), then ReLU when relu is 1. */
  gemm(c: number, a: number, b: number, bias: number, m: number, k: number, n: number, relu: number): void;
  /** MaxPoolGrad, NHWC, for kh×kw windows that tile the input; writes all of dx. */
  maxPoolGradTiled(
    dx: number, x: number, dy: number, batch: number, height: number, width: number, channels: number,
    kh: number, kw: number, outHeight: number, outWidth: number,
  ): void;
  /** Conv2D's filter gradient [kh, kw, cin, cout] from x already padded to [batch, hp, wp, cin], dilation 1. */
  conv2dFilterGrad(
    dw: number, x: number, dy: number, batch: number, hp: number, wp: number, cin: number,
    ho: number, wo: number, cout: number, kh: number, kw: number, sh: number, sw: number,
  ): void;
  /** dz = dy where y > 0, 0 where y ≤ 0, NaN where y is NaN (the ReLU gradient from its output). */
  reluGrad(dz: number, dy: number, y: number, n: number): void;
}

/** The parts of the Emscripten module the backend keeps as `backend.wasm` that hold its memory. */
interface EmscriptenMemory {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<WebAssembly.Memory, NativeKernels>();

function backendMemory(backend: BackendWasm): WebAssembly.Memory {
  const module = backend.wasm as unknown as EmscriptenMemory;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error("wasm training kernels: the TensorFlow.js wasm backend does not expose its memory.");
  }
  return memory;
}

/** The kernels, linked to `backend`'s memory (instantiated once per memory). */
export function nativeKernels(backend: BackendWasm): NativeKernels {
  const memory = backendMemory(backend);
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    // The threaded build's memory is shared, and a module must declare that to import it.
    const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? KERNELS_SHARED_MEMORY_WASM : KERNELS_WASM, "base64");
    // Every Node and Electron that runs TensorFlow.js's SIMD build validates it; say so plainly where one does not.
    if (!WebAssembly.validate(bytes)) {
      throw new Error("NN Studio's wasm training kernels need WebAssembly SIMD, which this JavaScript runtime lacks; train with --backend cpu.");
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const exports = instance.exports as Record<string, (...args: number[]) => void>;
    kernels = {
      adam: exports.adam,
      gemm: exports.gemm,
      maxPoolGradTiled: exports.max_pool_grad_tiled,
      conv2dFilterGrad: exports.conv2d_filter_grad,
      reluGrad: exports.relu_grad,
    } as NativeKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** A tensor's byte offset on the backend's heap: what the kernels take as a pointer. */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}
