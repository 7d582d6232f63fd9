// The wasm kernels ship as binaries generated from native/kernels.c (src/train/wasm/native/
// binaries.ts); this checks the committed binaries are what the source compiles to, with the
// build's own checks (no stack, no data segment, no memory of its own). Needs clang and lld
// (.ci/run installs Debian's).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeKernels } from "../../src/train/wasm/native";

describe("native wasm kernels", function () {
  this.timeout(120_000);
  it("src/train/wasm/native/binaries.ts is what native/kernels.c compiles to", () => {
    const root = path.resolve(__dirname, "../..");
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/build-native.ts"), "--check"], { cwd: root, encoding: "utf8" });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });

  it("a runtime without WebAssembly SIMD gets a plain error naming the way out, not a compile error", () => {
    // A backend whose memory the kernels were never linked to, in a runtime that rejects the module.
    const backend = { wasm: { wasmMemory: new WebAssembly.Memory({ initial: 16 }) } } as unknown as BackendWasm;
    const validate = WebAssembly.validate;
    WebAssembly.validate = () => false;
    try {
      assert.throws(() => nativeKernels(backend), /need WebAssembly SIMD.*--backend cpu/);
    } finally {
      WebAssembly.validate = validate;
    }
    assert.equal(typeof nativeKernels(backend).gemm, "function");
  });
});
