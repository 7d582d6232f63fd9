// The client side of a training worker, shared by the CLI and the extension: it starts the
// worker (src/train/worker.ts) as a child process, sends it one request, turns what comes back
// into typed events, stops it on request (and kills it when it does not stop in time), and
// turns a crash of any kind into an `error` event with a clear message, marking the run failed.

import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  isWorkerEvent,
  type DoneEvent,
  type ErrorEvent,
  type EvaluateRequest,
  type EvaluationEvent,
  type TrainRequest,
  type WorkerEvent,
  type WorkerRequest,
} from "../protocol/worker";
import { failRun, type RunPaths } from "./runs";

/** How a job ended: its final event. */
export type Outcome = DoneEvent | EvaluationEvent | ErrorEvent;

export interface ClientOptions {
  /** The worker's entry file; by default dist/worker.js next to the bundle, or worker.ts from source. */
  workerPath?: string;
  /** The Node executable; the extension passes VS Code's own (with ELECTRON_RUN_AS_NODE set). */
  execPath?: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long `stop()` waits for the worker to finish before killing it (default 5 s). */
  stopTimeoutMs?: number;
}

type Listener<T extends WorkerEvent["type"]> = (event: Extract<WorkerEvent, { type: T }>) => void;

const STDERR_TAIL = 4096;

export class WorkerClient {
  /** Resolves with the job's final event, whatever happens to the worker. */
  readonly outcome: Promise<Outcome>;
  private readonly child: ChildProcess;
  private readonly listeners = new Map<string, Set<(event: WorkerEvent) => void>>();
  private readonly stopTimeoutMs: number;
  private final: Outcome | undefined;
  private run: RunPaths | undefined;
  private stderr = "";
  private killReason: string | undefined;
  private stopTimer: NodeJS.Timeout | undefined;

  static train(request: Omit<TrainRequest, "type">, options: ClientOptions = {}): WorkerClient {
    return new WorkerClient({ type: "train", ...request }, options);
  }

  static evaluate(request: Omit<EvaluateRequest, "type">, options: ClientOptions = {}): WorkerClient {
    return new WorkerClient({ type: "evaluate", ...request }, options);
  }

  private constructor(request: WorkerRequest, options: ClientOptions) {
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5000;
    const entry = options.workerPath === undefined ? defaultWorkerEntry() : { file: options.workerPath, execArgv: [] };
    this.child = fork(entry.file, [], {
      execPath: options.execPath ?? process.execPath,
      execArgv: options.execArgv ?? entry.execArgv,
      // Makes VS Code's Electron binary behave as plain Node; harmless under Node itself.
      env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: "1" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    this.child.stdout?.resume();
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    this.outcome = new Promise<Outcome>((resolve) => {
      this.child.on("message", (message: unknown) => {
        if (!isWorkerEvent(message) || this.final !== undefined) return;
        this.receive(message);
        if (this.final !== undefined) resolve(this.final);
      });
      this.child.on("error", (error) => {
        // The process could not start (a wrong execPath, say) or could not be signalled.
        if (this.final === undefined) resolve(this.fail(`the training worker could not start: ${error.message}`));
      });
      this.child.on("exit", (code, signal) => {
        if (this.stopTimer !== undefined) clearTimeout(this.stopTimer);
        if (this.final === undefined) resolve(this.fail(this.exitMessage(code, signal)));
      });
    });
    this.child.send(request);
  }

  /** Calls `listener` for every event of one type; returns a function that unsubscribes. */
  on<T extends WorkerEvent["type"]>(type: T, listener: Listener<T>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    const untyped = listener as (event: WorkerEvent) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  /** Calls `listener` for every event. */
  onEvent(listener: (event: WorkerEvent) => void): () => void {
    const set = this.listeners.get("*") ?? new Set();
    this.listeners.set("*", set);
    set.add(listener);
    return () => set.delete(listener);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the worker to stop after the current batch; kills it if it has not ended in time. */
  stop(): void {
    if (this.final !== undefined || this.child.exitCode !== null) return;
    if (this.child.connected) this.child.send({ type: "stop" } satisfies WorkerRequest);
    this.stopTimer ??= setTimeout(() => {
      this.kill(`the training worker did not stop within ${this.stopTimeoutMs / 1000} s of being asked and was killed.`);
    }, this.stopTimeoutMs);
  }

  /** Ends the worker at once; the run, if one had started, is marked failed. */
  kill(reason = "training was cancelled: the worker was killed."): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killReason ??= reason;
    this.child.kill("SIGKILL");
  }

  private receive(event: WorkerEvent): void {
    if (event.type === "started") this.run = { staging: event.stagingDir, final: event.runDir };
    if (event.type === "error" && event.runDir === undefined && this.run !== undefined) {
      // The worker reported a failure without settling its run (it should have): settle it here,
      // so that no half-written run is left in its staging folder.
      try {
        failRun(this.run, event.message);
        event.runDir = this.run.final;
      } catch {
        // Already reported by fail(), the only other caller that leaves runDir unset.
      }
    }
    if (event.type === "done" || event.type === "evaluation" || event.type === "error") this.final = event;
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
    for (const listener of this.listeners.get("*") ?? []) listener(event);
  }

  /** The error event for a worker that ended without a final event; its run is marked failed. */
  private fail(message: string): ErrorEvent {
    const event: ErrorEvent = { type: "error", message };
    if (this.run !== undefined) {
      try {
        failRun(this.run, message);
        event.runDir = this.run.final;
      } catch (error) {
        event.message += ` (the run folder ${this.run.staging} could not be marked failed: ${(error as Error).message})`;
      }
    }
    this.receive(event);
    return event;
  }

  private exitMessage(code: number | null, signal: NodeJS.Signals | null): string {
    if (this.killReason !== undefined) return this.killReason;
    if (/heap out of memory|Allocation failed/i.test(this.stderr)) {
      return "the training worker ran out of memory. Use a smaller batch size, a smaller model, or less data (e.g. mnist({ limit: 10000 })).";
    }
    const last = this.stderr
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .pop();
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    return `the training worker ${how} before finishing${last === undefined ? "" : `: ${last}`}.`;
  }
}

/**
 * The worker next to this module: `worker.js` once bundled (dist/ holds cli.js, extension.js and
 * worker.js side by side), else `worker.ts` run through tsx when working from the sources.
 */
export function defaultWorkerEntry(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, "worker.js");
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = path.join(__dirname, "worker.ts");
  // tsx is a development dependency, present only where the sources are; named through a
  // variable so that bundlers do not try to resolve it at build time.
  const typescriptLoader = "tsx/cjs";
  if (fs.existsSync(source)) return { file: source, execArgv: ["--require", require.resolve(typescriptLoader)] };
  throw new Error(`the training worker is missing: neither ${bundled} nor ${source} exists. Run npm run build.`);
}
