// embedding: integer ids → learned vectors.

import { type Inference, type LayerRule, rankSpec } from "./rule";
import { NAME_OPTION, option } from "./schema";

export const embedding: LayerRule = {
  type: "embedding",
  tfjsClass: "Embedding",
  doc: "Looks up a learned vector for each integer id: [length] → [length, outputDim].",
  options: [
    option("inputDim", { kind: "integer", min: 1 }, "The vocabulary size: ids run from 0 to inputDim − 1.", "10000", { required: true }),
    option("outputDim", { kind: "integer", min: 1 }, "The size of each vector.", "64", { required: true }),
    option("maskZero", { kind: "boolean" }, "Whether id 0 is padding that later layers should skip.", "true", { default: false }),
    NAME_OPTION,
  ],
  // tfjs would embed any rank, but DSL.md defines embedding on a sequence of ids ([T]) and
  // reports other ranks, which are nearly always a mistake (e.g. one-hot input).
  input: rankSpec(1, "[length] of integer ids"),
  infer(options, input): Inference {
    const inputDim = options.number("inputDim");
    const outputDim = options.number("outputDim");
    return {
      output: [input[0], outputDim],
      weights: [{ name: "embeddings", shape: [inputDim, outputDim], trainable: true }],
      // A lookup multiplies nothing (DSL.md §8 counts dense, convolutions and recurrent cells).
      multiplyAdds: 0,
      arithmetic: [],
      issues: [],
    };
  },
};
