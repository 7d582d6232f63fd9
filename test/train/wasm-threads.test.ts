// The wasm backend with XNNPACK's thread pool (src/train/wasm/threads.ts) computes what the cpu
// backend computes, really runs two threads, lets its process exit when the work is done, and
// falls back to one thread, saying why, where threads cannot start.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { TOLERANCE } from "./wasm-compare";

const ROOT = path.resolve(__dirname, "../..");

interface ChildResult {
  setup: { threads: number; threadsError?: string };
  workers: { running: number; idle: number } | null;
  fit: { losses: number; weights: number[] };
  conv: number[];
}

function runChild(...args: string[]): ChildResult {
  const child = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), path.join(__dirname, "wasm-threads-child.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    // A pool thread holding the process open would show as this timeout.
    timeout: 150_000,
  });
  assert.equal(child.signal, null, `the process did not exit by itself: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as ChildResult;
}

function assertMatchesCpu(result: ChildResult): void {
  assert.ok(result.fit.losses <= TOLERANCE, `losses differ by ${result.fit.losses}`);
  result.fit.weights.forEach((error, i) => assert.ok(error <= TOLERANCE, `weight ${i} differs by ${error}`));
  assert.equal(result.conv.length, 2);
  result.conv.forEach((error, i) => assert.ok(error <= TOLERANCE, `gradient ${i} differs by ${error}`));
}

describe("wasm backend with two threads", function () {
  this.timeout(180_000);

  it("trains the convnet to the cpu backend's weights, computes conv gradients alike, and exits by itself", () => {
    const result = runChild();
    assert.deepEqual(result.setup, { threads: 2 });
    // One worker runs XNNPACK's second thread; the other seven Emscripten started are stopped.
    assert.deepEqual(result.workers, { running: 1, idle: 0 });
    assertMatchesCpu(result);
  });

  it("where no thread can start, runs on one thread and says why", () => {
    const result = runChild("no-workers");
    assert.equal(result.setup.threads, 1);
    assert.match(result.setup.threadsError ?? "", /worker threads are disabled in this process/);
    assertMatchesCpu(result);
  });
});
