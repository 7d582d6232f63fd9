// The starting points New Model offers. Each is a complete, error-free model (an integration test
// checks that), small enough to read at a glance, with data that needs no download setup.

export interface ModelTemplate {
  id: string;
  label: string;
  description: string;
  /** The file's text; `${name}` is replaced by the model's name. */
  text: string;
}

export const MODEL_TEMPLATES: readonly ModelTemplate[] = [
  {
    id: "convnet",
    label: "Image classifier (convnet)",
    description: "Two conv + pool stages and a softmax over MNIST's 10 digits",
    text: `import { model, input, conv2d, maxPool2d, flatten, dropout, dense, mnist, adam } from "nn-studio";

export default model({
  name: "\${name}",
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
`,
  },
  {
    id: "mlp",
    label: "Small MLP (two spirals)",
    description: "A three-layer perceptron separating two interleaved spirals; trains in seconds",
    text: `import { model, input, dense, spiral, adam } from "nn-studio";

export default model({
  name: "\${name}",
  input: input([2]),
  layers: [
    dense({ units: 32, activation: "relu" }),
    dense({ units: 32, activation: "relu" }),
    dense({ units: 1, activation: "sigmoid" }),
  ],
  data: spiral({ n: 1000, noise: 0.1 }),
  train: {
    optimizer: adam({ learningRate: 0.01 }),
    loss: "binaryCrossentropy",
    metrics: ["accuracy"],
    epochs: 100,
    batchSize: 32,
  },
});
`,
  },
  {
    id: "regression",
    label: "Regression (noisy sine)",
    description: "Fits y = sin(x) from noisy samples with a mean-squared-error loss",
    text: `import { model, input, dense, sine, adam } from "nn-studio";

export default model({
  name: "\${name}",
  input: input([1]),
  layers: [
    dense({ units: 16, activation: "tanh" }),
    dense({ units: 16, activation: "tanh" }),
    dense({ units: 1 }),
  ],
  data: sine({ n: 500, noise: 0.05 }),
  train: {
    optimizer: adam({ learningRate: 0.01 }),
    loss: "meanSquaredError",
    metrics: ["mae"],
    epochs: 100,
    batchSize: 32,
  },
});
`,
  },
];

export function renderTemplate(template: ModelTemplate, name: string): string {
  return template.text.replace("${name}", name.replace(/["\\]/g, "\\$&"));
}
