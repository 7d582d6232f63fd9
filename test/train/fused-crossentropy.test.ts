// The categorical crossentropy kernels (src/train/wasm/crossentropy.ts) against tfjs-layers' own
// loss on the cpu backend: per-row losses and the gradient with respect to the predictions, over
// one-hot and soft targets, unnormalised rows, predictions the clip catches, and more than two
// axes; the kernels that run; and a whole fit through the worker's loss function.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { lossFunction } from "../../src/train/fit";
import { CATEGORICAL_CROSSENTROPY, CATEGORICAL_CROSSENTROPY_GRAD } from "../../src/train/wasm/crossentropy";
import { compareWithCpu, convnetFitAgainstCpu, ensureWasm, randomTensor, TOLERANCE, values } from "./wasm-compare";

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Rows of probabilities (each summing to 1) from seeded logits. */
function probabilities(shape: number[], seed: number): tf.Tensor {
  return tf.softmax(randomTensor(shape, seed, { low: -4, high: 4 }));
}

function oneHot(rows: number, classes: number, seed: number): tf.Tensor {
  const labels = Array.from(values(rows, seed, { low: 0, high: classes - 1e-6 }), Math.floor);
  return tf.oneHot(tf.tensor1d(labels, "int32"), classes);
}

describe("categorical crossentropy as one kernel with a registered gradient (wasm)", function () {
  this.timeout(120_000);
  const loss = lossFunction(tf, "categoricalCrossentropy") as Loss;
  before(ensureWasm);
  after(() => tf.setBackend("cpu"));

  const rows: { label: string; target: () => tf.Tensor; output: () => tf.Tensor }[] = [
    { label: "one-hot targets, softmax rows [64, 10]", target: () => oneHot(64, 10, 1), output: () => probabilities([64, 10], 2) },
    { label: "soft targets (label smoothing) [8, 5]", target: () => tf.add(tf.mul(oneHot(8, 5, 3), 0.9), 0.02), output: () => probabilities([8, 5], 4) },
    { label: "rows that do not sum to 1 [6, 7]", target: () => oneHot(6, 7, 5), output: () => randomTensor([6, 7], 6, { low: 0.01, high: 2 }) },
    { label: "predictions the clip catches (exact 0 and 1) [4, 3]", target: () => tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]), output: () => tf.tensor2d([[1, 0, 0], [0.2, 0, 0.8], [0.5, 0.5, 0], [0, 1, 0]]) },
    { label: "three axes [2, 3, 4]", target: () => tf.reshape(oneHot(6, 4, 7), [2, 3, 4]), output: () => probabilities([2, 3, 4], 8) },
    { label: "one class [5, 1]", target: () => tf.ones([5, 1]), output: () => randomTensor([5, 1], 9, { low: 0.1, high: 1 }) },
  ];
  for (const row of rows) {
    it(`${row.label}: losses and the gradient match tfjs-layers on cpu`, async () => {
      const comparison = await compareWithCpu(() => {
        const target = row.target();
        const output = row.output();
        const weights = randomTensor(output.shape.slice(0, -1), 10, { low: 0.5, high: 2 });
        const gradient = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(loss(target, p), weights)))(output);
        return [loss(target, output), gradient];
      });
      comparison.errors.forEach((error, i) => assert.ok(error <= TOLERANCE, `${row.label}: output ${i} differs by ${error.toExponential(2)} (relative)`));
    });
  }

  it("the loss and its gradient are one kernel each on wasm, and tfjs-layers' ops on cpu", async () => {
    const count = async (backend: "cpu" | "wasm") => {
      await tf.setBackend(backend);
      const target = oneHot(4, 3, 11);
      const output = probabilities([4, 3], 12);
      const info = await tf.profile(() => tf.grad((p: tf.Tensor) => tf.sum(loss(target, p)))(output));
      tf.dispose([target, output]);
      return info.kernels.map((k) => k.name);
    };
    const onWasm = await count("wasm");
    assert.equal(onWasm.filter((n) => n === CATEGORICAL_CROSSENTROPY).length, 1, onWasm.join(", "));
    assert.equal(onWasm.filter((n) => n === CATEGORICAL_CROSSENTROPY_GRAD).length, 1, onWasm.join(", "));
    assert.ok(!onWasm.includes("Log") && !onWasm.includes("ClipByValue"), onWasm.join(", "));
    const onCpu = await count("cpu");
    assert.ok(onCpu.includes("Log") && onCpu.includes("ClipByValue") && !onCpu.includes(CATEGORICAL_CROSSENTROPY), onCpu.join(", "));
  });

  it("a convnet trained on wasm with the worker's loss ends where the cpu's ends", async () => {
    const { losses, weights } = await convnetFitAgainstCpu(loss);
    assert.ok(losses <= 1e-4, `losses differ by ${losses}`);
    weights.forEach((error, k) => assert.ok(error <= 1e-4, `weight ${k} differs by ${error}`));
  });
});
