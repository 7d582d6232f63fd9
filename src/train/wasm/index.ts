// TensorFlow.js's wasm backend as a training backend. Out of the box it cannot train a
// convolution (no Conv2DBackpropFilter), gets max-pooling gradients wrong for windows whose
// maximum is ≤ 0, and runs every transposed matrix product of backpropagation in a scalar loop.
// The kernels registered here fix that in JavaScript, with no rebuilt wasm binary: they
// rearrange the work so that XNNPACK's fast paths do it, or run short loops on the wasm heap.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as path from "path";
import { routeFusedConvolutions } from "../gradients/fusedConv";
import type { TF } from "../gradients/atrous";
import { adamUpdateKernel } from "./adam";
import { conv2dReluKernel, registerConv2dReluGradient, reluGradKernel } from "./conv_relu";
import { categoricalCrossentropyGradKernel, categoricalCrossentropyKernel, registerCategoricalCrossentropyGradient } from "./crossentropy";
import { conv2dBackpropFilterKernel } from "./conv2d_backprop_filter";
import { conv2dBackpropInputKernel } from "./conv2d_backprop_input";
import { dataMovementKernels } from "./data_movement";
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from "./depthwise_conv2d_backprop";
import { replaceKernel, restoreKernel } from "./kernel_registry";
import { matMulKernels } from "./mat_mul";
import { maxPoolGradKernel } from "./max_pool_grad";
import type { KernelConfig, TfModule } from "./tf_types";
import { releasePthreadWorkers, startWithThreads } from "./threads";
import { unsortedSegmentSumKernel } from "./unsorted_segment_sum";

export type { TfModule } from "./tf_types";

function trainingKernels(tf: TfModule): KernelConfig[] {
  return [
    ...matMulKernels(tf),
    conv2dBackpropFilterKernel(tf),
    conv2dBackpropInputKernel(tf),
    maxPoolGradKernel(tf),
    depthwiseBackpropFilterKernel(tf),
    depthwiseBackpropInputKernel(tf),
    unsortedSegmentSumKernel(tf),
    ...dataMovementKernels(tf),
    adamUpdateKernel(),
    reluGradKernel(),
    conv2dReluKernel(tf),
    categoricalCrossentropyKernel(tf),
    categoricalCrossentropyGradKernel(tf),
  ];
}

/** The kernel names `registerWasmTrainingKernels` replaces or adds on the wasm backend. */
export const WASM_TRAINING_KERNEL_NAMES: readonly string[] = [
  "BatchMatMul",
  "_FusedMatMul",
  "Conv2DBackpropFilter",
  "Conv2DBackpropInput",
  "MaxPoolGrad",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "UnsortedSegmentSum",
  "Identity",
  "Cast",
  "GatherV2",
  "Sum",
  "NNStudioAdamUpdate",
  "NNStudioReluGrad",
  "NNStudioConv2DRelu",
  "NNStudioCategoricalCrossentropy",
  "NNStudioCategoricalCrossentropyGrad",
];

/**
 * Registers the training kernels on the "wasm" backend, replacing the wasm backend's own where
 * it has one. Calling it again changes nothing. It may run before or after the backend starts.
 */
export function registerWasmTrainingKernels(tf: TfModule): void {
  for (const config of trainingKernels(tf)) replaceKernel(tf, config);
  // conv2d + ReLU under a tape stays one fused kernel where that kernel is registered.
  registerConv2dReluGradient(tf as unknown as TF);
  registerCategoricalCrossentropyGradient(tf as unknown as TF);
  routeFusedConvolutions(tf as unknown as TF);
}

/** Puts the wasm backend's own kernels back (the benchmark measures wasm with and without). */
export function unregisterWasmTrainingKernels(tf: TfModule): void {
  for (const name of WASM_TRAINING_KERNEL_NAMES) restoreKernel(tf, name);
}

/** The folder holding the .wasm binaries, with the trailing slash `setWasmPaths` expects. */
export function wasmBinaryFolder(): string {
  // The package's Node entry point is dist/tf-backend-wasm.node.js, next to the binaries.
  return path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep;
}

export interface WasmSetupOptions {
  /** Register the training kernels (default); false uses and restores the backend's own. */
  kernels?: boolean;
  /**
   * XNNPACK threads, the calling thread included (default 1: the single-threaded build). Takes
   * effect only when the backend starts, i.e. on the first call in a process.
   */
  threads?: number;
}

/**
 * Points the wasm backend at its binaries, selects it, and registers the training kernels; with
 * `kernels: false` the wasm backend's own kernels are used (and restored, if ours were
 * registered before). Rejects if the backend cannot start.
 */
export interface WasmSetup {
  /** XNNPACK's threads, the calling thread included. */
  threads: number;
  /** Why more threads were asked for than the backend runs on, when it could not start them. */
  threadsError?: string;
}

export async function setupWasmBackend(tf: TfModule, { kernels = true, threads = 1 }: WasmSetupOptions = {}): Promise<WasmSetup> {
  // Importing the package registers the "wasm" backend with the engine.
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const starting = tf.findBackend("wasm") === null;
  if (starting) wasm.setWasmPaths(wasmBinaryFolder());
  if (kernels) registerWasmTrainingKernels(tf);
  else unregisterWasmTrainingKernels(tf);
  const select = async () => {
    if (!(await tf.setBackend("wasm"))) {
      throw new Error("The TensorFlow.js wasm backend failed to start.");
    }
    await tf.ready();
  };
  let threadsError: string | undefined;
  if (starting && threads > 1) {
    try {
      await startWithThreads(tf, wasm, threads, select);
      releasePthreadWorkers((tf.backend() as BackendWasm).wasm);
    } catch (error) {
      // The threaded build could not start (no worker_threads or SharedArrayBuffer, or a glue
      // this file does not know): the single-threaded build still can. The engine retries a
      // backend whose start failed, and the binaries' folder is already set.
      threadsError = error instanceof Error ? error.message : String(error);
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
      wasm.setThreadsCount(1);
      await select();
    }
  } else {
    await select();
  }
  const running = await wasmThreadCount();
  // A pool that could not create its threads leaves XNNPACK single-threaded without an error.
  if (threadsError === undefined && starting && running < threads) threadsError = `XNNPACK started ${running} of ${threads} threads`;
  return threadsError === undefined ? { threads: running } : { threads: running, threadsError };
}

/** How many threads XNNPACK runs on (1 until the backend has started with more). */
export async function wasmThreadCount(): Promise<number> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // -1 means the build made no thread pool, which is one thread.
  return Math.max(1, wasm.getThreadsCount());
}

export { coreCount, WASM_MAX_THREADS } from "./threads";
export { wasmKernelTuning } from "./tuning";
