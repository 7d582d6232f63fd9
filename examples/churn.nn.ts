// The bank-churn ANN of the classic Keras tutorial: will a customer leave the bank (Exited)?
// 10,000 customers; the identifiers are dropped, Geography is one-hot encoded (3 columns) and
// Gender indexed, so the network sees 12 standardised features.
import { model, input, dense, dropout, csv, adam } from "nn-studio";

export default model({
  name: "bank-churn",
  input: input([12]),
  layers: [
    dense({ units: 16, activation: "relu" }),
    dropout(0.1),
    dense({ units: 8, activation: "relu" }),
    dense({ units: 1, activation: "sigmoid" }),
  ],
  data: csv("data/Churn_Modelling.csv", {
    label: "Exited",
    exclude: ["RowNumber", "CustomerId", "Surname"],
    categorical: { Geography: "oneHot", Gender: "index" },
    scale: "standard",
    testSplit: 0.2,
  }),
  train: {
    optimizer: adam({ learningRate: 0.001 }),
    loss: "binaryCrossentropy",
    metrics: ["accuracy"],
    epochs: 30,
    batchSize: 32,
    validationSplit: 0.1,
    seed: 7,
  },
});
