import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CommandIO } from "../../src/cli/io";
import { ROOT, runCli } from "./runCli";
import { runTrainCommand } from "../../src/cli/train";

const TINY = "test/fixtures/train/tiny.nn.ts";
const BROKEN = "test/fixtures/train/broken.nn.ts";


function tfjsNodeInstalled(): boolean {
  try {
    require.resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

describe("nn-studio train", function () {
  this.timeout(60000);
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-cli-train-"));
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it("--json prints one object per line: started, each epoch, done", async () => {
    const result = await runCli(["train", TINY, "--json", "--backend", "cpu", "--workspace", workspace]);
    assert.equal(result.code, 0, result.err.join("\n"));
    const lines = result.out.map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((l) => l.type),
      ["started", "epoch", "epoch", "epoch", "done"],
    );
    assert.equal(lines[0].backend, "cpu");
    assert.equal(lines[0].model, "tiny");
    assert.deepEqual(
      lines.slice(1, 4).map((l) => l.epoch),
      [1, 2, 3],
    );
    assert.deepEqual(Object.keys(lines[1].logs), ["loss", "accuracy", "val_loss", "val_accuracy"]);
    const done = lines[4];
    assert.equal(done.backend, "cpu");
    assert.equal(done.status, "completed");
    assert.deepEqual(Object.keys(done.test).sort(), ["accuracy", "loss"]);
    assert.ok(fs.existsSync(path.join(done.runDir, "run.json")));
    assert.equal(done.evaluation, undefined, "the full evaluation stays in evaluation.json");
  });

  it("prints a line per epoch and the test metrics when not on a terminal", async () => {
    const result = await runCli(["train", TINY, "--backend", "cpu", "--workspace", workspace]);
    assert.equal(result.code, 0, result.err.join("\n"));
    assert.match(result.out[0], /^Training tiny \(tiny\.nn\.ts\) on cpu: 42 parameters, 180 training \/ 20 validation \/ 40 test examples, 3 epochs of 9 batches, seed 3\.$/);
    assert.match(result.out[1], /^Epoch 1\/3 loss \d\.\d{4} · accuracy \d\.\d{4} · val_loss \d\.\d{4} · val_accuracy \d\.\d{4} · \d+ ms$/);
    assert.equal(result.out[4], "Trained 3 epochs.");
    assert.match(result.out[5], /^Test \(40 examples\): loss \d\.\d{4} · accuracy \d\.\d{4}$/);
    assert.match(result.out[6], /^Saved the run to .*\.nn-studio\/runs\/tiny\//);
    assert.deepEqual(result.err, []);
  });

  it("on a terminal, redraws a progress bar per epoch and leaves one line per epoch", async () => {
    const out: string[] = [];
    const writes: string[] = [];
    const io: CommandIO = { out: (line) => out.push(line), err: () => undefined, isTTY: true, write: (text) => writes.push(text) };
    const code = await runTrainCommand([path.join(ROOT, TINY), "--backend", "cpu", "--workspace", workspace], io, { handleSignals: false });
    assert.equal(code, 0);
    const bars = writes.filter((text) => text.startsWith("\rEpoch"));
    assert.ok(bars.length > 0, "the bar is drawn during epochs");
    assert.match(bars[0], /^\rEpoch 1\/3 \[=*>? *\] \d+\/9 · loss \d\.\d{4} · accuracy \d\.\d{4}\x1b\[K$/);
    assert.ok(writes.includes("\r\x1b[K"), "the bar is cleared before the epoch's line");
    assert.match(out[1], /^Epoch 1\/3 \[={30}\] loss /);
  });

  it("refuses a model with errors: its diagnostics, one line, exit 1", async () => {
    const result = await runCli(["train", BROKEN, "--workspace", workspace]);
    assert.equal(result.code, 1);
    assert.equal(result.out.length, 0);
    assert.match(result.err[0], /^test\/fixtures\/train\/broken\.nn\.ts:6:16: error nn\/data-input-mismatch: /);
    assert.match(result.err[1], /^test\/fixtures\/train\/broken\.nn\.ts:7:45: error nn\/negative-dimension: .*= −1/);
    assert.equal(result.err[2], "nn-studio train: broken has 2 errors in broken.nn.ts; fix them before training.");
    assert.equal(result.err.length, 3);
  });

  it("--json: a refused model is one error object with the diagnostics, exit 1", async () => {
    const result = await runCli(["train", BROKEN, "--json", "--workspace", workspace]);
    assert.equal(result.code, 1);
    assert.equal(result.out.length, 1);
    const error = JSON.parse(result.out[0]);
    assert.equal(error.type, "error");
    assert.equal(error.message, "broken has 2 errors in broken.nn.ts; fix them before training.");
    assert.deepEqual(
      error.diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]),
      [
        ["nn/data-input-mismatch", 6, 16],
        ["nn/negative-dimension", 7, 45],
      ],
    );
  });

  it("--backend tensorflow uses tfjs-node where it is installed, and says why not where it isn't", async () => {
    const result = await runCli(["train", TINY, "--json", "--backend", "tensorflow", "--epochs", "1", "--workspace", workspace]);
    const last = JSON.parse(result.out[result.out.length - 1]);
    if (tfjsNodeInstalled()) {
      assert.equal(result.code, 0);
      assert.equal(last.backend, "tensorflow");
    } else {
      assert.equal(result.code, 1);
      assert.equal(last.type, "error");
      assert.match(last.message, /^the tensorflow backend is unavailable: Cannot find module '@tensorflow\/tfjs-node'.*Use --backend auto/);
    }
  });

  it("on wasm, a small model trains on one thread and --threads 2 on two; started, the header and run.json say so", async () => {
    const automatic = await runCli(["train", TINY, "--json", "--backend", "wasm", "--epochs", "1", "--workspace", workspace]);
    assert.equal(automatic.code, 0, automatic.err.join("\n"));
    const started = JSON.parse(automatic.out[0]);
    assert.deepEqual([started.backend, started.threads], ["wasm", 1]);

    const two = await runCli(["train", TINY, "--backend", "wasm", "--threads", "2", "--epochs", "1", "--workspace", workspace]);
    assert.equal(two.code, 0, two.err.join("\n"));
    assert.match(two.out[0], /^Training tiny \(tiny\.nn\.ts\) on wasm \(2 threads\): 42 parameters/);
    const runs = path.join(workspace, ".nn-studio", "runs", "tiny");
    const records = fs.readdirSync(runs).map((name) => JSON.parse(fs.readFileSync(path.join(runs, name, "run.json"), "utf8")));
    assert.deepEqual(records.map((r) => r.threads).sort(), [1, 2]);
  });

  const usage: { name: string; args: string[]; message: RegExp }[] = [
    { name: "no file", args: ["train"], message: /^nn-studio train: give exactly one model file/ },
    { name: "a missing file", args: ["train", "nope.nn.ts"], message: /^nn-studio train: no such file: nope\.nn\.ts$/ },
    { name: "a bad epoch count", args: ["train", TINY, "--epochs", "0"], message: /^nn-studio train: --epochs must be a positive integer, not '0'\.$/ },
    { name: "an unknown backend", args: ["train", TINY, "--backend", "gpu"], message: /^nn-studio train: --backend must be auto, tensorflow, wasm or cpu, not 'gpu'\.$/ },
    { name: "a bad thread count", args: ["train", TINY, "--threads", "0"], message: /^nn-studio train: --threads must be a positive integer \(threads for the wasm backend\), not '0'\.$/ },
    { name: "an unknown option", args: ["train", TINY, "--epoch", "3"], message: /^nn-studio train: unknown option --epoch\. Did you mean '--epochs'\?$/ },
  ];
  for (const row of usage) {
    it(`usage error (${row.name}): one line, exit 2`, async () => {
      const result = await runCli(row.args);
      assert.equal(result.code, 2);
      assert.equal(result.err.length, 1);
      assert.match(result.err[0], row.message);
    });
  }

  it("as a process: stdout holds only the JSON lines, and the exit code is the contract", () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const ok = spawnSync(tsx, ["src/cli/cli.ts", "train", TINY, "--json", "--backend", "cpu", "--epochs", "1", "--workspace", workspace], { cwd: ROOT, encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    const lines = ok.stdout.trim().split("\n");
    assert.deepEqual(
      lines.map((line) => JSON.parse(line).type),
      ["started", "epoch", "done"],
    );
    const refused = spawnSync(tsx, ["src/cli/cli.ts", "train", BROKEN, "--json"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(refused.status, 1);
    assert.equal(JSON.parse(refused.stdout.trim()).type, "error");
    assert.doesNotMatch(refused.stderr, /\n\s+at /, "no stack trace");
  });
});
