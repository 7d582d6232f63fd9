// A kernel that builds on other wasm kernels calls their kernel functions directly, as the wasm
// backend's own kernels do, instead of going through tf ops: an op called inside a kernel would
// be recorded on the gradient tape and tracked by the engine. Intermediate results live on the
// wasm heap and are freed when the kernel finishes.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { originalKernel } from "./kernel_registry";
import type { KernelArgs, NamedAttrMap, NamedTensorInfoMap, TensorInfo, TfModule } from "./tf_types";

export class WasmContext {
  private readonly temporaries: TensorInfo[] = [];

  constructor(
    readonly tf: TfModule,
    readonly backend: BackendWasm,
  ) {}

  static of(tf: TfModule, args: KernelArgs): WasmContext {
    return new WasmContext(tf, args.backend as BackendWasm);
  }

  /** Runs the wasm backend's own kernel `name` (the original, where ours replaced it). */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = originalKernel(this.tf, name);
    const result = config.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(result)) {
      throw new Error(`wasm training kernels: kernel ${name} returned several outputs where one was expected.`);
    }
    return this.track(result);
  }

  /** Allocates an output on the wasm heap; `zeroed` clears it (malloc does not). */
  allocate(shape: number[], dtype: "float32" | "int32" = "float32", zeroed = false): TensorInfo {
    const info = this.track(this.backend.makeOutput(shape, dtype));
    if (zeroed) this.view(info).fill(0);
    return info;
  }

  /**
   * The tensor's elements as a view of the wasm heap. Take views only after the last allocation
   * of the kernel: an allocation may grow the heap, which detaches earlier views.
   */
  view(info: TensorInfo): Float32Array | Int32Array | Uint8Array {
    return this.backend.typedArrayFromHeap(info) as Float32Array | Int32Array | Uint8Array;
  }

  f32(info: TensorInfo): Float32Array {
    if (info.dtype !== "float32") {
      throw new Error(`wasm training kernels: expected a float32 tensor, got ${info.dtype}.`);
    }
    return this.backend.typedArrayFromHeap(info) as Float32Array;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run("Transpose", { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run("Reshape", { x }, { shape });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run("Slice", { x }, { begin, size });
  }

  /** The wasm (XNNPACK) matrix product, called only without transposes: its fast path. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });
  }

  /** The wasm (XNNPACK) convolution, channels last, with explicit padding. */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    pad: { top: number; bottom: number; left: number; right: number },
    dilations: [number, number] = [1, 1],
  ): TensorInfo {
    return this.run(
      "Conv2D",
      { x, filter },
      {
        strides: [1, 1],
        dilations,
        pad: [[0, 0], [pad.top, pad.bottom], [pad.left, pad.right], [0, 0]],
        dataFormat: "NHWC",
        dimRoundingMode: undefined,
      } as unknown as NamedAttrMap,
    );
  }

  /** Hands `info` to the caller: it is not freed with the temporaries. */
  keep(info: TensorInfo): TensorInfo {
    const index = this.temporaries.lastIndexOf(info);
    if (index >= 0) this.temporaries.splice(index, 1);
    return info;
  }

  /** Frees every intermediate result this context made and was not asked to keep. */
  dispose(): void {
    for (const info of this.temporaries) this.backend.disposeData(info.dataId);
    this.temporaries.length = 0;
  }

  private track(info: TensorInfo): TensorInfo {
    this.temporaries.push(info);
    return info;
  }
}

/** Runs `body` with a fresh context and frees its temporaries afterwards, also on error. */
export function withContext(tf: TfModule, args: KernelArgs, body: (ctx: WasmContext) => TensorInfo): TensorInfo {
  const ctx = WasmContext.of(tf, args);
  try {
    return ctx.keep(body(ctx));
  } finally {
    ctx.dispose();
  }
}
