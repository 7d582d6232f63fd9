// Reproducible training. TensorFlow.js has no global seed: every random op without an explicit
// seed (the layers' weight initialisers, dropout masks, `fit`'s per-epoch shuffle) draws its own
// seed from `Math.random()`. The worker is a process of its own that runs one job, so it
// replaces `Math.random` with a seeded generator for the duration of that job: the same seed
// then gives the same initial weights, the same batch order and the same dropout masks, on any
// model, without each layer having to be built with a seed of its own.

/** mulberry32: a small, fast 32-bit generator with good statistical quality for this use. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a run that was given none; recorded in the run so that it can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** Makes `Math.random` deterministic from `seed`; the returned function puts the original back. */
export function installSeededRandom(seed: number): () => void {
  const original = Math.random;
  Math.random = mulberry32(seed);
  return () => {
    Math.random = original;
  };
}
