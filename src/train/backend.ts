// Chooses and starts the TensorFlow.js backend the worker trains on, fastest first: the native
// TensorFlow binding when it loads, then WebAssembly, then plain JavaScript. Every backend shares
// one `tf` module, so the rest of the worker never cares which one runs.

import type * as tfjs from "@tensorflow/tfjs";
import type { Backend, BackendChoice } from "../protocol/worker";
import { registerDilatedConvGradients } from "./gradients/dilatedConv";
import { coreCount, setupWasmBackend, WASM_MAX_THREADS } from "./wasm";

export type TF = typeof tfjs;

export interface LoadedBackend {
  tf: TF;
  backend: Backend;
  /** XNNPACK's threads on wasm (the calling thread included); absent on other backends. */
  threads?: number;
  /** Why faster backends were passed over (for a `log` event), empty when the first one loaded. */
  notes: string[];
}

/** A backend that was asked for by name and cannot start. */
export class BackendError extends Error {}

/** In `auto` mode, the order in which backends are tried. */
const AUTO_ORDER: Backend[] = ["tensorflow", "wasm", "cpu"];

export interface BackendOptions {
  /** Threads for the wasm backend; absent or 0 chooses from the work per batch (see below). */
  threads?: number;
  /** Forward-pass FLOPs of one batch (the core's FLOPs per example × batch size), when known. */
  flopsPerBatch?: number | null;
}

/**
 * Below this many forward-pass FLOPs per batch the wasm backend stays on one thread. Waking the
 * pool costs tens of microseconds per kernel, which small models pay on each of their ≈ 60 small
 * kernels per step: measured with `npx tsx bench/train/profile.ts mlp --threads N`, the MLP
 * (13 MFLOP per batch of 64) took 9.6 ms per step on one thread and 13.9 ms on two, while the
 * convnet (312 MFLOP per batch) went from 83 to 70 ms (docs/training-performance.md).
 */
export const WASM_THREADS_MIN_FLOPS_PER_BATCH = 50e6;

/**
 * The wasm thread count for a job: the one asked for, else every core (up to the build's
 * maximum) for heavy batches. A count asked for above the maximum is passed on, so that the
 * worker's log says how many threads run.
 */
export function wasmThreadsFor({ threads, flopsPerBatch }: BackendOptions, cores = coreCount()): number {
  if (threads !== undefined && threads > 0) return Math.floor(threads);
  return flopsPerBatch != null && flopsPerBatch >= WASM_THREADS_MIN_FLOPS_PER_BATCH ? Math.min(cores, WASM_MAX_THREADS) : 1;
}

export async function loadBackend(choice: BackendChoice, options: BackendOptions = {}): Promise<LoadedBackend> {
  const candidates = choice === "auto" ? AUTO_ORDER : [choice];
  const notes: string[] = [];
  for (const backend of candidates) {
    try {
      const started = await start(backend, options);
      registerDilatedConvGradients(started.tf); // tfjs-core has no gradient for dilation > 1 (src/train/gradients).
      if (started.note !== undefined) notes.push(started.note);
      return started.threads === undefined ? { tf: started.tf, backend, notes } : { tf: started.tf, backend, threads: started.threads, notes };
    } catch (error) {
      const reason = `the ${backend} backend is unavailable: ${firstLine(error)}`;
      if (choice !== "auto") throw new BackendError(`${reason}. Use --backend auto to pick the fastest one that works.`);
      notes.push(reason);
    }
  }
  // The cpu backend is plain JavaScript inside @tensorflow/tfjs itself; reaching this line means
  // the installation is broken, not that the machine lacks something.
  throw new BackendError(`no TensorFlow.js backend could start (${notes.join("; ")}).`);
}

interface Started {
  tf: TF;
  threads?: number;
  /** Something the user should know about a backend that started (for a `log` event). */
  note?: string;
}

async function start(backend: Backend, options: BackendOptions): Promise<Started> {
  switch (backend) {
    case "tensorflow": {
      // An optional dependency that needs a native library; where it is missing or cannot load,
      // require throws and `auto` falls back to wasm. It is named through a variable because it
      // is usually not installed, so its types cannot be imported either.
      const nativePackage = "@tensorflow/tfjs-node";
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tf = require(nativePackage) as TF;
      await select(tf, "tensorflow");
      return { tf };
    }
    case "wasm": {
      const tf = await import("@tensorflow/tfjs");
      quiet(tf);
      // Sets the path of the .wasm binaries, selects wasm and registers the training kernels
      // that make it fast and correct for backpropagation (src/train/wasm).
      const setup = await setupWasmBackend(tf, { threads: wasmThreadsFor(options) });
      const note = setup.threadsError === undefined ? undefined : `the wasm backend runs on ${setup.threads} thread${setup.threads === 1 ? "" : "s"}: ${setup.threadsError}`;
      return note === undefined ? { tf, threads: setup.threads } : { tf, threads: setup.threads, note };
    }
    case "cpu": {
      const tf = await import("@tensorflow/tfjs");
      quiet(tf);
      await select(tf, "cpu");
      return { tf };
    }
  }
}

async function select(tf: TF, name: string): Promise<void> {
  // setBackend reports a failed initialisation by resolving to false, not by throwing.
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TensorFlow.js could not initialise "${name}"`);
  await tf.ready();
}

/**
 * Production mode turns off TensorFlow.js's debug checks and its console advice to install
 * tfjs-node, which would otherwise land in the worker's output as noise.
 */
function quiet(tf: TF): void {
  tf.enableProdMode();
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].trim();
}
