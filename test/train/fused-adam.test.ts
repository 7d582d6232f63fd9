// The fused Adam update (one wasm kernel per variable) against TensorFlow.js's own AdamOptimizer:
// the same steps from the same start must give bit-identical variables and optimizer state,
// because the kernel does the stock optimizer's float32 operations in the stock order.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { fusedAdam } from "../../src/train/fusedAdam";
import { ADAM_UPDATE } from "../../src/train/wasm/adam";
import { ensureWasm, values } from "./wasm-compare";

interface Settings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

const STEPS = 12;

/** Variables of the given sizes (odd ones exercise the kernel's scalar tail) and a loss over them. */
function problem(sizes: number[], seed: number) {
  const variables = sizes.map((size, i) => tf.variable(tf.tensor1d(values(size, seed + i)), true, `v${seed}_${i}_${Math.random()}`));
  const targets = sizes.map((size, i) => tf.tensor1d(values(size, seed + 100 + i, { low: -3, high: 3 })));
  // A loss whose gradients differ in sign and scale per element and change from step to step.
  const loss = () => tf.addN(variables.map((v, i) => tf.sum(tf.mul(tf.square(tf.sub(v, targets[i])), tf.add(tf.abs(targets[i]), 0.1))))) as tf.Scalar;
  return { variables, targets, loss };
}

async function train(make: () => tf.AdamOptimizer, sizes: number[], seed: number) {
  const { variables, targets, loss } = problem(sizes, seed);
  const optimizer = make();
  const trajectory: Float32Array[][] = [];
  for (let step = 0; step < STEPS; step++) {
    optimizer.minimize(loss, false, variables);
    trajectory.push(variables.map((v) => v.dataSync() as Float32Array));
  }
  const state = await optimizer.getWeights();
  const named = state.map(({ name, tensor }) => ({ name: name.replace(/^v\d+_\d+_[\d.]+/, "v"), data: Array.from(tensor.dataSync()) }));
  tf.dispose([...variables, ...targets]);
  optimizer.dispose();
  return { trajectory, state: named, iterations: optimizer.iterations };
}

function assertIdentical(ours: Awaited<ReturnType<typeof train>>, stock: Awaited<ReturnType<typeof train>>, label: string): void {
  ours.trajectory.forEach((step, s) =>
    step.forEach((values, i) => assert.deepEqual(Array.from(values), Array.from(stock.trajectory[s][i]), `${label}: variable ${i} after step ${s + 1}`)),
  );
  assert.deepEqual(ours.state, stock.state, `${label}: optimizer state`);
  assert.equal(ours.iterations, stock.iterations);
}

describe("fused Adam", function () {
  this.timeout(60_000);
  const rows: { label: string; settings: Settings; sizes: number[] }[] = [
    { label: "defaults, sizes 1, 3, 4 and 5", settings: { learningRate: 0.001 }, sizes: [1, 3, 4, 5] },
    { label: "learning rate 0.05, a 784×128 weight and its bias", settings: { learningRate: 0.05 }, sizes: [784 * 128, 128] },
    { label: "β1 0.8, β2 0.95, ε 1e-4", settings: { learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-4 }, sizes: [37, 1000] },
    { label: "ε 0 (denominators can be tiny)", settings: { learningRate: 0.002, beta1: 0.5, beta2: 0.5, epsilon: 0 }, sizes: [17] },
  ];
  const fused = (s: Settings) => () => fusedAdam(tf, s.learningRate, s.beta1, s.beta2, s.epsilon);
  const stock = (s: Settings) => () => tf.train.adam(s.learningRate, s.beta1, s.beta2, s.epsilon);

  describe("on wasm, where the kernel is registered", () => {
    before(async () => {
      await ensureWasm();
      await tf.setBackend("wasm");
    });
    after(() => tf.setBackend("cpu"));

    it("a step runs one fused kernel per variable and none of the stock update's ops", async () => {
      const { variables, targets, loss } = problem([10, 3], 1);
      const optimizer = fusedAdam(tf, 0.01);
      const { value, grads } = tf.variableGrads(loss, variables);
      const info = await tf.profile(() => optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor }))));
      tf.dispose([value, grads]);
      const names = info.kernels.map((k) => k.name);
      assert.equal(names.filter((n) => n === ADAM_UPDATE).length, 2, names.join(", "));
      assert.ok(!names.includes("Sqrt") && !names.includes("RealDiv"), names.join(", "));
      optimizer.dispose();
      tf.dispose([...variables, ...targets]);
    });
    for (const [i, row] of rows.entries()) {
      it(`${row.label}: bit-identical to tf.train.adam over ${STEPS} steps`, async () => {
        assertIdentical(await train(fused(row.settings), row.sizes, 10 * i), await train(stock(row.settings), row.sizes, 10 * i), row.label);
      });
    }

    it("leaks no tensors: the count is flat from step to step", () => {
      const { variables, targets, loss } = problem([50, 7], 99);
      const optimizer = fusedAdam(tf, 0.01);
      optimizer.minimize(loss, false, variables);
      const before = tf.memory().numTensors;
      for (let step = 0; step < 5; step++) optimizer.minimize(loss, false, variables);
      assert.equal(tf.memory().numTensors, before);
      optimizer.dispose();
      tf.dispose([...variables, ...targets]);
    });

    it("resumes from a stock Adam's saved state (and the stock one from ours) with identical steps", async () => {
      const settings = { learningRate: 0.01 };
      const run = async (first: () => tf.AdamOptimizer, second: () => tf.AdamOptimizer) => {
        const { variables, targets, loss } = problem([33, 8], 7);
        const a = first();
        for (let step = 0; step < 5; step++) a.minimize(loss, false, variables);
        const saved = (await a.getWeights()).map(({ name, tensor }) => ({ name, tensor: tensor.clone() }));
        const b = second();
        await b.setWeights(saved);
        for (let step = 0; step < 5; step++) b.minimize(loss, false, variables);
        const result = variables.map((v) => Array.from(v.dataSync()));
        tf.dispose([...variables, ...targets, ...saved.map((s) => s.tensor)]);
        a.dispose();
        b.dispose();
        return result;
      };
      const stockOnly = await run(stock(settings), stock(settings));
      assert.deepEqual(await run(stock(settings), fused(settings)), stockOnly);
      assert.deepEqual(await run(fused(settings), stock(settings)), stockOnly);
    });
  });

  describe("on cpu, which has no fused kernel", () => {
    before(() => tf.setBackend("cpu"));
    it("falls back to the stock update: bit-identical to tf.train.adam", async () => {
      assert.equal(tf.getKernel(ADAM_UPDATE, "cpu"), undefined);
      const row = rows[2];
      assertIdentical(await train(fused(row.settings), row.sizes, 5), await train(stock(row.settings), row.sizes, 5), "cpu");
    });
    it("and wasm's fused steps equal cpu's stock steps", async () => {
      const row = rows[0];
      const onCpu = await train(stock(row.settings), row.sizes, 3);
      await ensureWasm();
      await tf.setBackend("wasm");
      const onWasm = await train(fused(row.settings), row.sizes, 3);
      await tf.setBackend("cpu");
      assertIdentical(onWasm, onCpu, "wasm fused vs cpu stock");
    });
  });
});
