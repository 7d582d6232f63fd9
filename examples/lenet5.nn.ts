// LeNet-5 (LeCun et al., 1998): MNIST's 28×28 digits padded to the original 32×32 input,
// two convolution + subsampling stages with tanh, then the 120–84–10 classifier.
import { model, input, zeroPadding2d, conv2d, avgPool2d, flatten, dense, mnist, sgd } from "nn-studio";

export default model({
  name: "lenet5",
  input: input([28, 28, 1]),
  layers: [
    zeroPadding2d({ padding: 2 }), // 28 → 32, the size LeNet-5 was designed for
    conv2d({ filters: 6, kernelSize: 5, activation: "tanh" }), // C1: 32 − 5 + 1 = 28
    avgPool2d({ poolSize: 2 }), // S2: 14
    conv2d({ filters: 16, kernelSize: 5, activation: "tanh" }), // C3: 10
    avgPool2d({ poolSize: 2 }), // S4: 5
    flatten(),
    dense({ units: 120, activation: "tanh" }), // C5
    dense({ units: 84, activation: "tanh" }), // F6
    dense({ units: 10, activation: "softmax" }),
  ],
  data: mnist(),
  train: {
    optimizer: sgd({ learningRate: 0.05, momentum: 0.9 }),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
    epochs: 10,
    batchSize: 64,
    validationSplit: 0.1,
  },
});
