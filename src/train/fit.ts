// Compiling and fitting a tf.LayersModel with the settings of a model's `train` block, and
// watching the fit: throttled progress, a clean stop after the current batch, a stop when the
// loss stops being a number, and Keras-style early stopping. TensorFlow.js's own `fit` loop does
// the work, so the worker costs next to nothing over a bare `model.fit`.

import type * as tfjs from "@tensorflow/tfjs";
import type { EarlyStopping, Loss, Metric, TrainConfig } from "../core/train";
import type { BatchEvent, EpochEvent, Logs, StopReason } from "../protocol/worker";
import type { TF } from "./backend";
import { fusedAdam } from "./fusedAdam";
import { CATEGORICAL_CROSSENTROPY } from "./wasm/crossentropy";
import type { History } from "./runs";

type LayersModel = tfjs.LayersModel;
type Tensor = tfjs.Tensor;

export function makeOptimizer(tf: TF, optimizer: NonNullable<TrainConfig["optimizer"]>): tfjs.Optimizer {
  const o = optimizer.options;
  const num = (key: string): number | undefined => (typeof o[key] === "number" ? (o[key] as number) : undefined);
  const learningRate = num("learningRate") ?? 0.001;
  switch (optimizer.name) {
    case "sgd": {
      const momentum = num("momentum") ?? 0;
      // Keras' SGD with momentum is TensorFlow.js's separate momentum optimizer.
      return momentum > 0 ? tf.train.momentum(learningRate, momentum, o.nesterov === true) : tf.train.sgd(learningRate);
    }
    case "adam":
      // tf.train.adam's optimizer, updating each variable with one kernel where the backend has it.
      return fusedAdam(tf, learningRate, num("beta1"), num("beta2"), num("epsilon"));
    case "rmsprop":
      // Keras calls the decay of the moving average `rho`; TensorFlow.js calls it `decay`.
      return tf.train.rmsprop(learningRate, num("rho"), num("momentum"), num("epsilon"));
    case "adagrad":
      return tf.train.adagrad(learningRate);
    case "adadelta":
      return tf.train.adadelta(learningRate);
    case "adamax":
      return tf.train.adamax(learningRate);
  }
}

export type LossArgument = string | ((yTrue: Tensor, yPred: Tensor) => Tensor);

export function lossFunction(tf: TF, loss: Loss): LossArgument {
  switch (loss) {
    case "huberLoss":
      // tfjs-layers has no Huber loss by name; tfjs-core's (delta 1, as Keras) serves.
      return (yTrue: Tensor, yPred: Tensor) => tf.losses.huberLoss(yTrue, yPred);
    case "categoricalCrossentropy":
      return categoricalCrossentropy(tf);
    case "meanSquaredError":
    case "meanAbsoluteError":
    case "binaryCrossentropy":
    case "sparseCategoricalCrossentropy":
      return loss;
  }
}

/**
 * tfjs-layers' categorical crossentropy, as one kernel and one gradient kernel where the backend
 * has them (wasm with the training kernels: src/train/wasm/crossentropy.ts), else tfjs-layers'
 * own. Named like the built-in so that it reads the same in errors and the model's config.
 */
function categoricalCrossentropy(tf: TF): (yTrue: Tensor, yPred: Tensor) => Tensor {
  return function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
    if (tf.getKernel(CATEGORICAL_CROSSENTROPY, tf.getBackend()) === undefined) return tf.metrics.categoricalCrossentropy(yTrue, yPred);
    return tf.engine().runKernel(CATEGORICAL_CROSSENTROPY, { target: tf.cast(yTrue, "float32"), output: yPred }) as Tensor;
  };
}

type MetricArgument = string | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/**
 * The DSL's metric names as tfjs-layers understands them. `auc` has no TensorFlow.js metric; it
 * is computed exactly from the test predictions in the evaluation instead (`null` here).
 */
function metricFunction(tf: TF, metric: Metric): MetricArgument | null {
  switch (metric) {
    case "accuracy":
    case "precision":
    case "mse":
    case "mae":
      return metric;
    case "recall": {
      // Not in tfjs-layers' table of names; a function's name becomes its log key.
      const named = { recall: (yTrue: Tensor, yPred: Tensor) => tf.metrics.recall(yTrue, yPred) };
      return named.recall;
    }
    case "auc":
      return null;
  }
}

export interface Compiled {
  optimizer: tfjs.Optimizer;
  /** Metrics asked for that are computed only in the evaluation, with why. */
  notes: string[];
}

