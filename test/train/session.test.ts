import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EpochEvent, TrainRequest, WorkerEvent } from "../../src/protocol/worker";
import { loadBackend, type TF } from "../../src/train/backend";
import { EVALUATION_JSON, HISTORY_JSON, readJson, readRun } from "../../src/train/runs";
import { runTrain } from "../../src/train/session";

const fixtures = path.resolve(__dirname, "../fixtures/train");

// The job itself, in this process, so that TensorFlow.js's memory can be watched from outside.
describe("training job (in process)", function () {
  this.timeout(60000);
  let tf: TF;
  let workspace: string;
  before(async () => {
    tf = (await loadBackend("cpu")).tf;
  });
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-session-"));
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  async function run(fixture: string, overrides: Partial<TrainRequest> = {}, onEvent?: (event: WorkerEvent) => void) {
    const events: WorkerEvent[] = [];
    await runTrain(
      { type: "train", file: path.join(fixtures, fixture), backend: "cpu", workspace, ...overrides },
      {
        emit: (event) => {
          events.push(event);
          onEvent?.(event);
        },
        stopRequested: () => false,
      },
    );
    const final = events[events.length - 1];
    return { events, final };
  }

  it("leaks no tensors: flat across epochs, and everything freed when the job ends", async () => {
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const { final } = await run("tiny.nn.ts", { epochs: 6 }, (event) => {
      if (event.type === "epoch") perEpoch.push(tf.memory().numTensors);
    });
    assert.equal(final.type, "done", JSON.stringify(final));
    assert.equal(perEpoch.length, 6);
    assert.ok(
      perEpoch.every((count) => count === perEpoch[0]),
      `tensors after each epoch: ${perEpoch.join(", ")}`,
    );
    assert.equal(tf.memory().numTensors, before);
  });

  it("leaks no tensors when a job fails either", async () => {
    const before = tf.memory().numTensors;
    const { final } = await run("diverges.nn.ts");
    assert.equal(final.type, "error");
    assert.equal(tf.memory().numTensors, before);
  });

  it("--epochs overrides the file's epochs, and the run records it", async () => {
    const { final } = await run("tiny.nn.ts", { epochs: 1 });
    assert.equal(final.type, "done");
    if (final.type !== "done") return;
    assert.equal(final.epochs, 1);
    assert.equal(readRun(final.runDir)?.options.epochs, 1);
  });

  it("early stopping ends a regression early; the evaluation has MAE, MSE and R²", async () => {
    const epochs: EpochEvent[] = [];
    const { final } = await run("regression.nn.ts", {}, (event) => {
      if (event.type === "epoch") epochs.push(event);
    });
    assert.equal(final.type, "done", JSON.stringify(final));
    if (final.type !== "done") return;
    assert.equal(final.stopReason, "early-stopping");
    assert.equal(final.status, "completed");
    assert.ok(final.epochs < 40 && final.epochs === epochs.length, `${final.epochs} epochs`);
    // Keras' rule: training stopped because the last `patience` (3) epochs did not beat the best.
    const losses = epochs.map((e) => e.logs.loss);
    const best = Math.min(...losses.slice(0, -3));
    assert.ok(
      losses.slice(-3).every((loss) => loss >= best),
      `losses ${losses.join(", ")}`,
    );
    const evaluation = readJson<{ kind: string; mae: number; mse: number; r2: number }>(path.join(final.runDir, EVALUATION_JSON));
    assert.equal(evaluation?.kind, "regression");
    assert.ok(evaluation !== undefined && evaluation.r2 > 0.5, `R² ${evaluation?.r2}`);
    assert.ok(Math.abs((evaluation?.mse ?? 0) - final.test.loss) < 1e-4, "the evaluation's MSE is the test loss");
    const history = readJson<Record<string, number[]>>(path.join(final.runDir, HISTORY_JSON));
    assert.deepEqual(Object.keys(history ?? {}).sort(), ["epoch", "loss", "mae"]);
  });

  it("a model the file does not have is named in the error", async () => {
    const { final } = await run("tiny.nn.ts", { model: "nope" });
    assert.equal(final.type, "error");
    if (final.type === "error") assert.equal(final.message, "tiny.nn.ts has no model named 'nope' (it has: tiny).");
  });
});
