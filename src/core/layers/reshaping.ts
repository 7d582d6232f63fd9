// Layers that move values around without weights: zero padding, upsampling, flatten, reshape,
// permute and repeatVector.

import { formatShape } from "../format";
import { upsampleAxis, zeroPadAxis } from "../shape";
import type { Dim } from "../types";
import { anyRank, type Inference, type Issue, type LayerRule, product, rankSpec } from "./rule";
import { NAME_OPTION, option } from "./schema";
import { AXES_2D } from "./windows";

export const zeroPadding2d: LayerRule = {
  type: "zeroPadding2d",
  tfjsClass: "ZeroPadding2D",
  doc: "Adds rows and columns of zeros around an image: [height, width, channels] → [height + top + bottom, width + left + right, channels].",
  options: [
    option(
      "padding",
      { kind: "padding2d" },
      "Zeros to add: n on every side, [h, w] (h above and below, w left and right), or [[top, bottom], [left, right]].",
      "1",
      { default: [[1, 1], [1, 1]] },
    ),
    NAME_OPTION,
  ],
  input: rankSpec(3, "[height, width, channels]"),
  infer(options, input): Inference {
    const padding = options.get("padding");
    const sides = (axis: number): [Dim, Dim] => {
      const pair = Array.isArray(padding) ? padding[axis] : null;
      if (!Array.isArray(pair)) return [null, null];
      return [typeof pair[0] === "number" ? pair[0] : null, typeof pair[1] === "number" ? pair[1] : null];
    };
    const arithmetic = AXES_2D.map((axis, i) => {
      const [before, after] = sides(i);
      return zeroPadAxis({ axis, input: input[i], before, after });
    });
    return { output: [arithmetic[0].output, arithmetic[1].output, input[2]], weights: [], multiplyAdds: 0, arithmetic, issues: [] };
  },
};

export const upSampling2d: LayerRule = {
  type: "upSampling2d",
  tfjsClass: "UpSampling2D",
  doc: "Repeats every row and column (nearest neighbour): [height, width, channels] → [height·sh, width·sw, channels].",
  options: [option("size", { kind: "size", rank: 2 }, "The factor per axis: one number, or [height, width].", "2", { default: [2, 2] }), NAME_OPTION],
  input: rankSpec(3, "[height, width, channels]"),
  infer(options, input): Inference {
    const size = options.size("size", 2);
    const arithmetic = AXES_2D.map((axis, i) => upsampleAxis({ axis, input: input[i], size: size[i] }));
    return { output: [arithmetic[0].output, arithmetic[1].output, input[2]], weights: [], multiplyAdds: 0, arithmetic, issues: [] };
  },
};

export const flatten: LayerRule = {
  type: "flatten",
  tfjsClass: "Flatten",
  doc: "Flattens everything but the batch axis into one: [a, b, ...] → [a·b·...].",
  options: [NAME_OPTION],
  // tfjs-layers' Flatten requires at least two axes besides the batch.
  input: anyRank(2, "[a, b, ...]"),
  infer(_options, input): Inference {
    return { output: [product(input)], weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
  },
};

export const reshape: LayerRule = {
  type: "reshape",
  tfjsClass: "Reshape",
  doc: "Gives the values a new shape with the same number of elements; one entry may be -1 (inferred).",
  options: [
    option(
      "targetShape",
      { kind: "targetShape" },
      "The new shape without the batch axis; its sizes must multiply to the input's element count. One entry may be -1.",
      "[7, 7, 64]",
      { required: true },
    ),
    NAME_OPTION,
  ],
  input: anyRank(1, "[...]"),
  infer(options, input): Inference {
    const target = options.dims("targetShape");
    if (target === null) return { output: null, weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
    const none = (issues: Issue[]): Inference => ({ output: null, weights: [], multiplyAdds: 0, arithmetic: [], issues });
    const inferred = target.filter((d) => d === -1).length;
    const shown = formatShape(target);
    if (inferred > 1) {
      return none([
        {
          code: "nn/reshape-size",
          option: "targetShape",
          message: `reshape: targetShape ${shown} has ${inferred} entries of -1, but only one size can be inferred. Write all sizes but one.`,
        },
      ]);
    }
    const total = product(input);
    const known = product(target.filter((d) => d !== -1));
    if (total === null || known === null) {
      return { output: target.map((d) => (d === -1 ? null : d)), weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
    }
    const count = (n: number) => n.toLocaleString("en-US");
    const suggestion = reshapeSuggestion(total, target, input);
    if (inferred === 1) {
      if (total % known !== 0) {
        return none([
          {
            code: "nn/reshape-size",
            option: "targetShape",
            message:
              `reshape: the input ${formatShape(input)} holds ${count(total)} values, which targetShape ${shown} cannot hold: ` +
              `${count(total)} is not a multiple of ${count(known)}. Use sizes that divide ${count(total)}, e.g. ${suggestion}.`,
          },
        ]);
      }
      return { output: target.map((d) => (d === -1 ? total / known : d)), weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
    }
    if (known !== total) {
      return none([
        {
          code: "nn/reshape-size",
          option: "targetShape",
          message:
            `reshape: the input ${formatShape(input)} holds ${count(total)} values, but targetShape ${shown} holds ${count(known)}. ` +
            `Use sizes that multiply to ${count(total)}, e.g. ${suggestion}.`,
        },
      ]);
    }
    return { output: [...target], weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
  },
};

/**
 * A target shape that would fit: the target's last size (else the input's) with the rest
 * inferred, when it divides the element count; else everything in one axis.
 */
function reshapeSuggestion(total: number, target: Dim[], input: Dim[]): string {
  for (const last of [target[target.length - 1], input[input.length - 1]]) {
    if (last !== null && last > 1 && last < total && total % last === 0) return `[-1, ${last}]`;
  }
  return `[${total}]`;
}

export const permute: LayerRule = {
  type: "permute",
  tfjsClass: "Permute",
  doc: "Reorders the axes (not the batch axis); dims are 1-based as in Keras: permute({ dims: [2, 1] }) swaps two axes.",
  options: [
    option("dims", { kind: "dims" }, "The new order of the input's axes, 1-based: [2, 1] swaps the first two.", "[2, 1]", { required: true }),
    NAME_OPTION,
  ],
  input: anyRank(1, "[...]"),
  infer(options, input): Inference {
    const dims = options.dims("dims");
    if (dims === null) return { output: null, weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
    if (dims.length !== input.length) {
      const example = formatShape([...Array(input.length).keys()].map((i) => i + 1).reverse());
      return {
        output: null,
        weights: [],
        multiplyAdds: 0,
        arithmetic: [],
        issues: [
          {
            code: "nn/rank-mismatch",
            option: "dims",
            message:
              `permute: dims ${formatShape(dims)} reorders ${dims.length} axes, but the input ${formatShape(input)} has ${input.length}. ` +
              `List every axis 1…${input.length} once, e.g. ${example}.`,
          },
        ],
      };
    }
    return { output: dims.map((d) => (d === null ? null : input[d - 1])), weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
  },
};

export const repeatVector: LayerRule = {
  type: "repeatVector",
  tfjsClass: "RepeatVector",
  doc: "Repeats a vector n times: [features] → [n, features].",
  options: [option("n", { kind: "integer", min: 1 }, "How many times to repeat the input.", "4", { required: true }), NAME_OPTION],
  input: rankSpec(1, "[features]"),
  infer(options, input): Inference {
    return { output: [options.number("n"), input[0]], weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
  },
};
