// Convolutions: conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d. Weight
// shapes follow tfjs-layers' build() exactly (e.g. a transposed kernel is [kh, kw, filters, c]).

import { type PaddingMode, transposeAxis } from "../shape";
import type { Dim } from "../types";
import { type Inference, type InferContext, type LayerRule, type ResolvedOptions, type WeightSpec, multiply, product, rankSpec } from "./rule";
import { ACTIVATION_OPTION, NAME_OPTION, PADDING_OPTION, USE_BIAS_OPTION, option, type OptionSpec } from "./schema";
import { AXES_2D, dilationWithStrides, slideWindows, type WindowResult } from "./windows";

const filtersOption = option("filters", { kind: "integer", min: 1 }, "The number of filters: the channels of the output.", "32", {
  required: true,
});

function kernelSizeOption(rank: 1 | 2): OptionSpec {
  return option(
    "kernelSize",
    { kind: "size", rank },
    rank === 1 ? "The window length n." : "The window size n: one number, or [height, width].",
    "3",
    { required: true },
  );
}

function stridesOption(rank: 1 | 2): OptionSpec {
  return option("strides", { kind: "size", rank }, rank === 1 ? "The step s between windows." : "The step s between windows: one number, or [height, width].", "2", {
    default: 1,
  });
}

function dilationOption(rank: 1 | 2): OptionSpec {
  return option(
    "dilationRate",
    { kind: "size", rank },
    "The spacing d between kernel taps; the window then spans d·(n − 1) + 1. Cannot be combined with strides > 1.",
    "2",
    { default: 1 },
  );
}

const depthMultiplierOption = option(
  "depthMultiplier",
  { kind: "integer", min: 1 },
  "How many output channels each input channel gets.",
  "2",
  { default: 1 },
);

function padding(options: ResolvedOptions): PaddingMode | null {
  const value = options.string("padding");
  return value === "valid" || value === "same" ? value : null;
}

function bias(options: ResolvedOptions, size: Dim): WeightSpec[] {
  const useBias = options.boolean("useBias");
  if (useBias === false) return [];
  return [{ name: "bias", shape: [useBias === null ? null : size], trainable: true }];
}

/** The sliding windows of a convolution with padding `valid` or `same`: sizes, arithmetic, issues. */
function convolutionWindows(
  type: string,
  rank: 1 | 2,
  kernel: Dim[],
  dilation: Dim[],
  options: ResolvedOptions,
  input: Dim[],
  context: InferContext,
): WindowResult {
  return slideWindows({
    type,
    windowOption: "kernelSize",
    spatial: input.slice(0, rank),
    kernel,
    strides: options.size("strides", rank),
    dilation,
    padding: padding(options),
    canPad: true,
    minWindow: 1,
    options,
    context,
  });
}

/** conv1d and conv2d: kernel [...kernelSize, c, filters]. */
function convolution(type: "conv1d" | "conv2d", rank: 1 | 2, tfjsClass: string, doc: string, shape: string): LayerRule {
  return {
    type,
    tfjsClass,
    doc,
    options: [filtersOption, kernelSizeOption(rank), stridesOption(rank), PADDING_OPTION, dilationOption(rank), ACTIVATION_OPTION, USE_BIAS_OPTION, NAME_OPTION],
    input: rankSpec(rank + 1, shape),
    check: (options) => dilationWithStrides(type, options, rank),
    infer(options, input, context): Inference {
      const kernel = options.size("kernelSize", rank);
      const filters = options.number("filters");
      const channels = input[rank];
      const windows = convolutionWindows(type, rank, kernel, options.size("dilationRate", rank), options, input, context);
      return {
        output: [...windows.sizes, filters],
        weights: [{ name: "kernel", shape: [...kernel, channels, filters], trainable: true }, ...bias(options, filters)],
        multiplyAdds: multiply(product(windows.sizes), product(kernel), channels, filters),
        arithmetic: windows.arithmetic,
        issues: windows.issues,
      };
    },
  };
}

export const conv1d = convolution(
  "conv1d",
  1,
  "Conv1D",
  "A 1-D convolution over a sequence: [length, channels] → [length', filters].",
  "[length, channels]",
);

export const conv2d = convolution(
  "conv2d",
  2,
  "Conv2D",
  "A 2-D convolution over an image: [height, width, channels] → [height', width', filters].",
  "[height, width, channels]",
);

