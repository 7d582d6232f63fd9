import { strict as assert } from "assert";
import type * as tfjs from "@tensorflow/tfjs";
import type { EarlyStopping } from "../../src/core/train";
import type { BatchEvent, EpochEvent } from "../../src/protocol/worker";
import { loadBackend, type TF } from "../../src/train/backend";
import { compileModel, EarlyStopper, fitModel, type FitSettings, logName } from "../../src/train/fit";
import { installSeededRandom, mulberry32 } from "../../src/train/seed";

// Small, fast problems on the cpu backend: the point is the fit loop's behaviour, not accuracy.
describe("fit", function () {
  let tf: TF;
  before(async () => {
    tf = (await loadBackend("cpu")).tf;
  });

  /** A two-class problem: is x0 + x1 > 0? */
  function blobs(n: number, seed: number): { x: tfjs.Tensor; y: tfjs.Tensor } {
    const random = mulberry32(seed);
    const xs = new Float32Array(n * 2);
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xs[2 * i] = random() * 2 - 1;
      xs[2 * i + 1] = random() * 2 - 1;
      ys[i] = xs[2 * i] + xs[2 * i + 1] > 0 ? 1 : 0;
    }
    return { x: tf.tensor2d(xs, [n, 2]), y: tf.tensor2d(ys, [n, 1]) };
  }

  function mlp(output: "sigmoid" | "linear" = "sigmoid"): tfjs.Sequential {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [2], units: 8, activation: "relu" }));
    model.add(tf.layers.dropout({ rate: 0.2 }));
    model.add(tf.layers.dense({ units: 1, activation: output }));
    return model;
  }

  const settings = (overrides: Partial<FitSettings> = {}): FitSettings => ({
    epochs: 3,
    batchSize: 16,
    validationSplit: 0,
    shuffle: true,
    earlyStopping: null,
    batchEventsPerSecond: 0,
    ...overrides,
  });

  async function train(options: {
    learningRate?: number;
    /** A linear output and squared error, which a huge learning rate sends to infinity. */
    regression?: boolean;
    settings?: Partial<FitSettings>;
    stopAfterBatch?: number;
    onEpoch?: (event: EpochEvent) => void;
    batches?: BatchEvent[];
  }) {
    const { x, y } = blobs(128, 7);
    const model = mlp(options.regression ? "linear" : "sigmoid");
    const { optimizer } = compileModel(tf, model, {
      optimizer: { name: "sgd", options: { learningRate: options.learningRate ?? 0.1 } },
      loss: options.regression ? "meanSquaredError" : "binaryCrossentropy",
      metrics: options.regression ? [] : ["accuracy"],
    });
    let batchesSeen = 0;
    try {
      return await fitModel(tf, model, x, y, settings(options.settings), {
        onBatch: (event) => options.batches?.push(event),
        onEpoch: options.onEpoch,
        stopRequested: () => options.stopAfterBatch !== undefined && batchesSeen++ >= options.stopAfterBatch,
      });
    } finally {
      model.dispose();
      optimizer.dispose();
      x.dispose();
      y.dispose();
    }
  }

  it("logs accuracy under Keras' name", async () => {
    const result = await train({});
    assert.deepEqual(result.history.epoch, [1, 2, 3]);
    assert.deepEqual(Object.keys(result.history).sort(), ["accuracy", "epoch", "loss"]);
    assert.equal(result.stopReason, undefined);
    assert.equal(logName("val_acc"), "val_accuracy");
    // The worker's own share of the fit is measured, and is a part of it.
    assert.ok(result.monitorMs > 0 && result.monitorMs < result.trainMs, `${result.monitorMs} of ${result.trainMs} ms`);
  });

  it("leaks no tensors: the count is flat across epochs and back to the start after", async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await train({ settings: { epochs: 5, validationSplit: 0.25 }, onEpoch: () => counts.push(tf.memory().numTensors) });
    assert.equal(counts.length, 5);
    assert.ok(
      counts.every((count) => count === counts[0]),
      `tensors per epoch: ${counts.join(", ")}`,
    );
    assert.equal(tf.memory().numTensors, before);
  });

  it("stops after the current batch when asked", async () => {
    const batches: BatchEvent[] = [];
    // Asked during batch 2 (the third): that batch completes, no other starts.
    const result = await train({ stopAfterBatch: 2, settings: { batchEventsPerSecond: Infinity }, batches });
    assert.equal(result.stopReason, "requested");
    assert.equal(result.epochs, 1);
    assert.deepEqual(
      batches.map((b) => [b.epoch, b.batch]),
      [
        [0, 0],
        [0, 1],
        [0, 2],
      ],
    );
    assert.equal(batches[0].batchesPerEpoch, 8);
  });

  it("stops when the loss stops being finite", async () => {
    const result = await train({ learningRate: 1e30, regression: true, settings: { epochs: 20 } });
    assert.equal(result.stopReason, "nan");
    assert.ok(result.nonFinite !== undefined && !Number.isFinite(result.nonFinite.value));
    assert.ok(result.epochs < 20);
  });

  it("throttles batch events", async () => {
    const batches: BatchEvent[] = [];
    // 8 batches per epoch × 3 epochs run in far less than the 10 s one event per 10 s allows.
    await train({ settings: { batchEventsPerSecond: 0.1 }, batches });
    assert.equal(batches.length, 1);
  });

  describe("early stopping in a fit", () => {
    // A learning rate of ~0 leaves the loss where it is, so it never improves after epoch 1.
    const rows: { patience: number; epochs: number }[] = [
      { patience: 0, epochs: 2 },
      { patience: 2, epochs: 3 },
    ];
    for (const row of rows) {
      it(`patience ${row.patience} stops after epoch ${row.epochs}`, async () => {
        const result = await train({
          learningRate: 1e-30,
          settings: { epochs: 10, shuffle: false, earlyStopping: { monitor: "loss", patience: row.patience, minDelta: 0, restoreBestWeights: false } },
        });
        // Dropout makes the loss wobble even without learning, so only the lower bound is exact.
        assert.equal(result.stopReason, "early-stopping");
        assert.ok(result.epochs >= row.epochs && result.epochs < 10, `stopped after ${result.epochs}`);
      });
    }

    it("warns once and ignores a monitor that is not logged", async () => {
      const warnings: string[] = [];
      const { x, y } = blobs(64, 1);
      const model = mlp();
      const { optimizer } = compileModel(tf, model, { optimizer: { name: "adam", options: { learningRate: 0.01 } }, loss: "binaryCrossentropy", metrics: [] });
      const result = await fitModel(tf, model, x, y, settings({ earlyStopping: { monitor: "val_loss", patience: 0, minDelta: 0, restoreBestWeights: false } }), {
        onWarning: (message) => warnings.push(message),
        stopRequested: () => false,
      });
      tf.dispose([x, y, model, optimizer] as unknown as tfjs.Tensor[]);
      assert.equal(result.epochs, 3);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /val_loss/);
    });
  });

  describe("EarlyStopper (Keras semantics)", () => {
    const rows: { name: string; options: Partial<EarlyStopping>; values: number[]; stopsAt: number | null; bestEpoch: number }[] = [
      { name: "patience 0 stops at the first non-improvement", options: { patience: 0 }, values: [1, 0.9, 0.95, 0.8], stopsAt: 2, bestEpoch: 2 },
      { name: "patience 2 waits two epochs", options: { patience: 2 }, values: [1, 0.9, 0.95, 0.94, 0.5], stopsAt: 3, bestEpoch: 2 },
      { name: "an improvement resets the wait", options: { patience: 2 }, values: [1, 1.1, 0.9, 1.0, 0.8, 0.85, 0.86], stopsAt: 6, bestEpoch: 5 },
      { name: "minDelta: smaller improvements do not count", options: { patience: 1, minDelta: 0.05 }, values: [1, 0.97, 0.93, 0.9], stopsAt: 1, bestEpoch: 1 },
      { name: "never stops after the first epoch", options: { patience: 0 }, values: [1], stopsAt: null, bestEpoch: 1 },
      { name: "accuracy improves upwards", options: { monitor: "val_accuracy", patience: 0 }, values: [0.5, 0.6, 0.55], stopsAt: 2, bestEpoch: 2 },
      { name: "val_acc is read as val_accuracy", options: { monitor: "val_acc", patience: 1 }, values: [0.5, 0.6, 0.7], stopsAt: null, bestEpoch: 3 },
      { name: "an equal value is no improvement", options: { patience: 1 }, values: [0.5, 0.4, 0.4], stopsAt: 2, bestEpoch: 2 },
    ];
    for (const row of rows) {
      it(row.name, () => {
        const options: EarlyStopping = { monitor: "val_loss", patience: 0, minDelta: 0, restoreBestWeights: false, ...row.options };
        const stopper = new EarlyStopper(options);
        const key = logName(options.monitor);
        let stoppedAt: number | null = null;
        for (let epoch = 0; epoch < row.values.length && stoppedAt === null; epoch++) {
          if (stopper.update(epoch, { [key]: row.values[epoch] }, null as unknown as tfjs.LayersModel) === "stop") stoppedAt = epoch;
        }
        assert.equal(stoppedAt, row.stopsAt);
        assert.equal(stopper.bestEpoch, row.bestEpoch);
      });
    }

    it("restoreBestWeights puts back the best epoch's weights", () => {
      const model = mlp();
      model.build([null, 2]);
      const stopper = new EarlyStopper({ monitor: "loss", patience: 0, minDelta: 0, restoreBestWeights: true });
      const best = model.getWeights().map((w) => w.clone());
      assert.equal(stopper.update(0, { loss: 1 }, model), "continue");
      model.setWeights(best.map((w) => tf.onesLike(w)));
      assert.equal(stopper.update(1, { loss: 2 }, model), "stop");
      const restored = model.getWeights();
      restored.forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), Array.from(best[i].dataSync())));
      stopper.dispose();
      tf.dispose(best);
      model.dispose();
    });
  });

  it("the same seed gives the same weights, batches, dropout and history; another seed does not", async () => {
    const run = async (seed: number) => {
      const restore = installSeededRandom(seed);
      try {
        const result = await train({ settings: { epochs: 2 } });
        return result.history.loss;
      } finally {
        restore();
      }
    };
    const first = await run(42);
    const again = await run(42);
    const other = await run(43);
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
  });
});
