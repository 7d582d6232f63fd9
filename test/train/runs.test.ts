import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { loadBackend, type TF } from "../../src/train/backend";
import { fileSystemIO, MODEL_JSON, registerFileRouter, WEIGHTS_BIN } from "../../src/train/fileIO";
import {
  createRun,
  failRun,
  latestUsableRun,
  listRuns,
  publishRun,
  readRun,
  RUN_JSON,
  runsRoot,
  runTimestamp,
  safeName,
  writeJson,
  type RunRecord,
} from "../../src/train/runs";

function record(status: RunRecord["status"], startedAt: string): RunRecord {
  return {
    version: 1,
    status,
    source: { file: "/m.nn.ts" },
    model: { name: "m", exportName: "default" },
    options: { optimizer: { name: "adam", options: { learningRate: 0.001 } }, loss: "meanSquaredError", metrics: [], epochs: 1, batchSize: 1, validationSplit: 0, shuffle: true, seed: 1, earlyStopping: null },
    seed: 1,
    backend: "cpu",
    data: { kind: "sine", description: "", samples: { train: 1, validation: 0, test: 1 }, xShape: [1], yShape: [1] },
    parameters: { total: 2, trainable: 2, nonTrainable: 0 },
    timings: { startedAt },
    epochs: 1,
  };
}

describe("run folders", () => {
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-runs-"));
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  const names: { name: string; safe: string }[] = [
    { name: "mnist-convnet", safe: "mnist-convnet" },
    { name: "my model/v2", safe: "my_model_v2" },
    { name: "..", safe: "_" },
    { name: "", safe: "model" },
  ];
  for (const row of names) it(`folder name of '${row.name}' is '${row.safe}'`, () => assert.equal(safeName(row.name), row.safe));

  it("timestamps sort as time and are file-name safe", () => {
    assert.equal(runTimestamp(new Date("2026-01-02T03:04:05.006Z")), "2026-01-02T03-04-05-006Z");
  });

  it("a run lives in a hidden staging folder until it is published", () => {
    const now = new Date("2026-01-02T03:04:05.006Z");
    const paths = createRun(workspace, "m", now);
    assert.equal(path.basename(paths.staging), ".staging-2026-01-02T03-04-05-006Z");
    assert.equal(paths.final, path.join(runsRoot(workspace), "m", "2026-01-02T03-04-05-006Z"));
    writeJson(paths.staging, RUN_JSON, record("running", now.toISOString()));
    assert.deepEqual(listRuns(workspace), [], "a staging run is not listed");
    publishRun(paths);
    assert.equal(listRuns(workspace).length, 1);
    // A second run in the same millisecond gets its own name.
    const again = createRun(workspace, "m", now);
    assert.equal(path.basename(again.final), "2026-01-02T03-04-05-006Z-1");
  });

  it("a failed run is published marked failed, without model files", () => {
    const paths = createRun(workspace, "m");
    writeJson(paths.staging, RUN_JSON, record("running", new Date().toISOString()));
    fs.writeFileSync(path.join(paths.staging, MODEL_JSON), "{}");
    fs.writeFileSync(path.join(paths.staging, WEIGHTS_BIN), "");
    failRun(paths, "the worker was killed");
    assert.ok(!fs.existsSync(paths.staging));
    const run = readRun(paths.final);
    assert.equal(run?.status, "failed");
    assert.equal(run?.error, "the worker was killed");
    assert.ok(run?.timings.finishedAt !== undefined);
    assert.deepEqual(fs.readdirSync(paths.final).sort(), [RUN_JSON]);
  });

  it("a run that failed before writing run.json still gets one", () => {
    const paths = createRun(workspace, "m");
    failRun(paths, "crashed at once", record("running", new Date().toISOString()));
    assert.equal(readRun(paths.final)?.status, "failed");
  });

  it("the latest usable run skips failed ones", () => {
    const rows: [RunRecord["status"], string][] = [
      ["completed", "2026-01-01T00:00:00.000Z"],
      ["stopped", "2026-01-02T00:00:00.000Z"],
      ["failed", "2026-01-03T00:00:00.000Z"],
    ];
    for (const [status, startedAt] of rows) {
      const paths = createRun(workspace, "m", new Date(startedAt));
      writeJson(paths.staging, RUN_JSON, record(status, startedAt));
      publishRun(paths);
    }
    assert.deepEqual(
      listRuns(workspace, "m").map((entry) => entry.run.status),
      ["completed", "stopped", "failed"],
    );
    assert.equal(latestUsableRun(workspace, "m")?.run.status, "stopped");
    assert.equal(latestUsableRun(workspace, "other"), undefined);
  });
});

describe("file IO handler", () => {
  let tf: TF;
  let dir: string;
  before(async () => {
    tf = (await loadBackend("cpu")).tf;
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-model-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("saves a model that tf.loadLayersModel reads back through file:// and that predicts the same", async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 3, activation: "softmax" }));
    await model.save(fileSystemIO(dir));
    assert.deepEqual(fs.readdirSync(dir).sort(), [MODEL_JSON, WEIGHTS_BIN]);

    registerFileRouter(tf);
    const loaded = await tf.loadLayersModel(pathToFileURL(path.join(dir, MODEL_JSON)).href);
    const x = tf.randomNormal([4, 6, 6, 1], 0, 1, "float32", 3);
    const expected = model.predict(x) as ReturnType<typeof tf.tensor>;
    const actual = loaded.predict(x) as ReturnType<typeof tf.tensor>;
    assert.deepEqual(Array.from(actual.dataSync()), Array.from(expected.dataSync()));
    assert.equal(loaded.countParams(), model.countParams());
    tf.dispose([x, expected, actual]);
    model.dispose();
    loaded.dispose();
  });

  it("saves through a file:// URL too", async () => {
    registerFileRouter(tf);
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    await model.save(pathToFileURL(dir).href);
    assert.ok(fs.existsSync(path.join(dir, MODEL_JSON)));
    model.dispose();
  });

  it("names the file when model.json is missing", async () => {
    await assert.rejects(tf.loadLayersModel(fileSystemIO(dir)), (error: Error) => error.message.includes(path.join(dir, MODEL_JSON)));
  });
});
