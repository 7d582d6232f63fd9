// The one place parameters are counted: from weight shapes, exactly as TensorFlow.js's
// `countParams()` sums the sizes of a layer's weights. Rules only say which weights exist.

import type { WeightInfo } from "../types";
import { product, type WeightSpec } from "./rule";

export interface ParamCount {
  params: number | null;
  trainableParams: number | null;
  /** The weights whose every size is known, for display. */
  known: WeightInfo[];
}

export function countParams(weights: readonly WeightSpec[]): ParamCount {
  let params: number | null = 0;
  let trainableParams: number | null = 0;
  const known: WeightInfo[] = [];
  for (const weight of weights) {
    const size = product(weight.shape);
    if (size === null) {
      params = null;
      if (weight.trainable) trainableParams = null;
      continue;
    }
    known.push({ name: weight.name, shape: weight.shape.filter((dim): dim is number => dim !== null), trainable: weight.trainable });
    if (params !== null) params += size;
    if (weight.trainable && trainableParams !== null) trainableParams += size;
  }
  return { params, trainableParams, known };
}
