// One training or evaluation job, from a model file to a saved run: analyse the file with the
// core (refusing a model with errors), start a backend, load the data, build and compile the
// network, fit it, evaluate it on the test split and save everything. The worker process runs
// exactly one job through here; every outcome, good or bad, leaves as one event.

import { createHash } from "crypto";
import * as path from "path";
import type * as tfjs from "@tensorflow/tfjs";
import { analyze, type AnalyzedModel, type FullAnalysis } from "../core/analyze";
import { diagnosticsToJson } from "../core/json";
import { nodeHost } from "../node/host";
import type { EvaluateRequest, Logs, TrainRequest } from "../protocol/worker";
import { BackendError, loadBackend, type LoadedBackend, type TF } from "./backend";
import { buildModel } from "./buildModel";
import { evaluateModel } from "./evaluate";
import { fileSystemIO, registerFileRouter } from "./fileIO";
import { compileModel, fitModel } from "./fit";
import { JobError, Resources, type SessionIO } from "./job";
import { loadTrainingData } from "./prepare";
import {
  createRun,
  EVALUATION_JSON,
  failRun,
  HISTORY_JSON,
  PREPROCESSING_JSON,
  publishRun,
  readRun,
  RUN_JSON,
  type RunOptions,
  type RunPaths,
  type RunRecord,
  writeJson,
} from "./runs";
import { installSeededRandom, randomSeed } from "./seed";

const DEFAULT_BATCH_EVENTS_PER_SECOND = 10;

/** Runs one train request to its end; never throws: failures become `error` events. */
export async function runTrain(request: TrainRequest, io: SessionIO): Promise<void> {
  const resources = new Resources();
  let run: RunPaths | undefined;
  try {
    const file = path.resolve(request.file);
    const { analysis, model } = analyzeModelFile(file, request.model);
    const settings = trainSettings(model, request);
    const { tf, backend, threads } = await startBackend(request, model.flops === null ? null : model.flops * settings.batchSize, io);
    const seed = settings.seed ?? randomSeed();
    resources.restoreRandom = installSeededRandom(seed);

    const dataStarted = performance.now();
    const data = await loadTrainingData(tf, model, { file, seed, loss: settings.loss, validationSplit: settings.validationSplit, request, io, resources });
    const dataMs = performance.now() - dataStarted;
    if (io.stopRequested()) throw new JobError("training was stopped before it began.");

    const network = buildNetwork(tf, model, resources);
    const compiled = compileModel(tf, network, settings);
    resources.optimizer = compiled.optimizer;
    for (const note of compiled.notes) io.emit({ type: "log", level: "info", message: note });

    const workspace = path.resolve(request.workspace ?? path.dirname(file));
    run = createRun(workspace, model.name);
    const record: RunRecord = {
      version: 1,
      status: "running",
      source: { file, sha256: sha256(analysis.text) },
      model: { name: model.name, exportName: model.exportName },
      options: { ...settings, seed },
      seed,
      backend,
      ...(threads === undefined ? {} : { threads }),
      data: { kind: data.facts.kind, description: data.facts.description, samples: data.samples, xShape: data.xShape, yShape: data.yShape, labels: data.labels },
      parameters: parameterCounts(network),
      timings: { startedAt: new Date().toISOString(), dataMs },
      epochs: 0,
    };
    writeJson(run.staging, RUN_JSON, record);
    const batchesPerEpoch = Math.ceil(data.samples.train / settings.batchSize);
    io.emit({
      type: "started",
      file,
      model: model.name,
      backend,
      ...(threads === undefined ? {} : { threads }),
      stagingDir: run.staging,
      runDir: run.final,
      parameters: record.parameters,
      samples: data.samples,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      batchesPerEpoch,
      seed,
      data: data.facts.description,
    });

    const fit = await fitModel(tf, network, data.train.x, data.train.y, { ...settings, batchEventsPerSecond: request.batchEventsPerSecond ?? DEFAULT_BATCH_EVENTS_PER_SECOND }, {
      onBatch: (event) => io.emit(event),
      onEpoch: (event) => io.emit(event),
      onWarning: (message) => io.emit({ type: "log", level: "warning", message }),
      stopRequested: () => io.stopRequested(),
    });
    record.epochs = fit.epochs;
    record.timings.trainMs = fit.trainMs;
    record.timings.samplesPerSecond = fit.samplesPerSecond;
    record.timings.monitorMs = fit.monitorMs;
    writeJson(run.staging, HISTORY_JSON, fit.history);
    if (fit.nonFinite !== undefined) {
      const { epoch, batch, value } = fit.nonFinite;
      throw new JobError(
        `the loss became ${value} in epoch ${epoch + 1}, batch ${batch + 1}; training stopped. ` +
          `Lower the learning rate (${settings.optimizer.options.learningRate}), scale the inputs, or check the data for invalid values.`,
      );
    }
    record.finalMetrics = lastEpoch(fit.history);

    const evaluateStarted = performance.now();
    const evaluation = data.test === null ? null : await evaluateModel(tf, network, data.test, data.facts.target, settings.batchSize);
    record.timings.evaluateMs = performance.now() - evaluateStarted;
    if (evaluation === null) io.emit({ type: "log", level: "warning", message: "the data has no test split, so the model was not evaluated." });

    await network.save(fileSystemIO(run.staging));
    if (evaluation !== null) writeJson(run.staging, EVALUATION_JSON, evaluation);
    writeJson(run.staging, PREPROCESSING_JSON, data.preprocessing);
    const status = fit.stopReason === "requested" ? "stopped" : "completed";
    record.status = status;
    if (fit.stopReason !== undefined) record.stopReason = fit.stopReason;
    record.test = evaluation?.test ?? {};
    record.timings.finishedAt = new Date().toISOString();
    writeJson(run.staging, RUN_JSON, record);
    publishRun(run);
    io.emit({
      type: "done",
      runDir: run.final,
      backend,
      status,
      ...(fit.stopReason === undefined ? {} : { stopReason: fit.stopReason }),
      epochs: fit.epochs,
      test: record.test,
      evaluation,
    });
  } catch (error) {
    const message = errorMessage(error);
    if (run !== undefined) failRun(run, message);
    io.emit({
      type: "error",
      message,
      ...(error instanceof JobError && error.diagnostics !== undefined ? { diagnostics: error.diagnostics } : {}),
      ...(run === undefined ? {} : { runDir: run.final }),
    });
  } finally {
    resources.dispose();
  }
}

