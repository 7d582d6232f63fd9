// Run folders: `.nn-studio/runs/<model>/<timestamp>/` in the workspace. A run is written into a
// hidden staging folder next to its final place and renamed there at the end, so a folder under
// its final name is always whole; a run that fails is still moved there, with status "failed"
// in run.json, and never carries a model that looks trained.

import * as fs from "fs";
import * as path from "path";
import type { EarlyStopping, Loss, Metric, OptimizerName } from "../core/train";
import type { Backend, Evaluation, Logs, RunStatus, SampleCounts, StopReason } from "../protocol/worker";
import { writeFileAtomic } from "./fileIO";

export const RUN_JSON = "run.json";
export const HISTORY_JSON = "history.json";
export const EVALUATION_JSON = "evaluation.json";
export const PREPROCESSING_JSON = "preprocessing.json";
const STAGING_PREFIX = ".staging-";

/** The training settings a run used: the file's train block with the command's overrides. */
export interface RunOptions {
  optimizer: { name: OptimizerName; options: Record<string, number | boolean> };
  loss: Loss;
  metrics: Metric[];
  epochs: number;
  batchSize: number;
  validationSplit: number;
  shuffle: boolean;
  /** The seed in effect (the file's, or the one drawn for the run). */
  seed: number | null;
  earlyStopping: EarlyStopping | null;
}

/** Everything about one run that is not the model itself: what `run.json` holds. */
export interface RunRecord {
  version: 1;
  status: RunStatus;
  stopReason?: StopReason;
  /** Why the run failed, in one line. */
  error?: string;
  source: { file: string; sha256?: string };
  model: { name: string; exportName: string };
  options: RunOptions;
  seed: number;
  backend: Backend;
  /** XNNPACK's threads when the backend was wasm. */
  threads?: number;
  data: { kind: string; description: string; samples: SampleCounts; xShape: number[]; yShape: number[]; labels?: string[] };
  parameters: { total: number; trainable: number; nonTrainable: number };
  timings: {
    startedAt: string;
    finishedAt?: string;
    /** Preparing the data, training, and evaluating, in milliseconds. */
    dataMs?: number;
    trainMs?: number;
    evaluateMs?: number;
    /** Training examples per second over the whole fit. */
    samplesPerSecond?: number;
    /** Of trainMs, the time spent in the worker's own callbacks (its overhead over a bare fit). */
    monitorMs?: number;
  };
  /** Epochs trained. */
  epochs: number;
  /** The last epoch's logs. */
  finalMetrics?: Logs;
  /** Loss and compiled metrics on the test split. */
  test?: Logs;
}

/** Keras' `History.history`: one array per logged value, plus the 1-based epoch numbers. */
export type History = Record<string, number[]>;

export interface RunPaths {
  /** Where the run is written while it is in progress. */
  staging: string;
  /** Where it ends up. */
  final: string;
}

export function runsRoot(workspace: string): string {
  return path.join(workspace, ".nn-studio", "runs");
}

/** A model name as a folder name: anything outside a safe set becomes "_". */
export function safeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return safe.length === 0 ? "model" : safe;
}

/** A sortable, file-name-safe UTC timestamp: 2026-11-25T04-25-10-123Z. */
export function runTimestamp(date: Date): string {
  return date.toISOString().replace(/:/g, "-").replace(".", "-");
}

/** Reserves a new run's staging folder; the final name is unique among the model's runs. */
export function createRun(workspace: string, modelName: string, now = new Date()): RunPaths {
  const folder = path.join(runsRoot(workspace), safeName(modelName));
  fs.mkdirSync(folder, { recursive: true });
  const stamp = runTimestamp(now);
  let name = stamp;
  for (let i = 1; fs.existsSync(path.join(folder, name)) || fs.existsSync(path.join(folder, STAGING_PREFIX + name)); i++) name = `${stamp}-${i}`;
  const staging = path.join(folder, STAGING_PREFIX + name);
  fs.mkdirSync(staging);
  return { staging, final: path.join(folder, name) };
}

export function writeJson(dir: string, name: string, value: unknown): void {
  writeFileAtomic(path.join(dir, name), JSON.stringify(value, null, 2) + "\n");
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function readRun(dir: string): RunRecord | undefined {
  return readJson<RunRecord>(path.join(dir, RUN_JSON));
}

/** Moves a finished (or failed) run from staging to its final name. */
export function publishRun(paths: RunPaths): void {
  fs.renameSync(paths.staging, paths.final);
}

/**
 * Marks a run that did not finish as failed and publishes it. Safe to call from the client after
 * the worker died, whatever the worker had managed to write: a missing run.json is written
 * from `fallback`; model files written before the failure are removed so that nothing in a
 * failed run can be mistaken for a trained model.
 */
export function failRun(paths: RunPaths, message: string, fallback?: Partial<RunRecord>): void {
  const dir = fs.existsSync(paths.staging) ? paths.staging : fs.existsSync(paths.final) ? paths.final : undefined;
  if (dir === undefined) return;
  const record = { ...(fallback ?? {}), ...(readRun(dir) ?? {}) } as RunRecord;
  record.status = "failed";
  record.error = message;
  record.timings = { ...(record.timings ?? { startedAt: new Date().toISOString() }), finishedAt: new Date().toISOString() };
  for (const file of ["model.json", "weights.bin", EVALUATION_JSON]) fs.rmSync(path.join(dir, file), { force: true });
  writeJson(dir, RUN_JSON, record);
  if (dir === paths.staging) publishRun(paths);
}

export interface RunEntry {
  dir: string;
  run: RunRecord;
}

/** The published runs of one model (by display name), or of every model, oldest first. */
export function listRuns(workspace: string, modelName?: string): RunEntry[] {
  const root = runsRoot(workspace);
  const models = modelName === undefined ? subfolders(root) : [safeName(modelName)];
  const entries: RunEntry[] = [];
  for (const model of models) {
    for (const name of subfolders(path.join(root, model))) {
      if (name.startsWith(".")) continue;
      const dir = path.join(root, model, name);
      const run = readRun(dir);
      if (run !== undefined) entries.push({ dir, run });
    }
  }
  return entries.sort((a, b) => a.run.timings.startedAt.localeCompare(b.run.timings.startedAt) || a.dir.localeCompare(b.dir));
}

/** The newest run that produced a model (completed, or stopped by request with its model saved). */
export function latestUsableRun(workspace: string, modelName?: string): RunEntry | undefined {
  return listRuns(workspace, modelName)
    .filter((entry) => entry.run.status === "completed" || entry.run.status === "stopped")
    .pop();
}

export function readEvaluation(dir: string): Evaluation | undefined {
  return readJson<Evaluation>(path.join(dir, EVALUATION_JSON));
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