export const conv2dTranspose: LayerRule = {
  type: "conv2dTranspose",
  tfjsClass: "Conv2DTranspose",
  doc: "A transposed 2-D convolution, which grows the image: [height, width, channels] → [height'', width'', filters].",
  options: [
    filtersOption,
    kernelSizeOption(2),
    stridesOption(2),
    option(
      "padding",
      { kind: "enum", values: ["valid", "same"] },
      '"valid": the output is (m − 1)·s + n (m·s when n < s); "same": the output is m·s.',
      '"same"',
      { default: "valid" },
    ),
    ACTIVATION_OPTION,
    USE_BIAS_OPTION,
    NAME_OPTION,
  ],
  input: rankSpec(3, "[height, width, channels]"),
  infer(options, input): Inference {
    const kernel = options.size("kernelSize", 2);
    const strides = options.size("strides", 2);
    const filters = options.number("filters");
    const channels = input[2];
    const arithmetic = AXES_2D.map((axis, i) =>
      transposeAxis({ axis, input: input[i], kernel: kernel[i], stride: strides[i], padding: padding(options) }),
    );
    return {
      output: [arithmetic[0].output, arithmetic[1].output, filters],
      // tfjs-layers builds the transposed kernel as [kh, kw, filters, channels].
      weights: [{ name: "kernel", shape: [...kernel, filters, channels], trainable: true }, ...bias(options, filters)],
      // Every input position is multiplied by the whole kernel.
      multiplyAdds: multiply(input[0], input[1], product(kernel), channels, filters),
      arithmetic,
      issues: [],
    };
  },
};

export const depthwiseConv2d: LayerRule = {
  type: "depthwiseConv2d",
  tfjsClass: "DepthwiseConv2D",
  doc: "A depthwise 2-D convolution: each input channel is convolved on its own, depthMultiplier times.",
  options: [kernelSizeOption(2), depthMultiplierOption, stridesOption(2), PADDING_OPTION, ACTIVATION_OPTION, USE_BIAS_OPTION, NAME_OPTION],
  input: rankSpec(3, "[height, width, channels]"),
  infer(options, input, context): Inference {
    const kernel = options.size("kernelSize", 2);
    const multiplier = options.number("depthMultiplier");
    const channels = input[2];
    const outChannels = multiply(channels, multiplier);
    const windows = convolutionWindows("depthwiseConv2d", 2, kernel, [1, 1], options, input, context);
    return {
      output: [...windows.sizes, outChannels],
      weights: [{ name: "depthwise_kernel", shape: [...kernel, channels, multiplier], trainable: true }, ...bias(options, outChannels)],
      multiplyAdds: multiply(product(windows.sizes), product(kernel), outChannels),
      arithmetic: windows.arithmetic,
      issues: windows.issues,
    };
  },
};

export const separableConv2d: LayerRule = {
  type: "separableConv2d",
  tfjsClass: "SeparableConv2D",
  doc: "A depthwise convolution followed by a 1×1 (pointwise) convolution to `filters` channels.",
  options: [filtersOption, kernelSizeOption(2), depthMultiplierOption, stridesOption(2), PADDING_OPTION, ACTIVATION_OPTION, USE_BIAS_OPTION, NAME_OPTION],
  input: rankSpec(3, "[height, width, channels]"),
  infer(options, input, context): Inference {
    const kernel = options.size("kernelSize", 2);
    const multiplier = options.number("depthMultiplier");
    const filters = options.number("filters");
    const channels = input[2];
    const depthChannels = multiply(channels, multiplier);
    const windows = convolutionWindows("separableConv2d", 2, kernel, [1, 1], options, input, context);
    const positions = product(windows.sizes);
    const depthwise = multiply(positions, product(kernel), depthChannels);
    const pointwise = multiply(positions, depthChannels, filters);
    return {
      output: [...windows.sizes, filters],
      weights: [
        { name: "depthwise_kernel", shape: [...kernel, channels, multiplier], trainable: true },
        { name: "pointwise_kernel", shape: [1, 1, depthChannels, filters], trainable: true },
        ...bias(options, filters),
      ],
      multiplyAdds: depthwise === null || pointwise === null ? null : depthwise + pointwise,
      arithmetic: windows.arithmetic,
      issues: windows.issues,
    };
  },
};
