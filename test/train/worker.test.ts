import { strict as assert } from "assert";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { analyze } from "../../src/core/analyze";
import { nodeHost } from "../../src/node/host";
import type { ErrorEvent, Evaluation, WorkerEvent } from "../../src/protocol/worker";
import { loadBackend } from "../../src/train/backend";
import { WorkerClient, type Outcome } from "../../src/train/client";
import { loadDataset } from "../../src/train/data";
import { MODEL_JSON, registerFileRouter, WEIGHTS_BIN } from "../../src/train/fileIO";
import { evaluateClassification } from "../../src/train/metrics";
import { EVALUATION_JSON, HISTORY_JSON, PREPROCESSING_JSON, readRun, RUN_JSON } from "../../src/train/runs";

const fixtures = path.resolve(__dirname, "../fixtures/train");

// These start real worker processes (from the sources, through tsx) on the cpu backend: the
// protocol, the process boundary and the failure paths are what is under test.
describe("training worker and client", function () {
  this.timeout(60000);
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-worker-"));
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  function train(fixture: string, onEvent?: (event: WorkerEvent, client: WorkerClient) => void, stopTimeoutMs?: number) {
    const client = WorkerClient.train(
      { file: path.join(fixtures, fixture), backend: "cpu", workspace, batchEventsPerSecond: 1000 },
      stopTimeoutMs === undefined ? {} : { stopTimeoutMs },
    );
    const events: WorkerEvent[] = [];
    client.onEvent((event) => {
      events.push(event);
      onEvent?.(event, client);
    });
    return { client, events, outcome: client.outcome };
  }

  function expectError(outcome: Outcome): ErrorEvent {
    assert.equal(outcome.type, "error", JSON.stringify(outcome));
    return outcome as ErrorEvent;
  }

  describe("a completed run", () => {
    // One training shared by the checks of its output, to keep worker starts few.
    let shared: { workspace: string; events: WorkerEvent[]; done: Outcome };
    before(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-worker-"));
      const client = WorkerClient.train({ file: path.join(fixtures, "tiny.nn.ts"), backend: "cpu", workspace: dir, batchEventsPerSecond: 1000 });
      const events: WorkerEvent[] = [];
      client.onEvent((event) => events.push(event));
      shared = { workspace: dir, events, done: await client.outcome };
    });
    after(() => fs.rmSync(shared.workspace, { recursive: true, force: true }));

    it("trains: started, epochs, done; the run holds everything, and its model predicts what was evaluated", async () => {
      const { events, done, workspace } = shared;
      assert.equal(done.type, "done", JSON.stringify(done));
      if (done.type !== "done") return;
      const kinds = events.map((e) => e.type).filter((t) => t === "started" || t === "epoch" || t === "done");
      assert.deepEqual(kinds, ["started", "epoch", "epoch", "epoch", "done"]);
      const started = events[0].type === "started" ? events[0] : events.find((e) => e.type === "started");
      assert.ok(started !== undefined && started.type === "started");
      assert.equal(started.backend, "cpu");
      assert.deepEqual(started.parameters, { total: 42, trainable: 42, nonTrainable: 0 });
      assert.deepEqual(started.samples, { train: 180, validation: 20, test: 40 });
      assert.equal(started.seed, 3);
      assert.ok(events.some((e) => e.type === "batch"));
      const epoch = events.find((e) => e.type === "epoch");
      assert.ok(epoch?.type === "epoch");
      assert.deepEqual(Object.keys(epoch.logs), ["loss", "accuracy", "val_loss", "val_accuracy"]);

      assert.equal(done.status, "completed");
      assert.equal(done.backend, "cpu");
      assert.deepEqual(Object.keys(done.test).sort(), ["accuracy", "loss"]);
      assert.equal(path.dirname(path.dirname(done.runDir)), path.join(workspace, ".nn-studio", "runs"));
      assert.deepEqual(fs.readdirSync(done.runDir).sort(), [EVALUATION_JSON, HISTORY_JSON, MODEL_JSON, PREPROCESSING_JSON, RUN_JSON, WEIGHTS_BIN].sort());
      const run = readRun(done.runDir);
      assert.equal(run?.status, "completed");
      assert.equal(run?.backend, "cpu");
      assert.equal(run?.epochs, 3);
      assert.equal(run?.source.file, path.join(fixtures, "tiny.nn.ts"));
      assert.deepEqual(run?.test, done.test);
      const history = JSON.parse(fs.readFileSync(path.join(done.runDir, HISTORY_JSON), "utf8"));
      assert.deepEqual(history.epoch, [1, 2, 3]);
      assert.equal(history.loss.length, 3);

      // The saved model, loaded by TensorFlow.js itself, predicts the evaluated test split exactly.
      const { tf } = await loadBackend("cpu");
      registerFileRouter(tf);
      const model = await tf.loadLayersModel(pathToFileURL(path.join(done.runDir, MODEL_JSON)).href);
      const file = path.join(fixtures, "tiny.nn.ts");
      const analysis = analyze(fs.readFileSync(file, "utf8"), file, nodeHost);
      const call = analysis.models[0].node.data;
      assert.ok(call !== null);
      const data = await loadDataset(call, analysis.models[0].data, { modelFile: file, seed: 3, binaryTargets: "oneHot" });
      const x = tf.tensor(data.test.x, [data.test.count, ...data.xShape]);
      const predictions = model.predict(x) as ReturnType<typeof tf.tensor>;
      const mine = evaluateClassification({ predictions: predictions.dataSync(), targets: data.test.y, width: 2, test: done.test });
      const saved = JSON.parse(fs.readFileSync(path.join(done.runDir, EVALUATION_JSON), "utf8")) as Evaluation;
      assert.equal(saved.kind, "classification");
      if (saved.kind === "classification") {
        assert.deepEqual(mine.confusionMatrix, saved.confusionMatrix);
        assert.deepEqual(
          mine.classes.map((c) => c.roc.auc),
          saved.classes.map((c) => c.roc.auc),
        );
      }
      tf.dispose([x, predictions]);
      model.dispose();
    });

    it("evaluates a saved run again to the same numbers", async () => {
      const first = shared.done;
      assert.equal(first.type, "done");
      if (first.type !== "done" || first.evaluation === null) return;
      const again = await WorkerClient.evaluate({ runDir: first.runDir, backend: "cpu" }).outcome;
      assert.equal(again.type, "evaluation", JSON.stringify(again));
      if (again.type !== "evaluation" || again.evaluation.kind !== "classification" || first.evaluation.kind !== "classification") return;
      assert.deepEqual(again.evaluation.confusionMatrix, first.evaluation.confusionMatrix);
      assert.ok(Math.abs(again.evaluation.test.loss - first.evaluation.test.loss) < 1e-6);
    });

    it("the same seed reproduces the run: same history, same weights", async () => {
      const first = shared.done;
      const second = await train("tiny.nn.ts").outcome;
      assert.ok(first.type === "done" && second.type === "done");
      if (first.type !== "done" || second.type !== "done") return;
      const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name));
      assert.deepEqual(JSON.parse(read(first.runDir, HISTORY_JSON).toString()), JSON.parse(read(second.runDir, HISTORY_JSON).toString()));
      assert.ok(read(first.runDir, WEIGHTS_BIN).equals(read(second.runDir, WEIGHTS_BIN)));
    });
  });

  it("refuses a model with errors, sending its diagnostics, and starts no run", async () => {
    const { outcome } = train("broken.nn.ts");
    const error = expectError(await outcome);
    assert.deepEqual(
      error.diagnostics?.map((d) => [d.code, d.line, d.column]),
      [
        ["nn/data-input-mismatch", 6, 16],
        ["nn/negative-dimension", 7, 45],
      ],
    );
    assert.match(error.message, /broken has 2 errors/);
    assert.equal(error.runDir, undefined);
    assert.ok(!fs.existsSync(path.join(workspace, ".nn-studio")));
  });

  it("stops cleanly on request: the model so far is saved, status stopped", async () => {
    let stoppedAfter = 0;
    const { outcome } = train("long.nn.ts", (event, client) => {
      if (event.type === "epoch" && stoppedAfter === 0) {
        stoppedAfter = event.epoch;
        client.stop();
      }
    });
    const done = await outcome;
    assert.equal(done.type, "done", JSON.stringify(done));
    if (done.type !== "done") return;
    assert.equal(done.status, "stopped");
    assert.equal(done.stopReason, "requested");
    // The stop lands within the next epoch, after whichever batch was running.
    assert.ok(done.epochs >= stoppedAfter && done.epochs <= stoppedAfter + 1, `stopped after ${done.epochs} epochs`);
    assert.equal(readRun(done.runDir)?.status, "stopped");
    assert.ok(fs.existsSync(path.join(done.runDir, MODEL_JSON)));
  });

  it("stops with a clear message when the loss diverges; the run is marked failed", async () => {
    const error = expectError(await train("diverges.nn.ts").outcome);
    assert.match(error.message, /^the loss became (NaN|Infinity) in epoch \d+, batch \d+; training stopped\. Lower the learning rate/);
    assert.ok(error.runDir !== undefined);
    const run = readRun(error.runDir);
    assert.equal(run?.status, "failed");
    assert.equal(run?.error, error.message);
    assert.ok(!fs.existsSync(path.join(error.runDir, MODEL_JSON)));
  });

  const kills: { name: string; kill: (client: WorkerClient) => void; message: RegExp }[] = [
    { name: "killed by the client", kill: (client) => client.kill(), message: /^training was cancelled: the worker was killed\.$/ },
    {
      name: "killed from outside (as by the OOM killer)",
      kill: (client) => process.kill(client.pid as number, "SIGKILL"),
      message: /^the training worker was killed by SIGKILL before finishing/,
    },
  ];
  for (const row of kills) {
    it(`a worker ${row.name} mid-run reaches the client as an error, and the run is marked failed`, async () => {
      let killed = false;
      const { outcome } = train("long.nn.ts", (event, client) => {
        if (event.type === "epoch" && !killed) {
          killed = true;
          row.kill(client);
        }
      });
      const error = expectError(await outcome);
      assert.match(error.message, row.message);
      assert.ok(error.runDir !== undefined, "the run folder is reported");
      const run = readRun(error.runDir);
      assert.equal(run?.status, "failed");
      assert.ok(!fs.existsSync(path.join(error.runDir, MODEL_JSON)));
      assert.deepEqual(
        fs.readdirSync(path.dirname(error.runDir)).filter((name) => name.startsWith(".")),
        [],
        "no staging folder is left behind",
      );
    });
  }

  it("kills a worker that does not stop in time", async () => {
    let asked = false;
    // A 1 ms grace period is shorter than any batch-and-save, so the kill always wins.
    const { outcome } = train(
      "long.nn.ts",
      (event, client) => {
        if (event.type === "epoch" && !asked) {
          asked = true;
          client.stop();
        }
      },
      1,
    );
    const error = expectError(await outcome);
    assert.match(error.message, /did not stop within 0\.001 s of being asked and was killed/);
    assert.equal(readRun(error.runDir as string)?.status, "failed");
  });

  it("the bundled worker (built as dist/worker.js is) trains the same way", async () => {
    // Built into out/ inside the repository, so that its external packages resolve from node_modules.
    const outfile = path.resolve(__dirname, "../../out/test-worker/worker.js");
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"));
    await esbuild.build({
      entryPoints: [path.resolve(__dirname, "../../src/train/worker.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["vscode", ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})],
      logLevel: "error",
    });
    const outcome = await WorkerClient.train({ file: path.join(fixtures, "tiny.nn.ts"), backend: "cpu", workspace, epochs: 1 }, { workerPath: outfile }).outcome;
    assert.equal(outcome.type, "done", JSON.stringify(outcome));
  });

  it("a worker that cannot start is an error, not a hang", async () => {
    const outcome = await WorkerClient.train({ file: path.join(fixtures, "tiny.nn.ts") }, { execPath: path.join(workspace, "no-such-node") }).outcome;
    assert.match(expectError(outcome).message, /could not start|exited/);
  });
});
