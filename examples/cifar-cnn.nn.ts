// A CIFAR-10-style CNN (the Keras cifar10_cnn layout with batch normalisation): two VGG-like
// blocks, written once as a helper and used twice. Point `idx(...)` at CIFAR-10 converted to IDX
// files to train it; without data the model is still checked and drawn.
import { model, input, conv2d, batchNorm, maxPool2d, dropout, flatten, dense, adam } from "nn-studio";

const block = (filters: number) => [
  conv2d({ filters, kernelSize: 3, padding: "same", activation: "relu" }),
  batchNorm(),
  conv2d({ filters, kernelSize: 3, padding: "same", activation: "relu" }),
  batchNorm(),
  maxPool2d({ poolSize: 2 }),
  dropout(0.25),
];

export default model({
  name: "cifar-cnn",
  input: input([32, 32, 3]),
  layers: [
    ...block(32), // 32 → 16
    ...block(64), // 16 → 8
    flatten(),
    dense({ units: 256, activation: "relu" }),
    dropout(0.5),
    dense({ units: 10, activation: "softmax" }),
  ],
  train: {
    optimizer: adam({ learningRate: 0.001 }),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
    epochs: 25,
    batchSize: 64,
  },
});
