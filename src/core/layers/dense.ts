// dense: a fully connected layer on the last axis (tfjs-layers Dense).

import { formatShape } from "../format";
import type { Dim } from "../types";
import { anyRank, type Inference, type Issue, type LayerRule, multiply, product } from "./rule";
import { ACTIVATION_OPTION, NAME_OPTION, USE_BIAS_OPTION, option } from "./schema";

/** Layers whose output is a feature map, after which a dense layer is usually a forgotten flatten. */
const SPATIAL_PRODUCERS = new Set(["dense"]);

export const dense: LayerRule = {
  type: "dense",
  tfjsClass: "Dense",
  doc: "A fully connected layer: every output unit is a weighted sum of the last axis plus a bias.",
  options: [
    option("units", { kind: "integer", min: 1 }, "The number of output units (the size of the new last axis).", "64", { required: true }),
    ACTIVATION_OPTION,
    USE_BIAS_OPTION,
    NAME_OPTION,
  ],
  input: anyRank(1, "[..., features]"),
  infer(options, input, context): Inference {
    const units = options.number("units");
    const useBias = options.boolean("useBias");
    const features: Dim = input[input.length - 1];
    const weights = [{ name: "kernel", shape: [features, units], trainable: true }];
    if (useBias !== false) weights.push({ name: "bias", shape: [useBias === null ? null : units], trainable: true });
    const issues: Issue[] = [];
    // A dense layer on [H, W, C] acts on the channels only. After another dense the user has
    // evidently chosen that, so only the first dense after a feature map is warned about.
    if (input.length >= 3 && !SPATIAL_PRODUCERS.has(context.previousType ?? "")) {
      const flat = product(input);
      issues.push({
        code: "nn/dense-on-spatial",
        message:
          `dense: the input ${formatShape(input)} has ${input.length} axes, so dense acts on the last axis (${features ?? "?"}) only ` +
          `and the output is ${formatShape([...input.slice(0, -1), units])}, not a vector. ` +
          `Add flatten() before it to connect all ${flat === null ? "" : `${flat.toLocaleString("en-US")} `}values, or a global pooling layer.`,
        fixes: [{ kind: "insertLayerBefore", title: "Insert flatten() before this layer", layer: "flatten" }],
      });
    }
    return {
      output: [...input.slice(0, -1), units],
      weights,
      multiplyAdds: multiply(product(input), units),
      arithmetic: [],
      issues,
    };
  },
};