export function compileModel(tf: TF, model: LayersModel, config: { optimizer: NonNullable<TrainConfig["optimizer"]>; loss: Loss; metrics: Metric[] }): Compiled {
  const optimizer = makeOptimizer(tf, config.optimizer);
  const metrics: MetricArgument[] = [];
  const notes: string[] = [];
  for (const metric of config.metrics) {
    const fn = metricFunction(tf, metric);
    if (fn === null) notes.push(`TensorFlow.js has no ${metric} metric to log per epoch; the evaluation on the test split reports the exact ROC AUC.`);
    else metrics.push(fn);
  }
  model.compile({ optimizer, loss: lossFunction(tf, config.loss), metrics });
  return { optimizer, notes };
}

/** TensorFlow.js logs `acc`; Keras 3, the CLI contract and users say `accuracy`. */
export function logName(name: string): string {
  return name.replace(/(^|_)acc$/, "$1accuracy");
}

export interface FitSettings {
  epochs: number;
  batchSize: number;
  validationSplit: number;
  shuffle: boolean;
  earlyStopping: EarlyStopping | null;
  /** The most batch events per second (0: none). */
  batchEventsPerSecond: number;
}

export interface FitHooks {
  onBatch?(event: BatchEvent): void;
  onEpoch?(event: EpochEvent): void;
  onWarning?(message: string): void;
  /** Polled after every batch: true stops the fit once that batch is done. */
  stopRequested(): boolean;
}

export interface FitResult {
  history: History;
  /** Epochs that ran (the last one possibly cut short by a stop). */
  epochs: number;
  stopReason?: StopReason;
  /** Where the loss stopped being finite, when it did. */
  nonFinite?: { epoch: number; batch: number; value: number };
  trainMs: number;
  samplesPerSecond: number;
  /**
   * Milliseconds spent in the worker's own per-batch and per-epoch work (reading the loss,
   * events, early stopping, yielding to the event loop): its overhead over a bare `fit`,
   * measured where it happens rather than by two noisy timings of whole fits.
   */
  monitorMs: number;
}

/** The event loop must turn now and then during a fit, or a stop request could never arrive. */
const YIELD_EVERY_MS = 50;

export async function fitModel(tf: TF, model: LayersModel, x: Tensor, y: Tensor, settings: FitSettings, hooks: FitHooks): Promise<FitResult> {
  const samples = x.shape[0];
  // tfjs-layers keeps the first floor(n · (1 − split)) examples for training.
  const trainSamples = settings.validationSplit > 0 ? Math.floor(samples * (1 - settings.validationSplit)) : samples;
  const batchesPerEpoch = Math.ceil(trainSamples / settings.batchSize);
  const minBatchInterval = settings.batchEventsPerSecond > 0 ? 1000 / settings.batchEventsPerSecond : Infinity;
  const history: History = { epoch: [] };
  const result: FitResult = { history, epochs: 0, trainMs: 0, samplesPerSecond: 0, monitorMs: 0 };
  const early = settings.earlyStopping === null ? null : new EarlyStopper(settings.earlyStopping);
  let epochStart = 0;
  let epochSeen = 0;
  let totalSeen = 0;
  let lastBatchEvent = -Infinity;
  let lastYield = performance.now();
  let warnedMonitor = false;

  // A Callback subclass, not a config object: tfjs-layers would otherwise read every logged
  // scalar back from the backend after every batch. This one reads the loss (to catch NaN) and
  // reads the rest only when a batch event is due.
  class Monitor extends tf.Callback {
    override async onEpochBegin(): Promise<void> {
      epochStart = performance.now();
      epochSeen = 0;
    }

    override async onBatchEnd(batch: number, logs?: tfjs.Logs): Promise<void> {
      const entered = performance.now();
      await this.batchEnd(batch, logs);
      result.monitorMs += performance.now() - entered;
    }

    override async onEpochEnd(epoch: number, logs?: tfjs.Logs): Promise<void> {
      const entered = performance.now();
      await this.epochEnd(epoch, logs);
      result.monitorMs += performance.now() - entered;
    }

    private async batchEnd(batch: number, logs?: tfjs.Logs): Promise<void> {
      const raw = (logs ?? {}) as Record<string, number | Tensor>;
      const size = typeof raw.size === "number" ? raw.size : 0;
      epochSeen += size;
      const loss = scalarValue(raw.loss);
      const epoch = history.epoch.length;
      if (!Number.isFinite(loss)) {
        result.nonFinite = { epoch, batch, value: loss };
        result.stopReason = "nan";
        this.model.stopTraining = true;
        return;
      }
      const now = performance.now();
      if (hooks.onBatch !== undefined && now - lastBatchEvent >= minBatchInterval) {
        lastBatchEvent = now;
        hooks.onBatch({ type: "batch", epoch, batch, batchesPerEpoch, logs: readLogs(raw, ["batch", "size"]) });
      }
      if (now - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (hooks.stopRequested()) {
        result.stopReason = "requested";
        this.model.stopTraining = true;
      }
    }

    private async epochEnd(epoch: number, logs?: tfjs.Logs): Promise<void> {
      const raw = (logs ?? {}) as Record<string, number | Tensor>;
      const values = readLogs(raw, []);
      // The averaged scalars are ours to free; later callbacks (History) then see plain numbers.
      for (const key of Object.keys(raw)) {
        const value = raw[key];
        if (typeof value !== "number") value.dispose();
        raw[key] = values[logName(key)] ?? Number.NaN;
      }
      totalSeen += epochSeen;
      result.epochs = epoch + 1;
      if (result.stopReason === "nan") return;
      const durationMs = performance.now() - epochStart;
      history.epoch.push(epoch + 1);
      for (const [key, value] of Object.entries(values)) (history[key] ??= []).push(value);
      hooks.onEpoch?.({
        type: "epoch",
        epoch: epoch + 1,
        epochs: settings.epochs,
        logs: values,
        durationMs,
        samplesPerSecond: durationMs > 0 ? (epochSeen / durationMs) * 1000 : 0,
      });
      if (early !== null && result.stopReason === undefined) {
        const verdict = early.update(epoch, values, this.model);
        if (verdict === "missing" && !warnedMonitor) {
          warnedMonitor = true;
          hooks.onWarning?.(
            `early stopping monitors '${early.monitor}', which is not logged (logged: ${Object.keys(values).join(", ")}); it is ignored.` +
              (early.monitor.startsWith("val_") ? " Set validationSplit to log validation values." : ""),
          );
        }
        if (verdict === "stop") {
          result.stopReason = "early-stopping";
          this.model.stopTraining = true;
        }
      }
    }
  }

  const started = performance.now();
  try {
    await model.fit(x, y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      validationSplit: settings.validationSplit > 0 ? settings.validationSplit : undefined,
      shuffle: settings.shuffle,
      verbose: 0,
      callbacks: [new Monitor()],
    });
  } finally {
    early?.dispose();
  }
  result.trainMs = performance.now() - started;
  result.samplesPerSecond = result.trainMs > 0 ? (totalSeen / result.trainMs) * 1000 : 0;
  return result;
}

