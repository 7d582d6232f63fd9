// An IMDB-style sentiment classifier: reviews as 200 word ids from a 10,000-word vocabulary,
// embedded, read in both directions by an LSTM, and scored positive or negative.
import { model, input, embedding, bidirectional, lstm, dropout, dense, adam } from "nn-studio";

const vocabulary = 10_000;
const reviewLength = 200;

export default model({
  name: "imdb-lstm",
  input: input([reviewLength], { dtype: "int32" }),
  layers: [
    embedding({ inputDim: vocabulary, outputDim: 64 }),
    bidirectional({ layer: lstm({ units: 32 }) }),
    dropout(0.3),
    dense({ units: 1, activation: "sigmoid" }),
  ],
  train: {
    optimizer: adam({ learningRate: 0.001 }),
    loss: "binaryCrossentropy",
    metrics: ["accuracy", "auc"],
    epochs: 5,
    batchSize: 64,
  },
});
