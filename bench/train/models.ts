// The two benchmark models, as the training issue defines them: the Keras MNIST convnet and a
// small MLP. bench/train/torch_mnist.py builds the same two in PyTorch.
import type * as tfjs from "@tensorflow/tfjs";
import { lossFunction } from "../../src/train/fit";
import { fusedAdam } from "../../src/train/fusedAdam";

export type ModelName = "convnet" | "mlp";
export const MODEL_NAMES: readonly ModelName[] = ["convnet", "mlp"];

export const MODEL_LABELS: Record<ModelName, string> = {
  convnet: "MNIST convnet (conv32-pool-conv64-pool-dropout-dense10)",
  mlp: "MLP (784-128-10)",
};

export function buildModel(tf: typeof tfjs, name: ModelName): tfjs.LayersModel {
  const model = tf.sequential();
  switch (name) {
    case "convnet":
      model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      model.add(tf.layers.flatten());
      model.add(tf.layers.dropout({ rate: 0.5 }));
      model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
      break;
    case "mlp":
      model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      model.add(tf.layers.dense({ units: 128, activation: "relu" }));
      model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
      break;
  }
  // The worker's Adam and loss: tf.train.adam and tfjs-layers' crossentropy, each as one kernel
  // where the wasm training kernels are registered.
  model.compile({ optimizer: fusedAdam(tf, 0.001), loss: lossFunction(tf, "categoricalCrossentropy"), metrics: ["accuracy"] });
  return model;
}
