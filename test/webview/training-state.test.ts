// The panel's pure model of a run (no DOM): what the recorded worker events turn into, how the
// charts are grouped, the smoothing, and the formats the panel prints.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { BatchEvent, EpochEvent, WorkerEvent } from "../../src/protocol/worker";
import { formatDuration, formatNumber, runLabel } from "../../webview/training/dom";
import { applyEvent, chartGroups, emptyRun, runFromSnapshot, type RunState } from "../../webview/training/runState";
import { Smoother } from "../../webview/training/smoothing";

function events(name: string): WorkerEvent[] {
  return fs
    .readFileSync(path.join(__dirname, "../fixtures/training", name), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as WorkerEvent);
}

function replay(stream: WorkerEvent[]): RunState {
  return stream.reduce(applyEvent, emptyRun());
}

describe("training panel state", () => {
  describe("chart groups", () => {
    const rows: { logs: string[]; groups: [string, string[]][] }[] = [
      { logs: ["loss"], groups: [["loss", ["loss"]]] },
      { logs: ["loss", "accuracy", "val_loss", "val_accuracy"], groups: [["loss", ["loss", "val_loss"]], ["accuracy", ["accuracy", "val_accuracy"]]] },
      { logs: ["accuracy", "loss", "val_accuracy", "val_loss"], groups: [["loss", ["loss", "val_loss"]], ["accuracy", ["accuracy", "val_accuracy"]]] },
      { logs: ["loss", "mae", "val_loss", "val_mae"], groups: [["loss", ["loss", "val_loss"]], ["mae", ["mae", "val_mae"]]] },
      { logs: ["loss", "val_auc"], groups: [["loss", ["loss"]], ["val_auc", ["val_auc"]]] },
      { logs: [], groups: [] },
    ];
    for (const row of rows) {
      it(`[${row.logs.join(", ")}]`, () => {
        assert.deepStrictEqual(chartGroups(row.logs).map((g) => [g.title, g.series]), row.groups);
      });
    }
  });

  describe("smoothing (TensorBoard's debiased EMA)", () => {
    const rows: { weight: number; values: number[]; smoothed: number[] }[] = [
      { weight: 0, values: [3, 1, 2], smoothed: [3, 1, 2] },
      // By hand: (0.4·1)/(1 − 0.6) = 1; (0.6·0.4 + 0.4·3)/(1 − 0.36) = 1.44/0.64 = 2.25.
      { weight: 0.6, values: [1, 3], smoothed: [1, 2.25] },
      { weight: 0.6, values: [5, 5, 5], smoothed: [5, 5, 5] },
    ];
    for (const row of rows) {
      it(`weight ${row.weight}: [${row.values.join(", ")}]`, () => {
        const smoother = new Smoother(row.weight);
        const actual = row.values.map((v) => smoother.next(v));
        actual.forEach((value, i) => assert.ok(Math.abs(value - row.smoothed[i]) < 1e-12, `${value} ≠ ${row.smoothed[i]}`));
      });
    }
  });

  describe("formats", () => {
    const rows: [string, string, string][] = [
      ["formatDuration", String(formatDuration(0)), "0s"],
      ["formatDuration", String(formatDuration(59.4)), "59s"],
      ["formatDuration", String(formatDuration(65)), "1:05"],
      ["formatDuration", String(formatDuration(3 * 3600 + 7 * 60 + 9)), "3:07:09"],
      ["formatNumber", formatNumber(12345), "12,345"],
      ["formatNumber", formatNumber(0.973149), "0.9731"],
      ["formatNumber", formatNumber(1234.5678), "1,235"],
      ["runLabel", runLabel("2026-11-25T04-36-51-780Z"), "2026-11-25 04:36:51"],
      ["runLabel", runLabel("2026-11-25T04-36-51-780Z-2"), "2026-11-25 04:36:51-2"],
      ["runLabel", runLabel("my-run"), "my-run"],
    ];
    for (const [fn, actual, expected] of rows) it(`${fn} → ${expected}`, () => assert.strictEqual(actual, expected));
  });

  describe("a recorded run", () => {
    it("spiral3: 150 epochs, every batch loss at its step, completed with its evaluation", () => {
      const stream = events("spiral3.jsonl");
      const run = replay(stream);
      const epochs = stream.filter((e): e is EpochEvent => e.type === "epoch");
      const batches = stream.filter((e): e is BatchEvent => e.type === "batch");
      assert.deepStrictEqual(run.epochs.epochs, epochs.map((e) => e.epoch));
      assert.deepStrictEqual([...run.epochs.values.keys()], Object.keys(epochs[0].logs));
      assert.deepStrictEqual(run.epochs.values.get("val_loss"), epochs.map((e) => e.logs.val_loss));
      assert.deepStrictEqual(run.batches.steps, batches.map((b) => b.epoch * b.batchesPerEpoch + b.batch + 1));
      assert.strictEqual(run.status, "completed");
      assert.strictEqual(run.live, false);
      assert.strictEqual(run.progress.epochsDone, 150);
      assert.strictEqual(run.progress.etaSeconds, 0);
      assert.strictEqual(run.evaluation?.kind, "classification");
    });

    it("stopped: the partial last epoch has no validation values, padded with null", () => {
      const stream = events("stopped.jsonl");
      const run = replay(stream);
      const epochs = stream.filter((e): e is EpochEvent => e.type === "epoch");
      const last = epochs[epochs.length - 1];
      assert.ok(!("val_loss" in last.logs), "the fixture's last epoch is partial");
      assert.strictEqual(run.epochs.values.get("val_loss")?.at(-1), null);
      assert.strictEqual(run.epochs.values.get("val_loss")?.length, epochs.length);
      assert.strictEqual(run.status, "stopped");
    });

    it("killed: failed, with the client's message and the run folder", () => {
      const run = replay(events("killed.jsonl"));
      assert.strictEqual(run.status, "failed");
      assert.strictEqual(run.live, false);
      assert.match(run.error?.message ?? "", /killed/);
      assert.ok(run.runDir?.startsWith("/workspace/.nn-studio/runs/spiral3/"));
    });

    it("a replay after a reload starts the run over: `started` resets the picture", () => {
      const stream = events("spiral3.jsonl").slice(0, 40);
      const once = replay(stream);
      const twice = replay([...stream, ...stream]);
      assert.deepStrictEqual(twice.epochs, once.epochs);
      assert.deepStrictEqual(twice.batches, once.batches);
    });

    it("a snapshot from the run folder draws the same epoch curves", () => {
      const stream = events("spiral3.jsonl");
      const live = replay(stream);
      const epochs = stream.filter((e): e is EpochEvent => e.type === "epoch");
      const header = { file: "f", model: "spiral3", backend: "cpu" as const, data: "d", parameters: null, samples: null, epochs: 150, batchSize: 32, seed: 1 };
      const restored = runFromSnapshot({ runDir: "r", status: "completed", header, history: epochs.map((e) => e.logs), test: null, evaluation: null, error: null }, false);
      assert.deepStrictEqual(restored.epochs, live.epochs);
      assert.strictEqual(restored.progress.epochsDone, 150);
    });
  });
});
