// `nn-studio train <file>`: trains a model in a worker process and saves the run. On a terminal
// it draws a progress bar per epoch and ends with the test metrics; with --json it prints one
// JSON object per line (started, epoch…, then done or error) for scripts and CI.

import * as fs from "fs";
import * as path from "path";
import { type DoneEvent, type ErrorEvent, type Logs, type StartedEvent, type TrainRequest, type WorkerEvent } from "../protocol/worker";
import { WorkerClient, type ClientOptions } from "../train/client";
import { parseArgs } from "./args";
import { BACKEND_ARG_NAMES, parseBackendArgs } from "./backendArgs";
import { CliError } from "./errors";
import type { CommandIO } from "./io";

const BAR_WIDTH = 30;

export interface TrainCommandOptions {
  /** How the worker is started (tests run it from the sources). */
  client?: ClientOptions;
  /** Ctrl-C stops after the current batch, a second one kills; tests leave signals alone. */
  handleSignals?: boolean;
}

export async function runTrainCommand(argv: string[], io: CommandIO, options: TrainCommandOptions = {}): Promise<number> {
  const args = parseArgs(argv, { booleans: ["json"], values: ["model", "epochs", ...BACKEND_ARG_NAMES, "workspace", "data-path"] }, "train");
  if (args.positionals.length !== 1) throw new CliError("train: give exactly one model file, e.g. nn-studio train examples/spiral.nn.ts");
  const file = args.positionals[0];
  if (!fs.existsSync(file)) throw new CliError(`train: no such file: ${file}`);
  if (fs.statSync(file).isDirectory()) throw new CliError(`train: ${file} is a folder; give a model file.`);

  const request: Omit<TrainRequest, "type"> = { file: path.resolve(file), ...parseBackendArgs(args, "train") };
  const model = args.values.get("model");
  if (model !== undefined) request.model = model;
  const epochs = args.values.get("epochs");
  if (epochs !== undefined) {
    if (!/^[1-9][0-9]*$/.test(epochs)) throw new CliError(`train: --epochs must be a positive integer, not '${epochs}'.`);
    request.epochs = Number(epochs);
  }
  const workspace = args.values.get("workspace");
  if (workspace !== undefined) request.workspace = path.resolve(workspace);
  const dataPath = args.values.get("data-path");
  if (dataPath !== undefined) request.dataPath = path.resolve(dataPath);
  const json = args.flags.has("json");
  // Batch events only feed the bar; JSON and plain logs print whole epochs.
  request.batchEventsPerSecond = io.isTTY && !json ? 10 : 0;

  const client = WorkerClient.train(request, options.client);
  const printer = json ? new JsonPrinter(io) : new TextPrinter(io, file);
  client.onEvent((event) => printer.event(event));

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      io.err("Stopping after the current batch… (Ctrl-C again to kill)");
      client.stop();
    } else client.kill("training was cancelled with Ctrl-C.");
  };
  if (options.handleSignals ?? true) process.on("SIGINT", onInterrupt);
  try {
    const outcome = await client.outcome;
    return outcome.type === "error" ? 1 : 0;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

interface Printer {
  event(event: WorkerEvent): void;
}

/** One JSON object per line: started, epoch…, then done or error. */
class JsonPrinter implements Printer {
  constructor(private readonly io: CommandIO) {}

  event(event: WorkerEvent): void {
    switch (event.type) {
      case "started":
      case "epoch":
      case "error":
        this.io.out(JSON.stringify(event));
        return;
      case "done": {
        // The full evaluation (curves, matrices) is in the run's evaluation.json.
        const { evaluation: _evaluation, ...line } = event;
        this.io.out(JSON.stringify(line));
        return;
      }
      case "log":
        if (event.level === "warning") this.io.err(`warning: ${event.message}`);
        return;
      case "batch":
      case "progress":
      case "evaluation":
        return;
    }
  }
}

/** A progress bar per epoch on a terminal (plain lines otherwise), then the test metrics. */
class TextPrinter implements Printer {
  private started: StartedEvent | undefined;
  private barShown = false;

  constructor(
    private readonly io: CommandIO,
    private readonly file: string,
  ) {}

  event(event: WorkerEvent): void {
    switch (event.type) {
      case "started":
        this.started = event;
        this.io.out(startedLine(event, this.file));
        return;
      case "batch":
        if (this.io.isTTY && this.io.write !== undefined && this.started !== undefined) {
          const done = event.batch + 1;
          this.io.write(`\r${epochLabel(event.epoch + 1, this.started.epochs)} ${bar(done / event.batchesPerEpoch)} ${done}/${event.batchesPerEpoch} · ${formatLogs(event.logs)}\x1b[K`);
          this.barShown = true;
        }
        return;
      case "epoch":
        this.clearBar();
        this.io.out(`${epochLabel(event.epoch, event.epochs)} ${this.io.isTTY ? bar(1) + " " : ""}${formatLogs(event.logs)} · ${formatSeconds(event.durationMs)}`);
        return;
      case "progress":
        if (this.io.isTTY && this.io.write !== undefined) {
          const share = event.total === null ? `${formatBytes(event.done)}` : `${Math.floor((100 * event.done) / event.total)} %`;
          this.io.write(`\r${event.what}: ${share}\x1b[K`);
          this.barShown = true;
        }
        return;
      case "log":
        // Information (a backend passed over, a metric computed only at the end) is in the run
        // record; only warnings need the user's attention now.
        if (event.level !== "warning") return;
        this.clearBar();
        this.io.err(`warning: ${event.message}`);
        return;
      case "done":
        this.clearBar();
        this.done(event);
        return;
      case "error":
        this.clearBar();
        this.error(event);
        return;
      case "evaluation":
        return;
    }
  }

  private done(event: DoneEvent): void {
    const how =
      event.status === "stopped"
        ? `Stopped on request after ${event.epochs} epoch${event.epochs === 1 ? "" : "s"}.`
        : event.stopReason === "early-stopping"
          ? `Early stopping ended training after ${event.epochs} epochs.`
          : `Trained ${event.epochs} epoch${event.epochs === 1 ? "" : "s"}.`;
    this.io.out(how);
    if (event.evaluation !== null) this.io.out(`Test (${event.evaluation.samples.toLocaleString("en-US")} examples): ${formatLogs(event.test)}`);
    this.io.out(`Saved the run to ${displayPath(event.runDir)}`);
  }

  private error(event: ErrorEvent): void {
    for (const d of event.diagnostics ?? []) this.io.err(`${this.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
    this.io.err(`nn-studio train: ${event.message}`);
    if (event.runDir !== undefined) this.io.err(`The run is kept, marked failed, in ${displayPath(event.runDir)}`);
  }

  private clearBar(): void {
    if (this.barShown && this.io.write !== undefined) this.io.write("\r\x1b[K");
    this.barShown = false;
  }
}

function startedLine(event: StartedEvent, file: string): string {
  const s = event.samples;
  const split = [`${s.train.toLocaleString("en-US")} training`, s.validation > 0 ? `${s.validation.toLocaleString("en-US")} validation` : "", `${s.test.toLocaleString("en-US")} test`]
    .filter((part) => part !== "")
    .join(" / ");
  return (
    `Training ${event.model} (${path.basename(file)}) on ${backendLabel(event)}: ${event.parameters.total.toLocaleString("en-US")} parameters, ` +
    `${split} examples, ${event.epochs} epoch${event.epochs === 1 ? "" : "s"} of ${event.batchesPerEpoch} batches, seed ${event.seed}.`
  );
}

/** "wasm (2 threads)", or the backend's name alone. */
export function backendLabel({ backend, threads }: { backend: string; threads?: number }): string {
  return threads === undefined ? backend : `${backend} (${threads} thread${threads === 1 ? "" : "s"})`;
}

function epochLabel(epoch: number, epochs: number): string {
  const width = String(epochs).length;
  return `Epoch ${String(epoch).padStart(width)}/${epochs}`;
}

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(fraction * BAR_WIDTH)));
  return `[${"=".repeat(filled)}${filled < BAR_WIDTH ? ">" : ""}${" ".repeat(Math.max(0, BAR_WIDTH - filled - 1))}]`;
}

/** `loss 0.1234 · accuracy 0.9650 · val_loss …`, in the order TensorFlow.js logged them. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([key, value]) => `${key} ${formatNumber(value)}`)
    .join(" · ");
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return value.toFixed(4);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  return bytes < 1 << 20 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

/** Relative to the working folder when inside it: shorter, and what the user typed against. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