function scalarValue(value: number | Tensor | undefined): number {
  if (value === undefined) return Number.NaN;
  return typeof value === "number" ? value : value.dataSync()[0];
}

/** The logged values as numbers, training values before validation ones (as Keras prints them). */
function readLogs(raw: Record<string, number | Tensor>, skip: string[]): Logs {
  const logs: Logs = {};
  const keys = Object.keys(raw).filter((key) => !skip.includes(key));
  for (const key of [...keys.filter((k) => !k.startsWith("val_")), ...keys.filter((k) => k.startsWith("val_"))]) {
    logs[logName(key)] = scalarValue(raw[key]);
  }
  return logs;
}

/**
 * Keras' EarlyStopping: stop when `monitor` has not improved by more than `minDelta` for
 * `patience` epochs; with `restoreBestWeights`, put back the weights of the best epoch when it
 * stops. Values whose names speak of accuracy or AUC improve upwards, everything else (losses,
 * errors) downwards — Keras' "auto" mode.
 */
export class EarlyStopper {
  readonly monitor: string;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly restore: boolean;
  private readonly higherIsBetter: boolean;
  private best = Number.NaN;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;
  /** 1-based epoch of the best value. */
  bestEpoch = 0;

  constructor(options: EarlyStopping) {
    this.monitor = logName(options.monitor);
    this.patience = options.patience;
    this.minDelta = Math.abs(options.minDelta);
    this.restore = options.restoreBestWeights;
    this.higherIsBetter = /acc|auc|precision|recall/.test(this.monitor);
  }

  /** Called with each epoch's logs; "stop" means training should end now. */
  update(epoch: number, logs: Logs, model: LayersModel): "continue" | "stop" | "missing" {
    const value = logs[this.monitor];
    if (value === undefined) return "missing";
    if (Number.isNaN(this.best) || this.improves(value)) {
      this.best = value;
      this.bestEpoch = epoch + 1;
      this.wait = 0;
      if (this.restore) this.keepWeights(model);
      return "continue";
    }
    this.wait++;
    // As Keras: never stop after the first epoch, whatever the patience.
    if (this.wait >= this.patience && epoch > 0) {
      if (this.restore && this.bestWeights !== null) model.setWeights(this.bestWeights);
      return "stop";
    }
    return "continue";
  }

  private improves(value: number): boolean {
    return this.higherIsBetter ? value - this.minDelta > this.best : value + this.minDelta < this.best;
  }

  private keepWeights(model: LayersModel): void {
    this.dispose();
    // getWeights returns the variables' live tensors; a copy is needed to hold a past state.
    this.bestWeights = model.getWeights().map((w) => w.clone());
  }

  dispose(): void {
    if (this.bestWeights !== null) for (const tensor of this.bestWeights) tensor.dispose();
    this.bestWeights = null;
  }
}
