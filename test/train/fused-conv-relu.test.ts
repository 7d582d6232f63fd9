// conv2d with ReLU under a tape on wasm: one FusedConv2D kernel forward and a one-pass ReLU
// gradient backward (src/train/gradients/fusedConv.ts), against tfjs-core's unfused ops on the
// cpu backend (Conv2D, Add, Relu; Step, Multiply), which that backend still runs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { registerDilatedConvGradients } from "../../src/train/gradients/dilatedConv";
import { RELU_GRAD } from "../../src/train/wasm/conv_relu";
import { compareWithCpu, convnetFitAgainstCpu, ensureWasm, randomTensor, TOLERANCE } from "./wasm-compare";

type Pad = "valid" | "same" | number;

/** How often each named wasm kernel runs during `body` (the registry's configs are wrapped meanwhile). */
function countKernelCalls(names: string[], body: () => void): Record<string, number> {
  const calls: Record<string, number> = {};
  const restore: (() => void)[] = [];
  for (const name of names) {
    calls[name] = 0;
    const config = tf.getKernel(name, "wasm") as { kernelFunc: tf.KernelFunc } | undefined;
    if (config === undefined) continue;
    const original = config.kernelFunc;
    config.kernelFunc = (args) => {
      calls[name]++;
      return original(args);
    };
    restore.push(() => (config.kernelFunc = original));
  }
  try {
    body();
  } finally {
    for (const undo of restore) undo();
  }
  return calls;
}

describe("conv2d + bias + ReLU under a tape on wasm: one fused kernel and a one-pass ReLU gradient", function () {
  this.timeout(120_000);
  before(async () => {
    await ensureWasm();
    registerDilatedConvGradients(tf);
  });
  after(() => tf.setBackend("cpu"));

  const rows: { x: number[]; filter: number[]; strides: [number, number]; pad: Pad; bias: boolean }[] = [
    { x: [2, 9, 9, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: "valid", bias: true },
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: "same", bias: true },
    { x: [3, 8, 7, 2], filter: [2, 3, 2, 4], strides: [2, 2], pad: "valid", bias: false },
    { x: [2, 10, 9, 33], filter: [3, 2, 33, 6], strides: [2, 1], pad: "same", bias: true },
    { x: [2, 9, 9, 4], filter: [3, 3, 4, 4], strides: [1, 1], pad: 2, bias: true },
    { x: [2, 13, 13, 32], filter: [3, 3, 32, 7], strides: [1, 1], pad: "valid", bias: true },
  ];
  for (const [i, row] of rows.entries()) {
    const label = `x [${row.x}] filter [${row.filter}] strides ${row.strides} pad ${row.pad}${row.bias ? " + bias" : ""}`;
    it(`${label}: value and the gradients of x, filter${row.bias ? " and bias" : ""} match cpu`, async () => {
      const comparison = await compareWithCpu(() => {
        const x = randomTensor(row.x, 500 + i) as tf.Tensor4D;
        const filter = randomTensor(row.filter, 600 + i) as tf.Tensor4D;
        const bias = row.bias ? randomTensor([row.filter[3]], 700 + i, { low: -0.5, high: 0.5 }) : undefined;
        const conv = (a: tf.Tensor, b: tf.Tensor, c?: tf.Tensor) =>
          tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, bias: c, strides: row.strides, pad: row.pad, activation: "relu" });
        const loss = (...xs: tf.Tensor[]) => tf.sum(tf.mul(conv(xs[0], xs[1], xs[2]), randomTensor(conv(x, filter, bias).shape, 800 + i)));
        const inputs = bias === undefined ? [x, filter] : [x, filter, bias];
        return [conv(x, filter, bias), ...tf.grads(loss)(inputs)];
      });
      comparison.errors.forEach((error, k) => {
        assert.ok(comparison.scales[k] > 0, `${label}: output ${k} is all zeros`);
        assert.ok(error <= TOLERANCE, `${label}: output ${k} differs by ${error.toExponential(2)} (relative)`);
      });
    });
  }

  it("runs FusedConv2D and the ReLU gradient kernel, and none of Relu, Step or the bias Add", async () => {
    await tf.setBackend("wasm");
    const x = randomTensor([2, 8, 8, 3], 1) as tf.Tensor4D;
    const filter = randomTensor([3, 3, 3, 4], 2) as tf.Tensor4D;
    const bias = randomTensor([4], 3);
    // (The input gradient runs a Conv2D of its own inside its kernel, so Conv2D is not watched.)
    const watched = ["FusedConv2D", RELU_GRAD, "Conv2DBackpropInput", "Conv2DBackpropFilter", "Relu", "Step", "Add"];
    const calls = countKernelCalls(watched, () =>
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, bias: c, strides: 1, pad: "valid", activation: "relu" })))([x, filter, bias])),
    );
    assert.deepEqual(calls, { FusedConv2D: 1, [RELU_GRAD]: 1, Conv2DBackpropInput: 1, Conv2DBackpropFilter: 1, Relu: 0, Step: 0, Add: 0 });
    tf.dispose([x, filter, bias]);
  });

  it("computes no input gradient where none is needed (a model's first layer)", async () => {
    await tf.setBackend("wasm");
    const x = randomTensor([2, 8, 8, 1], 4) as tf.Tensor4D;
    const filter = randomTensor([3, 3, 1, 4], 5) as tf.Tensor4D;
    const bias = randomTensor([4], 6);
    const calls = countKernelCalls(["Conv2DBackpropInput", "Conv2DBackpropFilter"], () =>
      tf.dispose(tf.grads((b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.fused.conv2d({ x, filter: b as tf.Tensor4D, bias: c, strides: 1, pad: "valid", activation: "relu" })))([filter, bias])),
    );
    assert.deepEqual(calls, { Conv2DBackpropInput: 0, Conv2DBackpropFilter: 1 });
    tf.dispose([x, filter, bias]);
  });

  it("a NaN in the input gives NaN where tfjs-core's gradient gives NaN", async () => {
    const build = () => {
      const values = randomTensor([1, 5, 5, 1], 9).dataSync();
      values[12] = NaN;
      const x = tf.tensor4d(values, [1, 5, 5, 1]);
      const filter = tf.ones([1, 1, 1, 2]) as tf.Tensor4D;
      return tf.grad((a: tf.Tensor) => tf.sum(tf.fused.conv2d({ x: a as tf.Tensor4D, filter, strides: 1, pad: "valid", activation: "relu" })))(x);
    };
    const nanAt = async (backend: "cpu" | "wasm") => {
      await tf.setBackend(backend);
      const data = tf.tidy(build).dataSync();
      return Array.from(data).flatMap((v, k) => (Number.isNaN(v) ? [k] : []));
    };
    assert.deepEqual(await nanAt("wasm"), await nanAt("cpu"));
  });

  it("a convnet trained on wasm through this path ends where the cpu's unfused path ends", async () => {
    const { losses, weights } = await convnetFitAgainstCpu();
    assert.ok(losses <= 1e-4, `losses differ by ${losses}`);
    weights.forEach((error, k) => assert.ok(error <= 1e-4, `weight ${k} differs by ${error}`));
  });
});
