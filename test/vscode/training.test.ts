// Training from the command palette in a real VS Code: the extension spawns the real worker,
// streams its events into the training panel's webview, saves the run, and stops, evaluates and
// survives crashes. Commands are executed exactly as the palette executes them (no arguments:
// the active editor's model) or as a code lens does (the file and the export).

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import type { Outcome } from "../../src/train/client";
import type { BatchEvent, DoneEvent, EvaluationEvent, WorkerEvent } from "../../src/protocol/worker";
import type { TrainingSession } from "../../src/extension/training/trainingSession";
import { openModel, workspaceFile, workspaceRoot } from "./helpers";

/**
 * Slow batches (a 512-wide MLP on batches of 2,048) over many epochs: long enough to stop or
 * kill mid-epoch, and slow enough per batch that the worker reports every batch.
 */
const LONG_MODEL = `import { model, input, dense, circles, sgd } from "nn-studio";

export default model({
  name: "long-run",
  input: input([2]),
  layers: [dense({ units: 512, activation: "relu" }), dense({ units: 512, activation: "relu" }), dense({ units: 2, activation: "softmax" })],
  data: circles({ n: 20000, noise: 0.05 }),
  train: { optimizer: sgd({ learningRate: 0.01 }), loss: "categoricalCrossentropy", metrics: ["accuracy"], epochs: 1000, batchSize: 2048 },
});
`;

function runJson(runDir: string): { status: string; epochs: number; error?: string } {
  return JSON.parse(fs.readFileSync(path.join(runDir, "run.json"), "utf8")) as { status: string; epochs: number; error?: string };
}

/** Resolves with the first event of the session that `accept` takes. */
function nextEvent<T extends WorkerEvent>(session: TrainingSession, accept: (event: WorkerEvent) => event is T): Promise<T> {
  return new Promise((resolve) => {
    const off = session.onEvent((event) => {
      if (!accept(event)) return;
      off();
      resolve(event);
    });
  });
}

async function longModel(): Promise<vscode.Uri> {
  const uri = workspaceFile("long-run.nn.ts");
  if (!fs.existsSync(uri.fsPath)) fs.writeFileSync(uri.fsPath, LONG_MODEL);
  await openModel(uri);
  return uri;
}

