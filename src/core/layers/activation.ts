// Activation layers: shape-preserving; only prelu holds weights (one slope per input value).

import { formatShape } from "../format";
import { num } from "../shape";
import { anyRank, type Inference, type LayerRule, unchanged } from "./rule";
import { ACTIVATIONS, NAME_OPTION, option } from "./schema";
import { axisChoices, axisIndex } from "./normalization";

export const activation: LayerRule = {
  type: "activation",
  tfjsClass: "Activation",
  doc: "Applies an activation function to every value.",
  options: [
    option("activation", { kind: "enum", values: ACTIVATIONS }, "The activation function.", '"relu"', { required: true }),
    NAME_OPTION,
  ],
  input: anyRank(1, "[...]"),
  infer: (_options, input) => unchanged(input),
};

export const leakyRelu: LayerRule = {
  type: "leakyRelu",
  tfjsClass: "LeakyReLU",
  doc: "Leaky ReLU: x for x > 0, alpha·x otherwise.",
  options: [option("alpha", { kind: "number", min: 0 }, "The slope for negative inputs.", "0.1", { default: 0.3 }), NAME_OPTION],
  input: anyRank(1, "[...]"),
  infer: (_options, input) => unchanged(input),
};

export const prelu: LayerRule = {
  type: "prelu",
  tfjsClass: "PReLU",
  doc: "Parametric ReLU: like leakyRelu, with a learned slope for every input value.",
  options: [NAME_OPTION],
  input: anyRank(1, "[...]"),
  infer(_options, input): Inference {
    // tfjs-layers' PReLU (without sharedAxes) learns one alpha per value of the input.
    return { output: [...input], weights: [{ name: "alpha", shape: [...input], trainable: true }], multiplyAdds: 0, arithmetic: [], issues: [] };
  },
};

export const elu: LayerRule = {
  type: "elu",
  tfjsClass: "ELU",
  doc: "Exponential linear unit: x for x > 0, alpha·(exp(x) − 1) otherwise.",
  options: [option("alpha", { kind: "number" }, "The scale of the negative part; TensorFlow.js supports only 1.", "1", { default: 1 }), NAME_OPTION],
  input: anyRank(1, "[...]"),
  // DSL.md lists alpha as an option, but tfjs-layers' ELU throws NotImplementedError for any
  // alpha other than 1; we follow TensorFlow.js, which is what trains the model.
  check(options) {
    const alpha = options.number("alpha");
    if (alpha === null || alpha === 1) return [];
    return [
      {
        code: "nn/invalid-option",
        option: "alpha",
        message: `elu: alpha ${num(alpha)} is not supported: TensorFlow.js's elu layer implements only alpha 1. Remove alpha, or use leakyRelu({ alpha: ${alpha} }) for a different negative slope.`,
      },
    ];
  },
  infer: (_options, input) => unchanged(input),
};

export const softmax: LayerRule = {
  type: "softmax",
  tfjsClass: "Softmax",
  doc: "Softmax along an axis: the values along it become probabilities that sum to 1.",
  options: [
    option("axis", { kind: "axis", list: false }, "The axis to normalise, counted with the batch axis as 0; TensorFlow.js supports only the last axis (-1).", "-1", { default: -1 }),
    NAME_OPTION,
  ],
  input: anyRank(1, "[...]"),
  infer(options, input): Inference {
    const axis = options.number("axis");
    const index = axis === null ? null : axisIndex(axis, input.length);
    if (axis !== null && index === null) {
      return {
        ...unchanged(input),
        issues: [
          {
            code: "nn/invalid-option",
            option: "axis",
            message:
              `softmax: axis ${axis} does not exist in the input ${formatShape(input)}: axes are counted as in TensorFlow.js, ` +
              `the batch axis being 0, so use ${axisChoices(input.length)} (-1 is the last axis).`,
          },
        ],
      };
    }
    if (axis !== null && index !== input.length - 1) {
      // tfjs-core's softmax op throws "Softmax along a non-last dimension is not yet supported".
      return {
        ...unchanged(input),
        issues: [
          {
            code: "nn/invalid-option",
            option: "axis",
            message:
              `softmax: axis ${axis} is not the last axis of the input ${formatShape(input)}, and TensorFlow.js computes softmax only along the last axis. ` +
              `Use axis: -1, or permute the axes first so that this one is last.`,
          },
        ],
      };
    }
    return unchanged(input);
  },
};
