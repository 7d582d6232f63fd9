// Pooling: max and average over windows (1-D and 2-D), and global pooling over all positions.

import type { PaddingMode } from "../shape";
import { type Inference, type LayerRule, rankSpec, type ResolvedOptions } from "./rule";
import { NAME_OPTION, PADDING_OPTION, option, type OptionSpec } from "./schema";
import { slideWindows } from "./windows";

function poolOptions(rank: 1 | 2): OptionSpec[] {
  return [
    option(
      "poolSize",
      { kind: "size", rank },
      rank === 1 ? "The window length n." : "The window size n: one number, or [height, width].",
      "2",
      { default: 2 },
    ),
    option(
      "strides",
      { kind: "size", rank },
      "The step s between windows; defaults to poolSize, so windows do not overlap.",
      "2",
      { defaultFrom: "poolSize" },
    ),
    PADDING_OPTION,
    NAME_OPTION,
  ];
}

function padding(options: ResolvedOptions): PaddingMode | null {
  const value = options.string("padding");
  return value === "valid" || value === "same" ? value : null;
}

function pooling(
  type: "maxPool1d" | "avgPool1d" | "maxPool2d" | "avgPool2d",
  rank: 1 | 2,
  tfjsClass: string,
  doc: string,
): LayerRule {
  return {
    type,
    tfjsClass,
    doc,
    options: poolOptions(rank),
    input: rankSpec(rank + 1, rank === 1 ? "[length, channels]" : "[height, width, channels]"),
    infer(options, input, context): Inference {
      const windows = slideWindows({
        type,
        windowOption: "poolSize",
        spatial: input.slice(0, rank),
        kernel: options.size("poolSize", rank),
        strides: options.size("strides", rank),
        dilation: new Array(rank).fill(1),
        padding: padding(options),
        canPad: true,
        minWindow: 2,
        options,
        context,
      });
      return { output: [...windows.sizes, input[rank]], weights: [], multiplyAdds: 0, arithmetic: windows.arithmetic, issues: windows.issues };
    },
  };
}

export const maxPool1d = pooling("maxPool1d", 1, "MaxPooling1D", "The maximum of each window along a sequence: [length, channels] → [length', channels].");
export const avgPool1d = pooling("avgPool1d", 1, "AveragePooling1D", "The mean of each window along a sequence: [length, channels] → [length', channels].");
export const maxPool2d = pooling("maxPool2d", 2, "MaxPooling2D", "The maximum of each window of an image: [height, width, channels] → [height', width', channels].");
export const avgPool2d = pooling("avgPool2d", 2, "AveragePooling2D", "The mean of each window of an image: [height, width, channels] → [height', width', channels].");

function globalPooling(
  type: "globalMaxPool1d" | "globalAvgPool1d" | "globalMaxPool2d" | "globalAvgPool2d",
  rank: 1 | 2,
  tfjsClass: string,
  doc: string,
): LayerRule {
  return {
    type,
    tfjsClass,
    doc,
    options: [NAME_OPTION],
    input: rankSpec(rank + 1, rank === 1 ? "[length, channels]" : "[height, width, channels]"),
    infer(_options, input): Inference {
      return { output: [input[rank]], weights: [], multiplyAdds: 0, arithmetic: [], issues: [] };
    },
  };
}

export const globalMaxPool1d = globalPooling("globalMaxPool1d", 1, "GlobalMaxPooling1D", "The maximum over the whole sequence, per channel: [length, channels] → [channels].");
export const globalAvgPool1d = globalPooling("globalAvgPool1d", 1, "GlobalAveragePooling1D", "The mean over the whole sequence, per channel: [length, channels] → [channels].");
export const globalMaxPool2d = globalPooling("globalMaxPool2d", 2, "GlobalMaxPooling2D", "The maximum over the whole image, per channel: [height, width, channels] → [channels].");
export const globalAvgPool2d = globalPooling("globalAvgPool2d", 2, "GlobalAveragePooling2D", "The mean over the whole image, per channel: [height, width, channels] → [channels].");
