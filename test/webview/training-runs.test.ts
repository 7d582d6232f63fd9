// Run folders as the panel lists and redraws them, written with the training runtime's own
// writers (createRun / writeJson / publishRun / failRun) into a temporary workspace; and the
// guard that keeps Open and Delete to published run folders.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deleteRunFolder, epochHistory, isRunFolder, runSnapshot, runSummaries } from "../../src/extension/training/runFiles";
import type { Evaluation } from "../../src/protocol/worker";
import { createRun, EVALUATION_JSON, failRun, HISTORY_JSON, publishRun, RUN_JSON, writeJson, type RunRecord } from "../../src/train/runs";

function record(status: RunRecord["status"], startedAt: string, epochs: number): RunRecord {
  return {
    version: 1,
    status,
    source: { file: "/w/spiral.nn.ts" },
    model: { name: "spiral", exportName: "default" },
    options: { optimizer: { name: "adam", options: { learningRate: 0.01 } }, loss: "binaryCrossentropy", metrics: ["accuracy"], epochs: 20, batchSize: 32, validationSplit: 0, shuffle: true, seed: 7, earlyStopping: null },
    seed: 7,
    backend: "wasm",
    threads: 2,
    data: { kind: "spiral", description: "spiral: 800 + 200 points", samples: { train: 800, validation: 0, test: 200 }, xShape: [2], yShape: [1] },
    parameters: { total: 2209, trainable: 2209, nonTrainable: 0 },
    timings: { startedAt },
    epochs,
    ...(status === "completed" ? { test: { loss: 0.05, accuracy: 0.98 } } : {}),
  };
}

const evaluation: Evaluation = { kind: "regression", test: { loss: 0.1 }, samples: 2, mae: 0.1, mse: 0.02, r2: 0.9 };

describe("training panel: run folders", () => {
  let workspace: string;
  let completed: string;
  let failed: string;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-runs-"));
    const first = createRun(workspace, "spiral", new Date("2026-11-24T10:00:00.000Z"));
    writeJson(first.staging, RUN_JSON, record("completed", "2026-11-24T10:00:00.000Z", 3));
    writeJson(first.staging, HISTORY_JSON, { epoch: [1, 2, 3], loss: [0.9, 0.5, 0.3], accuracy: [0.5, 0.8, 0.9] });
    writeJson(first.staging, EVALUATION_JSON, evaluation);
    publishRun(first);
    completed = first.final;
    const second = createRun(workspace, "spiral", new Date("2026-11-25T10:00:00.000Z"));
    writeJson(second.staging, RUN_JSON, record("running", "2026-11-25T10:00:00.000Z", 1));
    failRun(second, "the worker was killed");
    failed = second.final;
    // A run still in progress (staging) and another model's run are not listed.
    createRun(workspace, "spiral", new Date("2026-11-26T10:00:00.000Z"));
    const other = createRun(workspace, "other", new Date("2026-11-26T10:00:00.000Z"));
    writeJson(other.staging, RUN_JSON, { ...record("completed", "2026-11-26T10:00:00.000Z", 1), model: { name: "other", exportName: "other" } });
    publishRun(other);
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it("lists a model's published runs, newest first, with the test metrics of usable ones", () => {
    const runs = runSummaries(workspace, "spiral");
    assert.deepStrictEqual(
      runs.map((r) => [r.name, r.status, r.epochs, r.backend, r.test]),
      [
        ["2026-11-25T10-00-00-000Z", "failed", 1, "wasm", null],
        ["2026-11-24T10-00-00-000Z", "completed", 3, "wasm", { loss: 0.05, accuracy: 0.98 }],
      ],
    );
    assert.deepStrictEqual(runs.map((r) => r.runDir), [failed, completed]);
  });

  it("turns history.json's columns into one log object per epoch", () => {
    assert.deepStrictEqual(epochHistory(completed), [
      { loss: 0.9, accuracy: 0.5 },
      { loss: 0.5, accuracy: 0.8 },
      { loss: 0.3, accuracy: 0.9 },
    ]);
    assert.deepStrictEqual(epochHistory(failed), []);
  });

  it("rebuilds a whole run for a reloaded panel", () => {
    const snapshot = runSnapshot(completed);
    assert.ok(snapshot !== undefined);
    assert.deepStrictEqual(snapshot.header, {
      file: "/w/spiral.nn.ts",
      model: "spiral",
      backend: "wasm",
      threads: 2,
      data: "spiral: 800 + 200 points",
      parameters: { total: 2209, trainable: 2209, nonTrainable: 0 },
      samples: { train: 800, validation: 0, test: 200 },
      epochs: 20,
      batchSize: 32,
      seed: 7,
    });
    assert.strictEqual(snapshot.history.length, 3);
    assert.deepStrictEqual(snapshot.evaluation, evaluation);
    assert.deepStrictEqual(snapshot.test, { loss: 0.05, accuracy: 0.98 });
    const failedSnapshot = runSnapshot(failed);
    assert.strictEqual(failedSnapshot?.status, "failed");
    assert.strictEqual(failedSnapshot?.error, "the worker was killed");
    assert.strictEqual(runSnapshot(path.join(workspace, "nowhere")), undefined);
  });

  describe("only published run folders may be opened or deleted", () => {
    const rows: { name: string; dir: () => string; allowed: boolean }[] = [
      { name: "a completed run", dir: () => completed, allowed: true },
      { name: "a failed run", dir: () => failed, allowed: true },
      { name: "the same run through '..'", dir: () => path.join(completed, "..", path.basename(completed)), allowed: true },
      { name: "a staging folder", dir: () => path.join(path.dirname(completed), fs.readdirSync(path.dirname(completed)).find((n) => n.startsWith(".staging-")) ?? ""), allowed: false },
      { name: "the model's folder", dir: () => path.dirname(completed), allowed: false },
      { name: "the runs root", dir: () => path.join(workspace, ".nn-studio", "runs"), allowed: false },
      { name: "the workspace", dir: () => workspace, allowed: false },
      { name: "a file inside a run", dir: () => path.join(completed, RUN_JSON), allowed: false },
      { name: "a run folder that does not exist", dir: () => path.join(path.dirname(completed), "2020-01-01T00-00-00-000Z"), allowed: false },
      { name: "a folder outside the workspace", dir: () => os.tmpdir(), allowed: false },
    ];
    for (const row of rows) {
      it(`${row.allowed ? "allows" : "refuses"} ${row.name}`, () => {
        assert.strictEqual(isRunFolder(workspace, row.dir()), row.allowed);
      });
    }
  });

  // In a describe of its own: mocha runs a suite's tests before its nested suites, and this one
  // must come last.
  describe("deleting", () => {
    it("deletes a run folder, and refuses anything else", () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), "nn-keep-"));
      assert.strictEqual(deleteRunFolder(workspace, outside), false);
      assert.ok(fs.existsSync(outside));
      fs.rmSync(outside, { recursive: true });
      assert.strictEqual(deleteRunFolder(workspace, failed), true);
      assert.ok(!fs.existsSync(failed));
      assert.deepStrictEqual(runSummaries(workspace, "spiral").map((r) => r.runDir), [completed]);
    });
  });
});
