// Normalisation: batchNorm (with its moving statistics, which are weights but not trainable)
// and layerNorm.

import { formatShape } from "../format";
import type { Dim } from "../types";
import { anyRank, type Inference, type Issue, type LayerRule, type WeightSpec } from "./rule";
import { NAME_OPTION, option } from "./schema";

const epsilonOption = option("epsilon", { kind: "number", min: 0, exclusiveMin: true }, "A small number added to the variance to avoid dividing by zero.", "0.001", {
  default: 0.001,
});
const centerOption = option("center", { kind: "boolean" }, "Whether to learn an offset (beta).", "false", { default: true });
const scaleOption = option("scale", { kind: "boolean" }, "Whether to learn a scale (gamma).", "false", { default: true });

/**
 * The index into our batch-less shape of a tfjs axis (the batch axis being 0, negative axes
 * counted from the end), or null when it does not exist for this rank.
 */
export function axisIndex(axis: number, rank: number): number | null {
  const full = axis < 0 ? axis + rank + 1 : axis;
  return full >= 1 && full <= rank ? full - 1 : null;
}

/** The axes that exist for a rank, as a user would write them: "1…3 or -3…-1". */
export function axisChoices(rank: number): string {
  return rank === 1 ? "1 or -1" : `1…${rank} or -${rank}…-1`;
}

function axisOutOfRange(type: string, axis: number, input: Dim[]): Issue {
  return {
    code: "nn/invalid-option",
    option: "axis",
    message:
      `${type}: axis ${axis} does not exist in the input ${formatShape(input)}: axes are counted as in TensorFlow.js, ` +
      `the batch axis being 0, so use ${axisChoices(input.length)} (-1 is the last axis).`,
  };
}

function learned(center: boolean | null, scale: boolean | null, shape: Dim[]): WeightSpec[] {
  const weights: WeightSpec[] = [];
  // An unknown switch makes that weight's size unknown, so the count is unknown, not guessed.
  if (scale !== false) weights.push({ name: "gamma", shape: scale === null ? [null] : shape, trainable: true });
  if (center !== false) weights.push({ name: "beta", shape: center === null ? [null] : shape, trainable: true });
  return weights;
}

export const batchNorm: LayerRule = {
  type: "batchNorm",
  tfjsClass: "BatchNormalization",
  doc: "Batch normalisation: normalises each channel with the batch statistics while training and moving averages at inference.",
  options: [
    option("axis", { kind: "axis", list: false }, "The channel axis, counted with the batch axis as 0; -1 is the last axis.", "-1", { default: -1 }),
    option("momentum", { kind: "number", min: 0, max: 1 }, "How slowly the moving mean and variance follow the batches.", "0.9", { default: 0.99 }),
    epsilonOption,
    centerOption,
    scaleOption,
    NAME_OPTION,
  ],
  input: anyRank(1, "[..., channels]"),
  infer(options, input): Inference {
    const axis = options.number("axis");
    const index = axis === null ? null : axisIndex(axis, input.length);
    if (axis !== null && index === null) {
      return { output: [...input], weights: [], multiplyAdds: 0, arithmetic: [], issues: [axisOutOfRange("batchNorm", axis, input)] };
    }
    const channels: Dim = index === null ? null : input[index];
    return {
      output: [...input],
      weights: [
        ...learned(options.boolean("center"), options.boolean("scale"), [channels]),
        { name: "moving_mean", shape: [channels], trainable: false },
        { name: "moving_variance", shape: [channels], trainable: false },
      ],
      multiplyAdds: 0,
      arithmetic: [],
      issues: [],
    };
  },
};

export const layerNorm: LayerRule = {
  type: "layerNorm",
  tfjsClass: "LayerNormalization",
  doc: "Layer normalisation: normalises each example over the given axes (the last by default).",
  options: [
    option(
      "axis",
      { kind: "axis", list: true },
      "The axis (or axes) to normalise over, counted with the batch axis as 0; -1 is the last axis.",
      "-1",
      { default: -1 },
    ),
    epsilonOption,
    centerOption,
    scaleOption,
    NAME_OPTION,
  ],
  input: anyRank(1, "[..., features]"),
  infer(options, input): Inference {
    const value = options.get("axis");
    const axes = typeof value === "number" ? [value] : Array.isArray(value) ? value.filter((a): a is number => typeof a === "number") : null;
    if (axes === null) {
      return { output: [...input], weights: learned(options.boolean("center"), options.boolean("scale"), [null]), multiplyAdds: 0, arithmetic: [], issues: [] };
    }
    const indices: number[] = [];
    for (const axis of axes) {
      const index = axisIndex(axis, input.length);
      if (index === null) {
        return { output: [...input], weights: [], multiplyAdds: 0, arithmetic: [], issues: [axisOutOfRange("layerNorm", axis, input)] };
      }
      if (indices.includes(index)) {
        return {
          output: [...input],
          weights: [],
          multiplyAdds: 0,
          arithmetic: [],
          issues: [{ code: "nn/invalid-option", option: "axis", message: `layerNorm: axis ${formatShape(axes)} names the same axis twice. List each axis once.` }],
        };
      }
      indices.push(index);
    }
    return {
      output: [...input],
      weights: learned(options.boolean("center"), options.boolean("scale"), indices.map((i) => input[i])),
      multiplyAdds: 0,
      arithmetic: [],
      issues: [],
    };
  },
};
