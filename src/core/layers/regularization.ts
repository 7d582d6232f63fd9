// Regularisation layers: active only while training, and shape-preserving.

import { type LayerRule, rankSpec, anyRank, unchanged } from "./rule";
import { NAME_OPTION, option } from "./schema";

const rateOption = option(
  "rate",
  { kind: "number", min: 0, max: 1, exclusiveMax: true },
  "The fraction of inputs set to zero while training, in [0, 1).",
  "0.5",
  { required: true },
);

export const dropout: LayerRule = {
  type: "dropout",
  tfjsClass: "Dropout",
  doc: "Sets a random fraction `rate` of the inputs to zero while training (and scales the rest up); does nothing at inference.",
  options: [rateOption, NAME_OPTION],
  input: anyRank(1, "[...]"),
  infer: (_options, input) => unchanged(input),
};

export const spatialDropout1d: LayerRule = {
  type: "spatialDropout1d",
  tfjsClass: "SpatialDropout1D",
  doc: "Dropout of whole channels of a sequence: [length, channels], the same channels dropped at every step.",
  options: [rateOption, NAME_OPTION],
  input: rankSpec(2, "[length, channels]"),
  infer: (_options, input) => unchanged(input),
};

export const gaussianNoise: LayerRule = {
  type: "gaussianNoise",
  tfjsClass: "GaussianNoise",
  doc: "Adds zero-mean Gaussian noise while training; does nothing at inference.",
  options: [option("stddev", { kind: "number", min: 0 }, "The standard deviation of the noise.", "0.1", { required: true }), NAME_OPTION],
  input: anyRank(1, "[...]"),
  infer: (_options, input) => unchanged(input),
};
