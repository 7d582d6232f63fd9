import { strict as assert } from "assert";
import { WASM_THREADS_MIN_FLOPS_PER_BATCH, wasmThreadsFor } from "../../src/train/backend";
import { coreCount, WASM_MAX_THREADS } from "../../src/train/wasm";

// The wasm thread count: what was asked for, else every core for batches heavy enough to gain.
describe("wasm thread count", () => {
  const cores = coreCount();
  const rows: { name: string; threads?: number; flopsPerBatch?: number | null; expected: number }[] = [
    { name: "asked for 3", threads: 3, flopsPerBatch: 1e3, expected: 3 },
    { name: "asked for 1 on a heavy model", threads: 1, flopsPerBatch: 1e12, expected: 1 },
    { name: "0 means choose: the MNIST convnet (4.88 MFLOP × 64)", threads: 0, flopsPerBatch: 4_881_920 * 64, expected: cores },
    { name: "the MLP (0.2 MFLOP × 64)", flopsPerBatch: 203_264 * 64, expected: 1 },
    { name: "exactly the threshold", flopsPerBatch: WASM_THREADS_MIN_FLOPS_PER_BATCH, expected: cores },
    { name: "just below it", flopsPerBatch: WASM_THREADS_MIN_FLOPS_PER_BATCH - 1, expected: 1 },
    { name: "FLOPs unknown (a size the analyser could not infer)", flopsPerBatch: null, expected: 1 },
    { name: "nothing known", expected: 1 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(wasmThreadsFor({ threads: row.threads, flopsPerBatch: row.flopsPerBatch }), row.expected);
    });
  }

  const machines: { cores: number; threads?: number; expected: number }[] = [
    { cores: 4, expected: 4 },
    { cores: 16, expected: WASM_MAX_THREADS },
    { cores: 16, threads: 12, expected: 12 },
  ];
  for (const row of machines) {
    it(`a heavy model on ${row.cores} cores${row.threads === undefined ? "" : `, ${row.threads} asked for`} → ${row.expected}`, () => {
      assert.equal(wasmThreadsFor({ threads: row.threads, flopsPerBatch: 1e9 }, row.cores), row.expected);
    });
  }
});
