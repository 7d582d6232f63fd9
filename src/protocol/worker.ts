// Messages between a training worker (src/train/worker.ts, a child process) and its client (the
// CLI or the extension, through src/train/client.ts). Both sides import these types, so a change
// to a message is a compile error on both ends. Every message is a plain JSON-able object with a
// `type` discriminant; the worker's IPC channel carries nothing else.

import type { DiagnosticJson } from "../core/json";

/** The backends the worker can train on, fastest first. */
export const BACKENDS = ["tensorflow", "wasm", "cpu"] as const;
export type Backend = (typeof BACKENDS)[number];
/** What a user may ask for: a backend, or `auto` (the fastest that loads). */
export type BackendChoice = Backend | "auto";

export function isBackendChoice(value: string): value is BackendChoice {
  return value === "auto" || (BACKENDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Requests: client → worker.

export interface TrainRequest {
  type: "train";
  /** Absolute path of the `.nn.ts` model file. */
  file: string;
  /** The model's display name or export name; optional when the file holds one model. */
  model?: string;
  /** Overrides the file's `train.epochs`. */
  epochs?: number;
  backend?: BackendChoice;
  /** Threads for the wasm backend; absent or 0: every core when the model's batches are heavy enough. */
  threads?: number;
  /** The folder that receives `.nn-studio/runs/`; the model file's folder by default. */
  workspace?: string;
  /** Where IDX data sets are looked for first (the `nnStudio.dataPath` setting). */
  dataPath?: string;
  /** Where downloaded data sets are cached. */
  cacheDir?: string;
  /** The most `batch` events per second the worker sends (default 10; 0 sends none). */
  batchEventsPerSecond?: number;
}

export interface EvaluateRequest {
  type: "evaluate";
  /** A run folder (`.nn-studio/runs/<model>/<timestamp>`): its model is evaluated again. */
  runDir: string;
  backend?: BackendChoice;
  threads?: number;
  dataPath?: string;
  cacheDir?: string;
}

/** Stop after the current batch; the run is saved with status "stopped". */
export interface StopRequest {
  type: "stop";
}

export type WorkerRequest = TrainRequest | EvaluateRequest | StopRequest;

// ---------------------------------------------------------------------------------------------
// Events: worker → client.

/** Numbers logged by TensorFlow.js for an epoch or a batch: `loss`, `accuracy`, `val_loss`, … */
export type Logs = Record<string, number>;

/** A diagnostic of the model file, with 1-based positions, as `nn-studio check --json` prints it. */
export type WorkerDiagnostic = DiagnosticJson;

export interface SampleCounts {
  train: number;
  validation: number;
  test: number;
}

export interface StartedEvent {
  type: "started";
  file: string;
  model: string;
  backend: Backend;
  /** Threads the wasm backend computes on; absent on other backends. */
  threads?: number;
  /** The staging folder the run is written into; it is renamed to its final name at the end. */
  stagingDir: string;
  /** The folder the run will have once it is complete. */
  runDir: string;
  parameters: { total: number; trainable: number; nonTrainable: number };
  samples: SampleCounts;
  epochs: number;
  batchSize: number;
  batchesPerEpoch: number;
  /** The seed in effect: the file's `train.seed`, or one drawn at random and recorded. */
  seed: number;
  data: string;
}

export interface BatchEvent {
  type: "batch";
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  logs: Logs;
}

export interface EpochEvent {
  type: "epoch";
  /** 1-based epoch number, as progress bars and the history show it. */
  epoch: number;
  epochs: number;
  logs: Logs;
  /** Wall-clock milliseconds this epoch took. */
  durationMs: number;
  /** Training examples per second during this epoch. */
  samplesPerSecond: number;
}

export type RunStatus = "running" | "completed" | "stopped" | "failed";

/** Why training ended before its last epoch (absent when it ran every epoch). */
export type StopReason = "requested" | "early-stopping" | "nan";

export interface DoneEvent {
  type: "done";
  runDir: string;
  backend: Backend;
  status: "completed" | "stopped";
  stopReason?: StopReason;
  /** Epochs actually trained. */
  epochs: number;
  /** Loss and compiled metrics on the test split, e.g. `{ loss, accuracy }`; empty without one. */
  test: Logs;
  /** null when the data has no test split. */
  evaluation: Evaluation | null;
}

/** The answer to an `evaluate` request. */
export interface EvaluationEvent {
  type: "evaluation";
  runDir: string;
  backend: Backend;
  evaluation: Evaluation;
}

export interface ErrorEvent {
  type: "error";
  /** One line that says what went wrong and, where possible, how to fix it. */
  message: string;
  /** The model's error diagnostics when the model was refused. */
  diagnostics?: WorkerDiagnostic[];
  /** The run folder, marked failed, when one had been started. */
  runDir?: string;
}

export interface LogEvent {
  type: "log";
  level: "info" | "warning";
  message: string;
}

/** Progress of slow preparation, e.g. a data set download. */
export interface ProgressEvent {
  type: "progress";
  what: string;
  done: number;
  /** null when the total is not known (a download without Content-Length). */
  total: number | null;
}

export type WorkerEvent =
  | StartedEvent
  | BatchEvent
  | EpochEvent
  | DoneEvent
  | EvaluationEvent
  | ErrorEvent
  | LogEvent
  | ProgressEvent;

// ---------------------------------------------------------------------------------------------
// Evaluation on the test split (also saved as evaluation.json in the run).

export interface RocCurve {
  /** False-positive rates, ascending from 0 to 1. */
  fpr: number[];
  /** True-positive rates at the same thresholds. */
  tpr: number[];
  auc: number | null;
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Test examples whose true class this is. */
  support: number;
  /** One-vs-rest ROC of this class (for binary targets: of the positive class). */
  roc: RocCurve;
}

export interface ClassificationEvaluation {
  kind: "classification";
  /** Loss and the compiled metrics on the test split. */
  test: Logs;
  samples: number;
  labels: string[];
  /** `matrix[trueClass][predictedClass]` counts. */
  confusionMatrix: number[][];
  accuracy: number;
  classes: ClassReport[];
  /** Unweighted means over the classes (for binary targets, over both classes). */
  macro: { precision: number; recall: number; f1: number; auc: number | null };
}

export interface RegressionEvaluation {
  kind: "regression";
  test: Logs;
  samples: number;
  mae: number;
  mse: number;
  /** null when the targets have no variance (R² is undefined). */
  r2: number | null;
  /**
   * Up to 1,000 (actual, predicted) pairs of the first output, evenly sampled from the test
   * split, for the training panel's predicted-vs-actual plot.
   */
  points?: { actual: number[]; predicted: number[] };
}

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

// ---------------------------------------------------------------------------------------------
// Validation of what arrives over IPC: the other side is a separate program, so nothing it sends
// is trusted to have the right shape before it is acted on.

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "train":
      return (
        typeof value.file === "string" &&
        optional(value.model, "string") &&
        optional(value.epochs, "number") &&
        (value.backend === undefined || (typeof value.backend === "string" && isBackendChoice(value.backend))) &&
        optional(value.threads, "number") &&
        optional(value.workspace, "string") &&
        optional(value.dataPath, "string") &&
        optional(value.cacheDir, "string") &&
        optional(value.batchEventsPerSecond, "number")
      );
    case "evaluate":
      return (
        typeof value.runDir === "string" &&
        (value.backend === undefined || (typeof value.backend === "string" && isBackendChoice(value.backend))) &&
        optional(value.threads, "number") &&
        optional(value.dataPath, "string") &&
        optional(value.cacheDir, "string")
      );
    case "stop":
      return true;
    default:
      return false;
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set<WorkerEvent["type"]>([
  "started",
  "batch",
  "epoch",
  "done",
  "evaluation",
  "error",
  "log",
  "progress",
]);

/** A shallow check: the worker is our own program, so its type tag is what needs guarding. */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  return isRecord(value) && typeof value.type === "string" && EVENT_TYPES.has(value.type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optional(value: unknown, type: "string" | "number"): boolean {
  return value === undefined || typeof value === type;
}
