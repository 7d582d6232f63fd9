// Seeded randomness for the data: the same seed gives the same synthetic points and the same
// train/test split on every machine, so a run can be evaluated again on exactly its test data.

import { mulberry32 } from "../seed";

/** The seed used when the train config gives none: the split must not change from run to run. */
export const DEFAULT_DATA_SEED = 1;

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Standard normal, by the Box–Muller transform. */
  normal(): number;
}

export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal: () => {
      // 1 − u keeps the logarithm's argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/** A derived seed for a second, independent stream (the test split of a synthetic set). */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + stream * 0x27d4eb2f) >>> 0;
}

/** 0 … n−1 in a seeded random order (Fisher–Yates). */
export function permutation(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The rows `order[from…to)` of a row-major array with `width` values per row. */
export function takeRows<T extends Float32Array | Int32Array>(data: T, width: number, order: ArrayLike<number>, from: number, to: number): T {
  const out = new (data.constructor as { new (n: number): T })((to - from) * width);
  for (let i = from; i < to; i++) {
    const source = order[i] * width;
    out.set(data.subarray(source, source + width), (i - from) * width);
  }
  return out;
}
