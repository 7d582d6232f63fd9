// The part of the TensorFlow.js module the wasm training kernels use. It is taken as a parameter
// instead of imported, so that the caller's copy of TensorFlow.js (@tensorflow/tfjs, or
// @tensorflow/tfjs-node, which re-exports it) is the one whose kernel registry is changed.
import type * as tfjs from "@tensorflow/tfjs";

export type TfModule = Pick<
  typeof tfjs,
  | "registerKernel"
  | "unregisterKernel"
  | "getKernel"
  | "backend_util"
  | "util"
  | "setBackend"
  | "getBackend"
  | "findBackend"
  | "backend"
  | "env"
  | "ready"
>;

export type KernelConfig = tfjs.KernelConfig;
export type KernelFunc = tfjs.KernelFunc;
export type TensorInfo = tfjs.TensorInfo;
export type NamedAttrMap = tfjs.NamedAttrMap;
export type NamedTensorInfoMap = tfjs.NamedTensorInfoMap;
export type Conv2DInfo = tfjs.backend_util.Conv2DInfo;

/** The arguments TensorFlow.js passes to every kernel function. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: object;
  attrs?: NamedAttrMap;
}
