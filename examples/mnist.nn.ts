// The Keras "Simple MNIST convnet" (keras.io/examples/vision/mnist_convnet), as an NN Studio model.
import { model, input, conv2d, maxPool2d, flatten, dropout, dense, mnist, adam } from "nn-studio";

export default model({
  name: "mnist-convnet",
  input: input([28, 28, 1]),
  layers: [
    conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dropout(0.5),
    dense({ units: 10, activation: "softmax" }),
  ],
  data: mnist(),
  train: {
    optimizer: adam({ learningRate: 0.001 }),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
    epochs: 15,
    batchSize: 128,
    validationSplit: 0.1,
  },
});
