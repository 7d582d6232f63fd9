// Replacing a kernel in TensorFlow.js's global registry loses the original unless it is kept:
// the replacements still call the wasm backend's own kernels for their fast paths, and
// `unregisterWasmTrainingKernels` puts the originals back (the benchmark measures both).
import type { KernelConfig, TfModule } from "./tf_types";

export const WASM = "wasm";

/** The wasm backend's own kernels that a replacement displaced, by kernel name. */
const originals = new Map<string, KernelConfig>();

/** Every config this module registered, so that registering twice is a no-op. */
const ours = new WeakSet<KernelConfig>();

export function originalKernel(tf: TfModule, name: string): KernelConfig {
  const config = originals.get(name) ?? tf.getKernel(name, WASM);
  if (config === undefined) {
    throw new Error(`wasm training kernels: the wasm backend has no kernel ${name}.`);
  }
  return config;
}

/** True when `name` has a wasm kernel of its own (ignoring ours). */
export function hasOriginalKernel(tf: TfModule, name: string): boolean {
  const current = tf.getKernel(name, WASM);
  return originals.has(name) || (current !== undefined && !ours.has(current));
}

export function isOurs(config: KernelConfig | undefined): boolean {
  return config !== undefined && ours.has(config);
}

/**
 * Registers `config` on the wasm backend in place of the current kernel of that name. The
 * original's setup function is carried over: the engine runs setup functions only for kernels
 * in the registry when the backend starts, and the original's closure (its binding to the
 * compiled wasm function) is what the replacement falls back to.
 */
export function replaceKernel(tf: TfModule, config: KernelConfig): void {
  const current = tf.getKernel(config.kernelName, WASM);
  if (isOurs(current)) return;
  const replacement: KernelConfig = { ...config, backendName: WASM };
  if (current !== undefined) {
    originals.set(config.kernelName, current);
    if (current.setupFunc !== undefined) replacement.setupFunc = current.setupFunc;
    tf.unregisterKernel(config.kernelName, WASM);
  }
  ours.add(replacement);
  tf.registerKernel(replacement);
}

/** Removes our kernel `name` and restores the wasm backend's own, where it had one. */
export function restoreKernel(tf: TfModule, name: string): void {
  const current = tf.getKernel(name, WASM);
  if (!isOurs(current)) return;
  tf.unregisterKernel(name, WASM);
  const original = originals.get(name);
  if (original !== undefined) {
    tf.registerKernel(original);
    originals.delete(name);
  }
}
