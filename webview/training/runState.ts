// The panel's picture of one run, built from the worker's events (live) or from a snapshot read
// back from the run folder (a finished run, or a reloaded panel). Pure data and functions, no
// DOM: the views draw from it, and a test can check it without a browser.

import type { RunHeader, RunSnapshot } from "../../src/protocol/panel";
import type { Evaluation, Logs, ProgressEvent, RunStatus, StopReason, WorkerDiagnostic, WorkerEvent } from "../../src/protocol/worker";
import { Smoother } from "./smoothing";

/** Per-epoch values: `epochs[i]` is the 1-based epoch of `values[name][i]`. */
export interface EpochSeries {
  epochs: number[];
  values: Map<string, (number | null)[]>;
}

/** Per-batch loss at a global step (1-based batches since the run began). */
export interface BatchSeries {
  steps: number[];
  loss: number[];
  smoothed: number[];
}

export interface Progress {
  /** 1-based epoch in progress (or the last one, once finished). */
  epoch: number;
  epochs: number;
  /** Batches finished in the current epoch. */
  batch: number;
  batchesPerEpoch: number | null;
  /** Epochs fully trained. */
  epochsDone: number;
  samplesPerSecond: number | null;
  /** Seconds left, estimated from the epochs' measured durations; null before the first one. */
  etaSeconds: number | null;
}

export interface RunState {
  runDir: string | null;
  header: RunHeader | null;
  status: RunStatus;
  stopReason: StopReason | null;
  /** True while events of this run may still arrive (the Stop button is live). */
  live: boolean;
  progress: Progress;
  epochs: EpochSeries;
  batches: BatchSeries;
  test: Logs | null;
  evaluation: Evaluation | null;
  error: { message: string; diagnostics: WorkerDiagnostic[] } | null;
  /** Slow preparation before training starts (a data set download). */
  preparing: ProgressEvent | null;
  /** The latest log lines from the worker, oldest first. */
  log: string[];
  /** Epoch durations, for the ETA. */
  epochDurationsMs: number[];
  smoother: Smoother;
}

const MAX_LOG_LINES = 20;
/** TensorBoard's default smoothing weight for scalar plots. */
export const SMOOTHING = 0.6;

export function emptyRun(): RunState {
  return {
    runDir: null,
    header: null,
    status: "running",
    stopReason: null,
    live: false,
    progress: { epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: null, epochsDone: 0, samplesPerSecond: null, etaSeconds: null },
    epochs: { epochs: [], values: new Map() },
    batches: { steps: [], loss: [], smoothed: [] },
    test: null,
    evaluation: null,
    error: null,
    preparing: null,
    log: [],
    epochDurationsMs: [],
    smoother: new Smoother(SMOOTHING),
  };
}

/** A run drawn from its folder: the curves per epoch, the result, no per-batch detail. */
export function runFromSnapshot(snapshot: RunSnapshot, live: boolean): RunState {
  const run = emptyRun();
  run.runDir = snapshot.runDir;
  run.header = snapshot.header;
  run.status = snapshot.status;
  run.stopReason = snapshot.stopReason ?? null;
  run.live = live;
  snapshot.history.forEach((logs, i) => addEpoch(run.epochs, i + 1, logs));
  run.progress = {
    ...run.progress,
    epoch: snapshot.history.length,
    epochs: snapshot.header.epochs,
    epochsDone: snapshot.history.length,
  };
  run.test = snapshot.test;
  run.evaluation = snapshot.evaluation;
  if (snapshot.error !== null) run.error = { message: snapshot.error, diagnostics: [] };
  return run;
}

/**
 * Applies one worker event. A `started` event begins a new run (the old picture is dropped);
 * anything else updates the run in place. Returns the run to show from now on.
 */
