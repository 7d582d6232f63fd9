// The registry: one rule per layer function of "nn-studio" (exports.ts LAYER_FUNCTIONS). The
// Record type makes a missing or extra layer a compile error.

import type { LayerFunction } from "../exports";
import { activation, elu, leakyRelu, prelu, softmax } from "./activation";
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from "./convolution";
import { dense } from "./dense";
import { embedding } from "./embedding";
import { batchNorm, layerNorm } from "./normalization";
import {
  avgPool1d,
  avgPool2d,
  globalAvgPool1d,
  globalAvgPool2d,
  globalMaxPool1d,
  globalMaxPool2d,
  maxPool1d,
  maxPool2d,
} from "./pooling";
import { bidirectional, gru, lstm, simpleRnn } from "./recurrent";
import { dropout, gaussianNoise, spatialDropout1d } from "./regularization";
import { flatten, permute, repeatVector, reshape, upSampling2d, zeroPadding2d } from "./reshaping";
import type { LayerRule } from "./rule";

export const LAYER_RULES: Record<LayerFunction, LayerRule> = {
  dense,
  conv1d,
  conv2d,
  conv2dTranspose,
  depthwiseConv2d,
  separableConv2d,
  maxPool1d,
  avgPool1d,
  maxPool2d,
  avgPool2d,
  globalMaxPool1d,
  globalAvgPool1d,
  globalMaxPool2d,
  globalAvgPool2d,
  zeroPadding2d,
  upSampling2d,
  flatten,
  reshape,
  permute,
  repeatVector,
  dropout,
  spatialDropout1d,
  gaussianNoise,
  batchNorm,
  layerNorm,
  activation,
  leakyRelu,
  prelu,
  elu,
  softmax,
  embedding,
  simpleRnn,
  lstm,
  gru,
  bidirectional,
};
