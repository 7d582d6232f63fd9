import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import { ROOT, runCli } from "./runCli";



describe("nn-studio check", () => {
  it("passes on every example", async () => {
    const result = await runCli(["check", "examples/"]);
    const errors = result.out.filter((line) => / error nn\//.test(line));
    assert.deepEqual(errors, []);
    assert.equal(result.code, 0);
    assert.match(result.err.join("\n"), /6 files checked: 0 errors/);
  });

  it("prints compiler-style lines with the arithmetic, and exits 1 on an error", async () => {
    const result = await runCli(["check", "test/fixtures/cli/broken.nn.ts"]);
    assert.equal(result.code, 1);
    assert.match(result.out[0], /^test\/fixtures\/cli\/broken\.nn\.ts:7:\d+: error nn\/negative-dimension: .*floor\(\(5 − 7\) \/ 1\) \+ 1 = −1/);
  });

  it("--json follows the documented schema (DSL.md §8) for the MNIST convnet", async () => {
    const result = await runCli(["check", "--json", "examples/mnist.nn.ts"]);
    assert.equal(result.code, 0);
    const json = JSON.parse(result.out.join("\n"));
    const file = json.files[0];
    assert.equal(file.file, "examples/mnist.nn.ts");
    const model = file.models[0];
    assert.deepEqual(
      { name: model.name, export: model.export, input: model.input, outputShape: model.outputShape },
      { name: "mnist-convnet", export: "default", input: [28, 28, 1], outputShape: [10] },
    );
    assert.deepEqual(model.layers[0], { name: "conv2d", type: "conv2d", outputShape: [26, 26, 32], params: 320, trainableParams: 320, flops: 389376 });
    assert.deepEqual(
      model.layers.map((layer: { outputShape: number[] }) => layer.outputShape),
      [[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [1600], [10]],
    );
    assert.equal(model.totalParams, 34826);
    assert.equal(model.trainableParams, 34826);
    assert.equal(model.nonTrainableParams, 0);
    assert.equal(model.flops, 4881920);
    for (const d of file.diagnostics) assert.notEqual(d.severity, "error");
  });

  it("--json diagnostics carry 1-based ranges, the model and the layer index", async () => {
    const result = await runCli(["check", "--json", "test/fixtures/cli/broken.nn.ts"]);
    const d = JSON.parse(result.out.join("\n")).files[0].diagnostics.find((x: { code: string }) => x.code === "nn/negative-dimension");
    assert.equal(d.line, 7);
    assert.equal(d.endLine, 7);
    assert.ok(d.endColumn > d.column);
    assert.equal(d.model, "broken");
    assert.equal(d.layer, 0);
  });

  it("expands globs", async () => {
    const result = await runCli(["check", "examples/*.nn.ts"]);
    assert.match(result.err.join("\n"), /6 files checked/);
  });

  const usageErrors: { args: string[]; message: RegExp }[] = [
    { args: ["check", "no/such/file.nn.ts"], message: /no such file or folder: no\/such\/file\.nn\.ts/ },
    { args: ["check", "test/fixtures/cli/empty"], message: /no \.nn\.ts model files in test\/fixtures\/cli\/empty/ },
    { args: ["check"], message: /give at least one model file/ },
    { args: ["check", "--jsno", "examples/"], message: /unknown option --jsno\. Did you mean '--json'\?/ },
    { args: ["chek", "examples/"], message: /unknown command 'chek'\. Did you mean 'check'\?/ },
    { args: ["summary", "nope.nn.ts"], message: /nope\.nn\.ts can't be read/ },
  ];
  for (const row of usageErrors) {
    it(`${row.args.join(" ")}: one clear line, exit 2`, async () => {
      const result = await runCli(row.args);
      assert.equal(result.code, 2);
      assert.match(result.err[0], row.message);
      assert.doesNotMatch(result.err.join("\n"), /\n\s+at /, "no stack trace");
    });
  }
});

describe("nn-studio summary", () => {
  it("prints a Keras-style table with totals, float32 size and FLOPs", async () => {
    const result = await runCli(["summary", "examples/mnist.nn.ts"]);
    assert.equal(result.code, 0);
    const text = result.out.join("\n");
    assert.match(text, /Model: "mnist-convnet"/);
    assert.match(text, /│ conv2d\s+│ \[26, 26, 32\]\s+│\s+320 │/);
    assert.match(text, /│ dense\s+│ \[10\]\s+│\s+16,010 │/);
    assert.match(text, /Total params: 34,826 \(136\.04 KB\)/);
    assert.match(text, /Non-trainable params: 0 \(0\.00 B\)/);
    assert.match(text, /FLOPs per example: 4,881,920 \(4\.88 MFLOPs\)/);
  });

  it("counts batch normalisation's moving statistics as non-trainable", async () => {
    const result = await runCli(["summary", "--json", "examples/cifar-cnn.nn.ts"]);
    const model = JSON.parse(result.out.join("\n")).models[0];
    // Four batchNorm layers over 32, 32, 64 and 64 channels keep 2·c moving statistics each.
    assert.equal(model.nonTrainableParams, 2 * (32 + 32 + 64 + 64));
  });
});

describe("the built command (dist/cli.js)", () => {
  before(function () {
    this.timeout(60000);
    execFileSync(process.execPath, ["esbuild.js"], { cwd: ROOT });
  });

  it("runs as a program with the documented exit codes", () => {
    const ok = spawnSync(process.execPath, ["dist/cli.js", "check", "examples/"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    const broken = spawnSync(process.execPath, ["dist/cli.js", "check", "test/fixtures/cli/broken.nn.ts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(broken.status, 1);
    const missing = spawnSync(process.execPath, ["dist/cli.js", "summary", "missing.nn.ts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
  });
});
