// Registering the wasm training kernels: idempotent, reversible, and needed — the wasm
// backend's own kernels cannot train a convolution and get two gradients wrong — and a whole
// `fit` of the MNIST convnet on wasm ends with the cpu backend's weights.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import {
  registerWasmTrainingKernels,
  setupWasmBackend,
  unregisterWasmTrainingKernels,
  WASM_TRAINING_KERNEL_NAMES,
} from "../../src/train/wasm";
import { compareWithCpu, convnetFitAgainstCpu, ensureWasm, randomTensor, TOLERANCE } from "./wasm-compare";

function currentKernels(): Map<string, tf.KernelConfig | undefined> {
  return new Map(WASM_TRAINING_KERNEL_NAMES.map((name) => [name, tf.getKernel(name, "wasm")]));
}

/** Runs `body` with the wasm backend's own kernels, then puts the training kernels back. */
async function withOriginalKernels<T>(body: () => Promise<T>): Promise<T> {
  unregisterWasmTrainingKernels(tf);
  try {
    return await body();
  } finally {
    registerWasmTrainingKernels(tf);
  }
}

describe("wasm training kernel registration", function () {
  this.timeout(120_000);
  before(ensureWasm);
  after(() => tf.setBackend("cpu"));

  it("setupWasmBackend selects wasm and registers every training kernel", async () => {
    await setupWasmBackend(tf);
    assert.equal(tf.getBackend(), "wasm");
    for (const [name, config] of currentKernels()) assert.ok(config !== undefined, `${name} is not registered`);
  });

  it("registering twice changes nothing", () => {
    const before = currentKernels();
    registerWasmTrainingKernels(tf);
    assert.deepEqual([...currentKernels()].map(([n, c]) => [n, c === before.get(n)]), [...before].map(([n]) => [n, true]));
  });

  it("unregistering restores the wasm backend's own kernels, and removes those it lacks", () => {
    unregisterWasmTrainingKernels(tf);
    const originals = currentKernels();
    registerWasmTrainingKernels(tf);
    const ours = currentKernels();
    unregisterWasmTrainingKernels(tf);
    const restored = currentKernels();
    registerWasmTrainingKernels(tf);
    for (const name of WASM_TRAINING_KERNEL_NAMES) {
      assert.notEqual(ours.get(name), originals.get(name), `${name} was not replaced`);
      assert.equal(restored.get(name), originals.get(name), `${name} was not restored`);
    }
    assert.deepEqual(
      ["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "UnsortedSegmentSum"].map(
        (name) => originals.get(name),
      ),
      [undefined, undefined, undefined, undefined],
    );
  });

  it("setupWasmBackend with kernels: false leaves the wasm backend's own kernels", async () => {
    unregisterWasmTrainingKernels(tf);
    const originals = currentKernels();
    try {
      await setupWasmBackend(tf, { kernels: false });
      assert.equal(tf.getBackend(), "wasm");
      for (const name of WASM_TRAINING_KERNEL_NAMES) assert.equal(tf.getKernel(name, "wasm"), originals.get(name));
    } finally {
      registerWasmTrainingKernels(tf);
    }
  });

  describe("why: the wasm backend's own kernels (tfjs-backend-wasm 4.22)", () => {
    it("cannot compute a convolution's filter gradient", async () => {
      await withOriginalKernels(async () => {
        await tf.setBackend("wasm");
        const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
        const w = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
        assert.throws(
          () => tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, "valid")))(w),
          /Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'/,
        );
        tf.dispose([x, w]);
      });
    });

    it("send max-pooling gradients of windows whose maximum is ≤ 0 to the wrong place", async () => {
      const comparison = await withOriginalKernels(() =>
        compareWithCpu(() => {
          const x = randomTensor([1, 4, 4, 2], 1, { low: -2, high: -0.5 }) as tf.Tensor4D;
          return tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, "valid")))(x);
        }),
      );
      assert.ok(comparison.errors[0] > 0.5, `the original MaxPoolGrad agreed with cpu (${comparison.errors[0]})`);
    });

    it("add a fused product's bias wrongly when the batch is above 1", async () => {
      const comparison = await withOriginalKernels(() =>
        compareWithCpu(() => tf.fused.matMul({ a: randomTensor([2, 3, 4], 2), b: randomTensor([2, 4, 2], 3), bias: randomTensor([2], 4) })),
      );
      assert.ok(comparison.errors[0] > 0.1, `the original _FusedMatMul agreed with cpu (${comparison.errors[0]})`);
    });
  });

  it("a whole fit of the MNIST convnet's architecture (smaller images) ends with the cpu backend's weights and losses", async () => {
    const { losses, weights } = await convnetFitAgainstCpu();
    assert.ok(losses <= TOLERANCE, `losses differ by ${losses.toExponential(2)}`);
    weights.forEach((error, i) => assert.ok(error <= TOLERANCE, `weight ${i} differs by ${error.toExponential(2)}`));
  });
});
