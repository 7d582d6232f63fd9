// `nn-studio evaluate <file|runDir>`: prints the evaluation on the test split of a model's latest
// usable run (or of the run folder given): loss and metrics, and for classifiers the confusion
// matrix and per-class precision, recall, F1 and ROC AUC; for regression MAE, MSE and R².
// `--recompute` evaluates the saved model again in a worker instead of reading evaluation.json.

import * as fs from "fs";
import * as path from "path";
import { analyze } from "../core/analyze";
import { nodeHost } from "../node/host";
import { type ClassificationEvaluation, type EvaluateRequest, type Evaluation, type RegressionEvaluation } from "../protocol/worker";
import { WorkerClient, type ClientOptions } from "../train/client";
import { latestUsableRun, listRuns, readEvaluation, readRun, RUN_JSON, runsRoot, type RunRecord } from "../train/runs";
import { parseArgs } from "./args";
import { BACKEND_ARG_NAMES, parseBackendArgs } from "./backendArgs";
import { readModelFile } from "./check";
import { CliError } from "./errors";
import type { CommandIO } from "./io";
import { backendLabel, displayPath, formatLogs, formatNumber } from "./train";

export interface EvaluateCommandOptions {
  client?: ClientOptions;
}

export async function runEvaluateCommand(argv: string[], io: CommandIO, options: EvaluateCommandOptions = {}): Promise<number> {
  const args = parseArgs(argv, { booleans: ["json", "recompute"], values: ["model", ...BACKEND_ARG_NAMES, "workspace", "data-path"] }, "evaluate");
  if (args.positionals.length !== 1) throw new CliError("evaluate: give one model file or run folder, e.g. nn-studio evaluate examples/spiral.nn.ts");
  // Checked even when the saved evaluation is printed, so that a mistyped option never passes.
  const backendArgs = parseBackendArgs(args, "evaluate");
  const target = args.positionals[0];
  if (!fs.existsSync(target)) throw new CliError(`evaluate: no such file or folder: ${target}`);
  const runDir = fs.statSync(target).isDirectory() ? runFolder(target) : latestRunOf(target, args.values.get("model"), args.values.get("workspace"));
  const run = readRun(runDir) as RunRecord;
  if (run.status === "failed") throw new CliError(`evaluate: the run ${displayPath(runDir)} failed (${run.error ?? "no reason recorded"}); it has no model to evaluate.`, 1);
  if (run.status === "running") throw new CliError(`evaluate: the run ${displayPath(runDir)} has not finished.`, 1);

  let evaluation = args.flags.has("recompute") ? undefined : readEvaluation(runDir);
  let backend = run.backend;
  if (evaluation === undefined) {
    const request: Omit<EvaluateRequest, "type"> = { runDir, ...backendArgs };
    const dataPath = args.values.get("data-path");
    if (dataPath !== undefined) request.dataPath = path.resolve(dataPath);
    const client = WorkerClient.evaluate(request, options.client);
    client.on("log", (event) => {
      if (event.level === "warning") io.err(`warning: ${event.message}`);
    });
    const outcome = await client.outcome;
    if (outcome.type === "error") {
      if (args.flags.has("json")) io.out(JSON.stringify({ type: "error", message: outcome.message }));
      else io.err(`nn-studio evaluate: ${outcome.message}`);
      return 1;
    }
    if (outcome.type !== "evaluation") throw new Error(`unexpected final event ${outcome.type}`);
    evaluation = outcome.evaluation;
    backend = outcome.backend;
  }

  if (args.flags.has("json")) {
    io.out(JSON.stringify({ runDir, model: run.model.name, status: run.status, backend, epochs: run.epochs, evaluation }, null, 2));
    return 0;
  }
  io.out(`Run ${displayPath(runDir)}: ${run.model.name}, ${run.status}, ${run.epochs} epoch${run.epochs === 1 ? "" : "s"} on ${backendLabel(run)}`);
  io.out(formatEvaluation(evaluation));
  return 0;
}

function runFolder(dir: string): string {
  const resolved = path.resolve(dir);
  if (readRun(resolved) === undefined) throw new CliError(`evaluate: ${dir} is not a run folder: it has no readable ${RUN_JSON}.`);
  return resolved;
}

