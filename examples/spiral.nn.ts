// The TensorFlow Playground's hardest data set: two interleaved spirals, separated by a small
// MLP from the raw (x, y) coordinates alone.
import { model, input, dense, spiral, adam, repeat } from "nn-studio";

export default model({
  name: "spiral",
  input: input([2]),
  layers: [
    ...repeat(3, () => dense({ units: 32, activation: "relu" })),
    dense({ units: 1, activation: "sigmoid" }),
  ],
  // Noise is in units of the spiral's radius (1); the arms are 0.29 apart, so 0.1 would blur them.
  data: spiral({ n: 1000, noise: 0.03 }),
  train: {
    optimizer: adam({ learningRate: 0.01 }),
    loss: "binaryCrossentropy",
    metrics: ["accuracy"],
    epochs: 200,
    batchSize: 32,
    seed: 1,
  },
});
