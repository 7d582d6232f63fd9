// Runs as the panel sees them, read back from their folders through the training runtime's own
// readers (src/train/runs.ts): the runs list, a run's epoch history for the overlay, and a whole
// run for a reloaded panel. No `vscode` here, so these are tested with plain mocha.

import * as fs from "fs";
import * as path from "path";
import type { EpochHistory, RunSnapshot, RunSummary } from "../../protocol/panel";
import type { Logs } from "../../protocol/worker";
import { HISTORY_JSON, listRuns, readEvaluation, readJson, readRun, runsRoot, type History, type RunRecord } from "../../train/runs";

/** The runs of one model (by display name) in a workspace, newest first. */
export function runSummaries(workspace: string, modelName: string): RunSummary[] {
  return listRuns(workspace, modelName)
    .map(({ dir, run }) => summary(dir, run))
    .reverse();
}

function summary(dir: string, run: RunRecord): RunSummary {
  return {
    runDir: dir,
    name: path.basename(dir),
    model: run.model?.name ?? path.basename(path.dirname(dir)),
    status: run.status,
    epochs: run.epochs ?? 0,
    backend: run.backend ?? null,
    startedAt: run.timings?.startedAt ?? null,
    test: run.status === "completed" || run.status === "stopped" ? nonEmpty(run.test) : null,
  };
}

/** history.json's columns (`{ epoch: [1, 2], loss: [...] }`) as one log object per epoch. */
export function epochHistory(runDir: string): EpochHistory {
  const history = readJson<History>(path.join(runDir, HISTORY_JSON));
  if (history === undefined || typeof history !== "object") return [];
  const columns = Object.entries(history).filter(([name, values]) => name !== "epoch" && Array.isArray(values));
  const length = Math.max(0, ...columns.map(([, values]) => values.length));
  const rows: Logs[] = [];
  for (let i = 0; i < length; i++) {
    const logs: Logs = {};
    for (const [name, values] of columns) if (typeof values[i] === "number") logs[name] = values[i];
    rows.push(logs);
  }
  return rows;
}

/** A whole run for the panel, or undefined when the folder holds no readable run.json. */
export function runSnapshot(runDir: string): RunSnapshot | undefined {
  const run = readRun(runDir);
  if (run === undefined) return undefined;
  const snapshot: RunSnapshot = {
    runDir,
    status: run.status,
    header: {
      file: run.source?.file ?? "",
      model: run.model?.name ?? path.basename(path.dirname(runDir)),
      backend: run.backend ?? null,
      ...(typeof run.threads === "number" ? { threads: run.threads } : {}),
      data: run.data?.description ?? "",
      parameters: run.parameters ?? null,
      samples: run.data?.samples ?? null,
      epochs: typeof run.options?.epochs === "number" ? run.options.epochs : (run.epochs ?? 0),
      batchSize: typeof run.options?.batchSize === "number" ? run.options.batchSize : null,
      seed: typeof run.seed === "number" ? run.seed : null,
    },
    history: epochHistory(runDir),
    test: nonEmpty(run.test),
    evaluation: readEvaluation(runDir) ?? null,
    error: run.error ?? null,
  };
  if (run.stopReason !== undefined) snapshot.stopReason = run.stopReason;
  return snapshot;
}

/**
 * Whether `runDir` is a published run folder of some model under `workspace`: the only kind of
 * folder the panel may open or delete. Staging folders and anything outside the runs root are not.
 */
export function isRunFolder(workspace: string, runDir: string): boolean {
  const root = runsRoot(workspace);
  const relative = path.relative(root, path.resolve(runDir));
  const parts = relative.split(path.sep);
  if (relative.startsWith("..") || path.isAbsolute(relative) || parts.length !== 2 || parts.some((part) => part === "" || part.startsWith("."))) return false;
  try {
    return fs.statSync(runDir).isDirectory() && fs.existsSync(path.join(runDir, "run.json"));
  } catch {
    return false;
  }
}

/** Deletes a run folder; refuses anything that is not one (see isRunFolder). */
export function deleteRunFolder(workspace: string, runDir: string): boolean {
  if (!isRunFolder(workspace, runDir)) return false;
  fs.rmSync(runDir, { recursive: true, force: true });
  return true;
}

function nonEmpty(logs: Logs | undefined): Logs | null {
  return logs !== undefined && logs !== null && Object.keys(logs).length > 0 ? logs : null;
}