/** The newest completed (or stopped) run of the file's model. */
function latestRunOf(file: string, wanted: string | undefined, workspaceOption: string | undefined): string {
  const resolved = path.resolve(file);
  const analysis = analyze(readModelFile(file, "evaluate"), resolved, nodeHost);
  const names = analysis.models.map((m) => m.name);
  let name: string;
  if (wanted !== undefined) {
    const model = analysis.models.find((m) => m.name === wanted || m.exportName === wanted);
    if (model === undefined) throw new CliError(`evaluate: ${file} has no model named '${wanted}'${names.length > 0 ? ` (it has: ${names.join(", ")})` : ""}.`);
    name = model.name;
  } else if (analysis.models.length === 1) {
    name = analysis.models[0].name;
  } else {
    const fallback = analysis.models.find((m) => m.exportName === "default");
    if (fallback === undefined) {
      throw new CliError(
        analysis.models.length === 0 ? `evaluate: ${file} exports no model(...).` : `evaluate: ${file} holds ${names.length} models (${names.join(", ")}); choose one with --model NAME.`,
      );
    }
    name = fallback.name;
  }
  const workspace = path.resolve(workspaceOption ?? path.dirname(resolved));
  const latest = latestUsableRun(workspace, name);
  if (latest === undefined) {
    const failed = listRuns(workspace, name).length;
    throw new CliError(
      `evaluate: ${name} has no finished run in ${displayPath(runsRoot(workspace))}${failed > 0 ? ` (${failed} run${failed === 1 ? "" : "s"}, none usable)` : ""}. ` +
        `Train it first: nn-studio train ${file}`,
      1,
    );
  }
  return latest.dir;
}

export function formatEvaluation(evaluation: Evaluation): string {
  switch (evaluation.kind) {
    case "classification":
      return formatClassification(evaluation);
    case "regression":
      return formatRegression(evaluation);
  }
}

function formatRegression(evaluation: RegressionEvaluation): string {
  return [
    `Test split: ${evaluation.samples.toLocaleString("en-US")} examples · ${formatLogs(evaluation.test)}`,
    `MAE ${formatNumber(evaluation.mae)} · MSE ${formatNumber(evaluation.mse)} · R² ${evaluation.r2 === null ? "undefined (the targets do not vary)" : formatNumber(evaluation.r2)}`,
  ].join("\n");
}

function formatClassification(evaluation: ClassificationEvaluation): string {
  const lines = [`Test split: ${evaluation.samples.toLocaleString("en-US")} examples · ${formatLogs(evaluation.test)}`, ""];
  const labels = evaluation.labels;
  const cellWidth = Math.max(5, ...labels.map((l) => l.length), ...evaluation.confusionMatrix.flat().map((n) => String(n).length)) + 1;
  const labelWidth = Math.max(5, ...labels.map((l) => l.length));
  lines.push("Confusion matrix (rows: true class, columns: predicted class)");
  lines.push(" ".repeat(labelWidth) + labels.map((l) => l.padStart(cellWidth)).join(""));
  evaluation.confusionMatrix.forEach((row, i) => lines.push(labels[i].padEnd(labelWidth) + row.map((n) => String(n).padStart(cellWidth)).join("")));
  lines.push("");
  const header = ["class".padEnd(labelWidth), "precision", "   recall", "       f1", "  support", "  ROC AUC"].join(" ");
  lines.push(header);
  for (const c of evaluation.classes) {
    lines.push(
      [
        c.label.padEnd(labelWidth),
        formatNumber(c.precision).padStart(9),
        formatNumber(c.recall).padStart(9),
        formatNumber(c.f1).padStart(9),
        String(c.support).padStart(9),
        (c.roc.auc === null ? "—" : formatNumber(c.roc.auc)).padStart(9),
      ].join(" "),
    );
  }
  const m = evaluation.macro;
  lines.push(
    [
      "macro".padEnd(labelWidth),
      formatNumber(m.precision).padStart(9),
      formatNumber(m.recall).padStart(9),
      formatNumber(m.f1).padStart(9),
      String(evaluation.samples).padStart(9),
      (m.auc === null ? "—" : formatNumber(m.auc)).padStart(9),
    ].join(" "),
  );
  lines.push("", `Accuracy ${formatNumber(evaluation.accuracy)}`);
  return lines.join("\n");
}