export function applyEvent(run: RunState, event: WorkerEvent): RunState {
  switch (event.type) {
    case "started": {
      const next = emptyRun();
      next.runDir = event.runDir;
      next.live = true;
      next.header = {
        file: event.file,
        model: event.model,
        backend: event.backend,
        ...(event.threads === undefined ? {} : { threads: event.threads }),
        data: event.data,
        parameters: event.parameters,
        samples: event.samples,
        epochs: event.epochs,
        batchSize: event.batchSize,
        seed: event.seed,
      };
      next.progress = { ...next.progress, epoch: 1, epochs: event.epochs, batchesPerEpoch: event.batchesPerEpoch };
      return next;
    }
    case "batch": {
      const step = event.epoch * event.batchesPerEpoch + event.batch + 1;
      const loss = event.logs.loss;
      // Batch events are throttled and may repeat a step after a reload's replay: keep x ascending.
      const last = run.batches.steps[run.batches.steps.length - 1];
      if (typeof loss === "number" && Number.isFinite(loss) && (last === undefined || step > last)) {
        run.batches.steps.push(step);
        run.batches.loss.push(loss);
        run.batches.smoothed.push(run.smoother.next(loss));
      }
      run.progress.epoch = event.epoch + 1;
      run.progress.batch = event.batch + 1;
      run.progress.batchesPerEpoch = event.batchesPerEpoch;
      run.progress.etaSeconds = eta(run);
      run.preparing = null;
      return run;
    }
    case "epoch": {
      addEpoch(run.epochs, event.epoch, event.logs);
      run.epochDurationsMs.push(event.durationMs);
      run.progress.epoch = event.epoch;
      run.progress.epochs = event.epochs;
      run.progress.epochsDone = event.epoch;
      run.progress.batch = run.progress.batchesPerEpoch ?? run.progress.batch;
      run.progress.samplesPerSecond = event.samplesPerSecond;
      run.progress.etaSeconds = eta(run);
      run.preparing = null;
      return run;
    }
    case "done":
      run.runDir = event.runDir;
      run.status = event.status;
      run.stopReason = event.stopReason ?? null;
      run.live = false;
      run.test = event.test;
      run.evaluation = event.evaluation;
      run.progress.etaSeconds = 0;
      if (run.header !== null) run.header = { ...run.header, backend: event.backend };
      return run;
    case "evaluation":
      if (run.runDir === event.runDir) run.evaluation = event.evaluation;
      return run;
    case "error":
      run.status = "failed";
      run.live = false;
      run.error = { message: event.message, diagnostics: event.diagnostics ?? [] };
      run.progress.etaSeconds = null;
      if (event.runDir !== undefined) run.runDir = event.runDir;
      return run;
    case "log":
      run.log = [...run.log, `${event.level}: ${event.message}`].slice(-MAX_LOG_LINES);
      return run;
    case "progress":
      run.preparing = event;
      return run;
  }
}

function addEpoch(series: EpochSeries, epoch: number, logs: Logs): void {
  const index = series.epochs.length;
  series.epochs.push(epoch);
  for (const [name, value] of Object.entries(logs)) {
    let values = series.values.get(name);
    if (values === undefined) {
      // A value that first appears late (none here today, but a callback could add one) is
      // padded so that every series stays aligned with the epochs.
      values = new Array<number | null>(index).fill(null);
      series.values.set(name, values);
    }
    values.push(Number.isFinite(value) ? value : null);
  }
  for (const values of series.values.values()) if (values.length < series.epochs.length) values.push(null);
}

/**
 * Seconds left: the mean measured epoch duration times the epochs still to train, less the part
 * of the current epoch already done. Unknown until one epoch has been measured.
 */
function eta(run: RunState): number | null {
  const durations = run.epochDurationsMs;
  if (durations.length === 0) return null;
  const meanMs = durations.reduce((a, b) => a + b, 0) / durations.length;
  const { epochs, epochsDone, batch, batchesPerEpoch } = run.progress;
  const inEpoch = epochsDone < epochs && batchesPerEpoch !== null && batchesPerEpoch > 0 && run.progress.epoch > epochsDone ? batch / batchesPerEpoch : 0;
  return Math.max(0, ((epochs - epochsDone - inEpoch) * meanMs) / 1000);
}

/**
 * The charts of a run's epoch logs: loss with val_loss, then each metric with its validation
 * twin, in the order the worker logged them.
 */
export function chartGroups(names: Iterable<string>): { title: string; series: string[] }[] {
  const all = [...names];
  const present = new Set(all);
  const groups: { title: string; series: string[] }[] = [];
  for (const name of all) {
    if (name.startsWith("val_")) {
      // A validation value is drawn with its training twin; alone only if the twin is missing.
      if (!present.has(name.slice(4))) groups.push({ title: name, series: [name] });
      continue;
    }
    const twin = `val_${name}`;
    groups.push({ title: name, series: present.has(twin) ? [name, twin] : [name] });
  }
  const lossFirst = groups.findIndex((g) => g.title === "loss");
  if (lossFirst > 0) groups.unshift(...groups.splice(lossFirst, 1));
  return groups;
}