describe("training (real VS Code)", function () {
  this.timeout(240_000);

  it("Train from the palette on the spiral example: every epoch reaches the panel, the run folder holds the model", async () => {
    await openModel(workspaceFile("examples/spiral.nn.ts"));
    const session = await vscode.commands.executeCommand<TrainingSession | undefined>("nnStudio.train");
    assert.ok(session, "the command started a training");
    const outcome = await session.outcome;
    assert.strictEqual(outcome.type, "done", outcome.type === "error" ? outcome.message : "");
    const done = outcome as DoneEvent;
    const epochs = session.replay().filter((e) => e.type === "epoch");
    assert.strictEqual(epochs.length, 200);
    assert.strictEqual(done.status, "completed");
    assert.ok((done.test.accuracy ?? 0) >= 0.95, `test accuracy ${done.test.accuracy}`);

    // The webview was open and acknowledged every epoch, in the panel the command revealed.
    await session.delivered();
    assert.deepStrictEqual([...session.deliveredEpochs].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i + 1));

    // The run folder: published under its final name with the model and its records.
    assert.strictEqual(path.dirname(path.dirname(done.runDir)), path.join(workspaceRoot(), ".nn-studio", "runs"));
    for (const file of ["model.json", "weights.bin", "history.json", "run.json", "evaluation.json"]) {
      assert.ok(fs.existsSync(path.join(done.runDir, file)), file);
    }
    assert.strictEqual(runJson(done.runDir).status, "completed");

    // Evaluate loads that saved model in a fresh worker and scores it on the same test split.
    const evaluated = await vscode.commands.executeCommand<Outcome | undefined>("nnStudio.evaluate");
    assert.strictEqual(evaluated?.type, "evaluation", evaluated?.type === "error" ? evaluated.message : "");
    const evaluation = evaluated as EvaluationEvent;
    assert.strictEqual(evaluation.runDir, done.runDir);
    const original = done.evaluation;
    assert.ok(original?.kind === "classification" && evaluation.evaluation.kind === "classification");
    assert.deepStrictEqual(evaluation.evaluation.confusionMatrix, original.confusionMatrix);
  });

  it("Stop interrupts a longer run within one batch; a second Train of the same model is refused while it runs", async () => {
    const uri = await longModel();
    const session = await vscode.commands.executeCommand<TrainingSession | undefined>("nnStudio.train", uri, "default");
    assert.ok(session);
    const third = await nextEvent(session, (e): e is BatchEvent => e.type === "batch" && e.batch >= 2);
    assert.strictEqual(await vscode.commands.executeCommand("nnStudio.train", uri, "default"), undefined, "one training at a time per model");

    const step = (e: BatchEvent) => e.epoch * e.batchesPerEpoch + e.batch;
    const requestedAt = step(third);
    await vscode.commands.executeCommand("nnStudio.stopTraining");
    const outcome = await session.outcome;
    assert.strictEqual(outcome.type, "done", outcome.type === "error" ? outcome.message : "");
    assert.strictEqual((outcome as DoneEvent).status, "stopped");
    assert.strictEqual((outcome as DoneEvent).stopReason, "requested");
    // The batch in progress when Stop was pressed may finish; no later one starts.
    const later = session.replay().filter((e): e is BatchEvent => e.type === "batch" && step(e) > requestedAt);
    assert.ok(later.length <= 1, `batches after the stop: ${later.map(step).join(", ")}`);
    assert.strictEqual(runJson((outcome as DoneEvent).runDir).status, "stopped");
  });

  it("a killed worker: the run is marked failed and the extension keeps working", async () => {
    const uri = await longModel();
    const session = await vscode.commands.executeCommand<TrainingSession | undefined>("nnStudio.train", uri, "default");
    assert.ok(session);
    await nextEvent(session, (e): e is BatchEvent => e.type === "batch");
    session.kill();
    const outcome = await session.outcome;
    assert.strictEqual(outcome.type, "error");
    assert.ok(outcome.type === "error" && outcome.runDir !== undefined);
    const failed = runJson(outcome.runDir);
    assert.strictEqual(failed.status, "failed");
    assert.ok(!fs.existsSync(path.join(outcome.runDir, "model.json")), "a failed run carries no model");

    // The same model trains again at once, and stops again.
    const again = await vscode.commands.executeCommand<TrainingSession | undefined>("nnStudio.train", uri, "default");
    assert.ok(again, "the extension still trains after a crash");
    await nextEvent(again, (e): e is BatchEvent => e.type === "batch");
    again.stop();
    assert.strictEqual((await again.outcome).type, "done");
  });

  it("a model with errors is not started, and nothing is written", async () => {
    const uri = workspaceFile("broken/negative-dimension.nn.ts");
    await openModel(uri);
    const before = fs.existsSync(path.join(workspaceRoot(), ".nn-studio", "runs")) ? fs.readdirSync(path.join(workspaceRoot(), ".nn-studio", "runs")) : [];
    assert.strictEqual(await vscode.commands.executeCommand("nnStudio.train"), undefined);
    const after = fs.existsSync(path.join(workspaceRoot(), ".nn-studio", "runs")) ? fs.readdirSync(path.join(workspaceRoot(), ".nn-studio", "runs")) : [];
    assert.deepStrictEqual(after, before);
  });

  it("the nnStudio.training.backend setting chooses the worker's backend", async () => {
    const uri = writeTinyXor();
    const settings = vscode.workspace.getConfiguration("nnStudio");
    await settings.update("training.backend", "cpu", vscode.ConfigurationTarget.Workspace);
    try {
      const done = await trainToTheEnd(uri);
      // Without the setting the worker would pick wasm, the fastest backend that loads here.
      assert.strictEqual(done.backend, "cpu");
    } finally {
      await settings.update("training.backend", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("the nnStudio.training.threads setting sets the wasm backend's thread count", async () => {
    const uri = writeTinyXor();
    const settings = vscode.workspace.getConfiguration("nnStudio");
    await settings.update("training.backend", "wasm", vscode.ConfigurationTarget.Workspace);
    await settings.update("training.threads", 2, vscode.ConfigurationTarget.Workspace);
    try {
      const done = await trainToTheEnd(uri);
      const record = JSON.parse(fs.readFileSync(path.join(done.runDir, "run.json"), "utf8")) as { backend: string; threads?: number };
      // Left to choose, the worker would run this tiny model on one thread.
      assert.deepStrictEqual([record.backend, record.threads], ["wasm", 2]);
    } finally {
      await settings.update("training.backend", undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update("training.threads", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

/** A model small enough to train in a moment, written into the test workspace. */
function writeTinyXor(): vscode.Uri {
  const uri = workspaceFile("tiny-xor.nn.ts");
  fs.writeFileSync(
    uri.fsPath,
    `import { model, input, dense, xor } from "nn-studio";
export default model({
  name: "tiny-xor",
  input: input([2]),
  layers: [dense({ units: 8, activation: "tanh" }), dense({ units: 1, activation: "sigmoid" })],
  data: xor({ n: 200 }),
  train: { optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"], epochs: 2, batchSize: 32 },
});
`,
  );
  return uri;
}

/** Opens the model, runs the Train command and waits for the run to complete. */
async function trainToTheEnd(uri: vscode.Uri): Promise<DoneEvent> {
  await openModel(uri);
  const session = await vscode.commands.executeCommand<TrainingSession | undefined>("nnStudio.train");
  assert.ok(session, "the command started a training");
  const outcome = await session.outcome;
  assert.strictEqual(outcome.type, "done", outcome.type === "error" ? outcome.message : "");
  return outcome as DoneEvent;
}
