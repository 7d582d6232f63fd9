// XNNPACK's thread pool for the wasm backend under Node.
//
// TensorFlow.js ships a threaded wasm build (Emscripten pthreads) but never uses it under Node:
// its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there (tfjs issue 3830), and the build's
// glue would fail anyway, because it starts its pthread workers from blob: URLs, which Node's
// worker_threads cannot load, and the worker evaluates a copy of the glue whose free variables
// (require$$0…, commonjsGlobal) only exist inside the tfjs bundle. Three more facts shape this
// file:
// - the build caps its pool at emscripten_num_logical_cores() / 2 (it assumes two hyperthreads
//   per core), which is 1 on a two-core machine without SMT: during start-up os.cpus() reports
//   each core twice, so the pool gets as many threads as asked for;
// - the glue creates its workers with `new Worker(url)` on the global Worker it sets itself; a
//   global accessor hands it a worker_threads Worker that evaluates the worker script in place;
// - both scripts reach the glue as Blobs; a recording Blob class keeps their text while the
//   backend starts.
// Only start-up is patched; Blob and os.cpus are restored afterwards. The
// Worker accessor stays, as the glue's own global Worker would: Emscripten may start another
// worker later.
import * as os from "os";
import { Worker as NodeWorker } from "worker_threads";

/** What the glue's scripts reference but only the tfjs bundle defines. */
const WORKER_PRELUDE = `
var require$$0 = require("fs"), require$$1 = require("path"), require$$3 = require("perf_hooks"), require$$4 = require("os");
Object.assign(globalThis, { require$$0, require$$1, require$$3, require$$4, commonjsGlobal: globalThis });
`;

/**
 * Runs after Emscripten's worker script: the "load" message carries the glue as a Blob, which
 * its importScripts (a file read under Node) cannot open; the glue's text comes in workerData.
 */
const WORKER_EPILOGUE = `
;(function () {
  var glue = require("worker_threads").workerData.nnStudioGlue;
  var handle = self.onmessage;
  self.onmessage = function (e) {
    if (e.data && e.data.cmd === "load") {
      self.importScripts = function () { (0, eval)(glue); };
      e.data.urlOrBlob = "nn-studio:glue";
    }
    return handle(e);
  };
})();
`;

/** The texts of the two scripts, captured from the Blobs tfjs builds them in. */
interface ThreadedScripts {
  worker?: string;
  glue?: string;
}

const scripts: ThreadedScripts = {};

/** Why the last pthread worker failed to start: the glue and tfjs report only "failed to start". */
let workerStartFailure: unknown;

/** The global Worker the glue finds: a pthread worker for its scripts, else worker_threads'. */
class PthreadWorker extends NodeWorker {
  constructor(url: string | URL, options?: ConstructorParameters<typeof NodeWorker>[1]) {
    if (String(url).startsWith("blob:") && scripts.worker !== undefined && scripts.glue !== undefined) {
      try {
        super(WORKER_PRELUDE + scripts.worker + WORKER_EPILOGUE, { eval: true, workerData: { nnStudioGlue: scripts.glue } });
      } catch (error) {
        workerStartFailure = error;
        throw error;
      }
    } else {
      super(url, options);
    }
  }
}

function installWorkerAccessor(): void {
  // The glue assigns global.Worker = worker_threads.Worker when it starts; that assignment is
  // ignored so that its `new Worker(...)` finds the class above.
  Object.defineProperty(globalThis, "Worker", {
    configurable: true,
    get: () => PthreadWorker,
    set: () => undefined,
  });
}

/** Records the text of every Blob built from strings while `run` is pending. */
async function recordingBlobs<T>(run: () => Promise<T>): Promise<T> {
  const RealBlob = globalThis.Blob;
  class RecordingBlob extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).every((part) => typeof part === "string") ? (parts ?? []).join("") : "";
      // The glue is "var WasmBackendModuleThreadedSimd = function…"; the worker script starts
      // with "use strict" and defines the onmessage handler the glue talks to.
      if (text.startsWith("var WasmBackendModuleThreadedSimd")) scripts.glue = text;
      else if (text.includes("WasmBackendModuleThreadedSimd(Module)")) scripts.worker = text;
    }
  }
  globalThis.Blob = RecordingBlob;
  try {
    return await run();
  } finally {
    globalThis.Blob = RealBlob;
  }
}

/** Makes os.cpus() report every core twice while `run` is pending (see the top of the file). */
async function doubledCpuCount<T>(run: () => Promise<T>): Promise<T> {
  // The namespace import is a copy under some module loaders; the require()d object is the one
  // the tfjs bundle calls.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const osModule = require("os") as typeof os;
  const cpus = osModule.cpus;
  osModule.cpus = () => {
    const list = cpus();
    return [...list, ...list];
  };
  try {
    return await run();
  } finally {
    osModule.cpus = cpus;
  }
}

export interface ThreadsBackendModule {
  setThreadsCount(count: number): void;
  getThreadsCount(): number;
}

export interface ThreadsEnvironment {
  env(): { set(name: string, value: boolean): void };
}

/**
 * Starts the threaded wasm build with `threads` threads (the calling thread counts as one) by
 * running `start` (which selects the wasm backend) with the patches above in place.
 */
export async function startWithThreads(
  tf: ThreadsEnvironment,
  wasm: ThreadsBackendModule,
  threads: number,
  start: () => Promise<void>,
): Promise<void> {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
  installWorkerAccessor();
  workerStartFailure = undefined;
  try {
    await recordingBlobs(() => doubledCpuCount(start));
  } catch (error) {
    if (workerStartFailure === undefined) throw error;
    const reason = workerStartFailure instanceof Error ? workerStartFailure.message : String(workerStartFailure);
    throw new Error(`its thread pool could not start a worker thread (${reason})`);
  }
}

interface EmscriptenPthreads {
  PThread?: { runningWorkers: NodeWorker[]; unusedWorkers: NodeWorker[] };
}

/**
 * After start-up: Emscripten starts a fixed pool of 8 workers (the build's PTHREAD_POOL_SIZE)
 * whatever the thread count, each holding its own instance of the module; those left idle are
 * terminated (≈ 75 MB with 2 threads; the glue starts a new one should it ever need it). And the
 * process may exit while the pool's threads wait for work: the glue keeps a reference on every
 * worker that runs a pthread, and XNNPACK's threads run until the process ends.
 */
export function releasePthreadWorkers(module: object): void {
  const pthreads = (module as EmscriptenPthreads).PThread;
  if (pthreads === undefined) return;
  for (const worker of pthreads.unusedWorkers.splice(0)) void worker.terminate();
  for (const worker of pthreads.runningWorkers) worker.unref();
}

/**
 * The most threads the build runs: its pool holds 8 workers and its C side caps the count at 8
 * (tfjs-backend-wasm's max_num_threads).
 */
export const WASM_MAX_THREADS = 8;

/** How many cores this machine has: the default thread count. */
export function coreCount(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
