import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./runCli";
import { createRun, readRun, RUN_JSON, writeJson, failRun } from "../../src/train/runs";

const TINY = "test/fixtures/train/tiny.nn.ts";
const REGRESSION = "test/fixtures/train/regression.nn.ts";


describe("nn-studio evaluate", function () {
  this.timeout(60000);
  let workspace: string;
  let runDir: string;
  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-cli-evaluate-"));
    const trained = await runCli(["train", TINY, "--json", "--backend", "cpu", "--workspace", workspace]);
    assert.equal(trained.code, 0, trained.err.join("\n"));
    runDir = JSON.parse(trained.out[trained.out.length - 1]).runDir;
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it("prints the latest run's evaluation of a model file: metrics, confusion matrix, per-class rates", async () => {
    const result = await runCli(["evaluate", TINY, "--workspace", workspace]);
    assert.equal(result.code, 0, result.err.join("\n"));
    const text = result.out.join("\n").split("\n");
    assert.match(text[0], /^Run .*\.nn-studio\/runs\/tiny\/[^/]+: tiny, completed, 3 epochs on cpu$/);
    assert.match(text[1], /^Test split: 40 examples · loss \d\.\d{4} · accuracy \d\.\d{4}$/);
    assert.equal(text[3], "Confusion matrix (rows: true class, columns: predicted class)");
    assert.match(text[4], /^\s+0\s+1$/);
    const rows = text.slice(5, 7).map((line) => line.trim().split(/\s+/).map(Number));
    // Each row is a true class followed by its counts; the counts add up to the test split.
    assert.deepEqual(
      rows.map((row) => [row.length, row[0]]),
      [
        [3, 0],
        [3, 1],
      ],
    );
    assert.equal(rows.reduce((sum, row) => sum + row[1] + row[2], 0), 40);
    assert.equal(text[8], "class precision    recall        f1   support   ROC AUC");
    assert.match(text[9], /^0\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+\s+\d\.\d{4}$/);
    assert.match(text[11], /^macro/);
    assert.match(text[13], /^Accuracy \d\.\d{4}$/);
  });

  it("--json on a run folder prints the saved evaluation", async () => {
    const result = await runCli(["evaluate", runDir, "--json"]);
    assert.equal(result.code, 0);
    const json = JSON.parse(result.out.join("\n"));
    assert.equal(json.runDir, runDir);
    assert.equal(json.model, "tiny");
    assert.equal(json.evaluation.kind, "classification");
    assert.equal(json.evaluation.samples, 40);
    assert.deepEqual(json.evaluation.labels, ["0", "1"]);
    assert.equal(json.evaluation.classes[0].roc.fpr[0], 0);
  });

  it("--recompute evaluates the saved model again in a worker, to the same numbers", async () => {
    const saved = JSON.parse((await runCli(["evaluate", runDir, "--json"])).out.join("\n"));
    const again = await runCli(["evaluate", runDir, "--json", "--recompute", "--backend", "cpu"]);
    assert.equal(again.code, 0, again.err.join("\n"));
    const json = JSON.parse(again.out.join("\n"));
    assert.deepEqual(json.evaluation.confusionMatrix, saved.evaluation.confusionMatrix);
    assert.ok(Math.abs(json.evaluation.test.loss - saved.evaluation.test.loss) < 1e-6);
  });

  it("--recompute --backend wasm --threads 2 evaluates on two wasm threads, to the same numbers", async () => {
    const saved = JSON.parse((await runCli(["evaluate", runDir, "--json"])).out.join("\n"));
    const again = await runCli(["evaluate", runDir, "--json", "--recompute", "--backend", "wasm", "--threads", "2"]);
    assert.equal(again.code, 0, again.err.join("\n"));
    const json = JSON.parse(again.out.join("\n"));
    assert.equal(json.backend, "wasm");
    assert.deepEqual(json.evaluation.confusionMatrix, saved.evaluation.confusionMatrix);
    assert.ok(Math.abs(json.evaluation.test.loss - saved.evaluation.test.loss) < 1e-5);
  });

  it("--threads must be a positive integer: one line, exit 2", async () => {
    const result = await runCli(["evaluate", runDir, "--threads", "two"]);
    assert.equal(result.code, 2);
    assert.deepEqual(result.err, ["nn-studio evaluate: --threads must be a positive integer (threads for the wasm backend), not 'two'."]);
  });

  it("a regression run shows MAE, MSE and R²", async () => {
    const trained = await runCli(["train", REGRESSION, "--json", "--backend", "cpu", "--epochs", "2", "--workspace", workspace]);
    assert.equal(trained.code, 0, trained.err.join("\n"));
    const result = await runCli(["evaluate", REGRESSION, "--workspace", workspace]);
    assert.equal(result.code, 0);
    assert.match(result.out[1], /^Test split: 80 examples · loss \d\.\d{4} · mae \d\.\d{4}\nMAE \d\.\d{4} · MSE \d\.\d{4} · R² -?\d\.\d{4}$/);
  });

  it("a model never trained: one line that says how to train it, exit 1", async () => {
    const result = await runCli(["evaluate", "test/fixtures/train/long.nn.ts", "--workspace", workspace]);
    assert.equal(result.code, 1);
    assert.deepEqual(result.err, [`nn-studio evaluate: long has no finished run in ${path.join(workspace, ".nn-studio", "runs")}. Train it first: nn-studio train test/fixtures/train/long.nn.ts`]);
  });

  it("a failed run: one line with its reason, exit 1", async () => {
    const paths = createRun(workspace, "failing");
    writeJson(paths.staging, RUN_JSON, { ...readRun(runDir), status: "running" });
    failRun(paths, "the worker was killed");
    const result = await runCli(["evaluate", paths.final]);
    assert.equal(result.code, 1);
    assert.equal(result.err.length, 1);
    assert.match(result.err[0], /^nn-studio evaluate: the run .* failed \(the worker was killed\); it has no model to evaluate\.$/);
  });

  it("a folder that is not a run: one line, exit 2", async () => {
    const result = await runCli(["evaluate", workspace]);
    assert.equal(result.code, 2);
    assert.match(result.err[0], /is not a run folder: it has no readable run\.json\.$/);
  });
});