/** Evaluates a saved run's model on its test split again and updates its evaluation.json. */
export async function runEvaluate(request: EvaluateRequest, io: SessionIO): Promise<void> {
  const resources = new Resources();
  try {
    const runDir = path.resolve(request.runDir);
    const record = readRun(runDir);
    if (record === undefined) throw new JobError(`${runDir} is not a run folder: it has no readable ${RUN_JSON}.`);
    if (record.status === "failed" || record.status === "running") {
      throw new JobError(`the run in ${runDir} ${record.status === "failed" ? `failed (${record.error ?? "no reason recorded"})` : "never finished"}, so it has no model to evaluate.`);
    }
    const { analysis, model } = analyzeModelFile(record.source.file, record.model.exportName);
    if (record.source.sha256 !== undefined && sha256(analysis.text) !== record.source.sha256) {
      io.emit({ type: "log", level: "warning", message: `${record.source.file} has changed since this run; its data settings are read from the file as it is now.` });
    }
    const options = record.options;
    const { tf, backend } = await startBackend(request, model.flops === null ? null : model.flops * options.batchSize, io);
    resources.restoreRandom = installSeededRandom(record.seed);
    const data = await loadTrainingData(tf, model, {
      file: record.source.file,
      seed: record.seed,
      loss: options.loss,
      validationSplit: options.validationSplit,
      request,
      io,
      resources,
    });
    if (data.test === null) throw new JobError(`the data of ${record.model.name} has no test split to evaluate on.`);
    registerFileRouter(tf);
    const network = await tf.loadLayersModel(fileSystemIO(runDir));
    resources.models.push(network);
    const compiled = compileModel(tf, network, options);
    resources.optimizer = compiled.optimizer;
    const evaluation = await evaluateModel(tf, network, data.test, data.facts.target, options.batchSize);
    writeJson(runDir, EVALUATION_JSON, evaluation);
    io.emit({ type: "evaluation", runDir, backend, evaluation });
  } catch (error) {
    io.emit({ type: "error", message: errorMessage(error), ...(error instanceof JobError && error.diagnostics ? { diagnostics: error.diagnostics } : {}) });
  } finally {
    resources.dispose();
  }
}

// ---------------------------------------------------------------------------------------------

/** Reads and analyses the model file and picks the model: refused when the analysis has errors. */
export function analyzeModelFile(file: string, wanted: string | undefined): { analysis: FullAnalysis; model: AnalyzedModel } {
  const text = nodeHost.readFile(file);
  if (text === undefined) throw new JobError(`cannot read ${file}: the file is missing or unreadable.`);
  const analysis = analyze(text, file, nodeHost);
  const model = pickModel(analysis, file, wanted);
  const diagnostics = diagnosticsToJson(analysis).filter((d) => d.severity === "error" && (d.model === undefined || d.model === model.name));
  if (diagnostics.length > 0) {
    const count = diagnostics.length === 1 ? "an error" : `${diagnostics.length} errors`;
    throw new JobError(`${model.name} has ${count} in ${path.basename(file)}; fix ${diagnostics.length === 1 ? "it" : "them"} before training.`, diagnostics);
  }
  return { analysis, model };
}

function pickModel(analysis: FullAnalysis, file: string, wanted: string | undefined): AnalyzedModel {
  const names = analysis.models.map((m) => m.name);
  if (wanted !== undefined) {
    const model = analysis.models.find((m) => m.name === wanted) ?? analysis.models.find((m) => m.exportName === wanted);
    if (model === undefined) throw new JobError(`${path.basename(file)} has no model named '${wanted}'${names.length > 0 ? ` (it has: ${names.join(", ")})` : ""}.`);
    return model;
  }
  if (analysis.models.length === 0) {
    const syntax = diagnosticsToJson(analysis).filter((d) => d.severity === "error");
    throw new JobError(`${path.basename(file)} exports no model(...) to train.`, syntax.length > 0 ? syntax : undefined);
  }
  if (analysis.models.length === 1) return analysis.models[0];
  const fallback = analysis.models.find((m) => m.exportName === "default");
  if (fallback !== undefined) return fallback;
  throw new JobError(`${path.basename(file)} holds ${names.length} models (${names.join(", ")}); choose one with --model NAME.`);
}

/** The train block's settings with the request's overrides; every one must be known. */
function trainSettings(model: AnalyzedModel, request: TrainRequest): RunOptions {
  const config = model.train;
  if (model.node.train === null) {
    throw new JobError(`${model.name} has no train block; add one, e.g. train: { optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] }.`);
  }
  const unknown = (name: string) => new JobError(`${model.name}: train.${name} is not a value the tools can read without running code, and training needs it. Write it as a constant.`);
  if (config.optimizer === null) throw unknown("optimizer");
  if (config.loss === null) throw unknown("loss");
  if (config.epochs === null) throw unknown("epochs");
  if (config.batchSize === null) throw unknown("batchSize");
  if (config.validationSplit === null) throw unknown("validationSplit");
  if (config.shuffle === null) throw unknown("shuffle");
  if (request.epochs !== undefined && !(Number.isInteger(request.epochs) && request.epochs >= 1)) {
    throw new JobError(`--epochs must be a positive integer, not ${request.epochs}.`);
  }
  return {
    optimizer: config.optimizer,
    loss: config.loss,
    metrics: config.metrics,
    epochs: request.epochs ?? config.epochs,
    batchSize: config.batchSize,
    validationSplit: config.validationSplit,
    shuffle: config.shuffle,
    seed: config.seed,
    earlyStopping: config.earlyStopping,
  };
}

async function startBackend(request: TrainRequest | EvaluateRequest, flopsPerBatch: number | null, io: SessionIO): Promise<LoadedBackend> {
  const loaded = await loadBackend(request.backend ?? "auto", { threads: request.threads, flopsPerBatch });
  for (const note of loaded.notes) io.emit({ type: "log", level: "info", message: `${note}; using ${loaded.backend}.` });
  return loaded;
}

/** The tf model; its parameter count must be the core's, or the numbers users saw were wrong. */
function buildNetwork(tf: TF, model: AnalyzedModel, resources: Resources): tfjs.LayersModel {
  const input = model.inputShape;
  if (input === null || input.some((d) => d === null)) throw new JobError(`${model.name}: the input shape is not fully known, so the network cannot be built.`);
  const network = buildModel(tf, input as number[], model.layers, model.node.input?.dtype ?? "float32");
  resources.models.push(network);
  const built = network.countParams();
  if (model.totalParams !== null && built !== model.totalParams) {
    throw new Error(`the built network has ${built} parameters but the analysis counted ${model.totalParams}; this is a bug in NN Studio.`);
  }
  return network;
}

function parameterCounts(network: tfjs.LayersModel): RunRecord["parameters"] {
  // A built model's weights have fully known shapes.
  const trainable = network.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  const total = network.countParams();
  return { total, trainable, nonTrainable: total - trainable };
}

function lastEpoch(history: Record<string, number[]>): Logs {
  const logs: Logs = {};
  for (const [key, values] of Object.entries(history)) if (key !== "epoch" && values.length > 0) logs[key] = values[values.length - 1];
  return logs;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One line for the user; a stack only for our own bugs, and only on request. */
function errorMessage(error: unknown): string {
  if (error instanceof JobError || error instanceof BackendError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}
