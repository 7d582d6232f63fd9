// The synthetic sets (DSL.md §5), in the manner of the TensorFlow Playground and scikit-learn:
// points in the plane (or on a line, for sine) drawn from a seeded generator. The training
// points and the held-out test points come from two independent streams of the same seed, so a
// larger `n` never changes which points are test points' neighbours, and both are reproducible.

import { syntheticTestCount } from "../../core/data";
import { deriveSeed, permutation, seededRandom, takeRows } from "./random";
import type { Random } from "./random";
import type { Dataset, DataSplit } from "./types";

export type SyntheticKind = "xor" | "circles" | "spiral" | "moons" | "sine";

export interface SyntheticOptions {
  n: number;
  noise: number;
  /** spiral only: the number of arms, one class each. */
  classes: number;
}

interface Points {
  x: Float32Array;
  /** Class index per point, or the regression value for sine. */
  y: Float32Array;
}

/** Radius of the inner circle of `circles`, relative to the outer one (scikit-learn's `factor`). */
const CIRCLES_INNER_RADIUS = 0.5;
/** How many turns each spiral arm makes (the Playground's 1.75). */
const SPIRAL_TURNS = 1.75;

/** Draws `n` points of a set with `random`: class labels are balanced, then the order is shuffled. */
export function drawPoints(kind: SyntheticKind, n: number, options: SyntheticOptions, random: Random): Points {
  const x = new Float32Array(n * (kind === "sine" ? 1 : 2));
  const y = new Float32Array(n);
  const noise = () => options.noise * random.normal();
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case "xor": {
        // Quadrants: the label is 1 where the coordinates share a sign. The label comes first so
        // the classes are balanced; noise moves a point after it is labelled, so a noisy point
        // may sit in the other quadrant, as in the Playground.
        const label = i % 2;
        const a = random.uniform(-1, 1);
        const b = Math.abs(random.uniform(-1, 1)) * (label === 1 ? Math.sign(a) || 1 : -(Math.sign(a) || 1));
        x[2 * i] = a + noise();
        x[2 * i + 1] = b + noise();
        y[i] = label;
        break;
      }
      case "circles": {
        const label = i % 2;
        const radius = label === 0 ? 1 : CIRCLES_INNER_RADIUS;
        const angle = random.uniform(0, 2 * Math.PI);
        x[2 * i] = radius * Math.cos(angle) + noise();
        x[2 * i + 1] = radius * Math.sin(angle) + noise();
        y[i] = label;
        break;
      }
      case "moons": {
        // scikit-learn's make_moons, centred on the origin.
        const label = i % 2;
        const angle = random.uniform(0, Math.PI);
        const px = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
        const py = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
        x[2 * i] = px - 0.5 + noise();
        x[2 * i + 1] = py - 0.25 + noise();
        y[i] = label;
        break;
      }
      case "spiral": {
        // The Playground's spiral: arm c of k starts at angle 2πc/k; along the arm the radius
        // grows from 0 to 1 while the angle turns SPIRAL_TURNS times.
        const arms = options.classes;
        const label = i % arms;
        const along = random.next();
        const angle = SPIRAL_TURNS * along * 2 * Math.PI + (2 * Math.PI * label) / arms;
        x[2 * i] = along * Math.sin(angle) + noise();
        x[2 * i + 1] = along * Math.cos(angle) + noise();
        y[i] = label;
        break;
      }
      case "sine": {
        const value = random.uniform(-Math.PI, Math.PI);
        x[i] = value;
        y[i] = Math.sin(value) + noise();
        break;
      }
    }
  }
  // Labels were assigned in turn (0, 1, 0, 1, …); shuffling keeps a validation split taken from
  // the end of the training set from being one class.
  const order = permutation(n, random);
  return { x: takeRows(x, kind === "sine" ? 1 : 2, order, 0, n), y: takeRows(y, 1, order, 0, n) };
}

/** Targets as the facts describe them: numbers for sine, 0/1 for two classes, one-hot for more. */
function split(kind: SyntheticKind, points: Points, classes: number): DataSplit {
  const count = points.y.length;
  if (kind === "sine" || classes === 2) return { x: points.x, y: points.y, count };
  const y = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) y[i * classes + points.y[i]] = 1;
  return { x: points.x, y, count };
}

/** A synthetic set: `n` training points and `syntheticTestCount(n)` test points, reproducible from `seed`. */
export function syntheticDataset(kind: SyntheticKind, options: SyntheticOptions, seed: number): Dataset {
  const classes = kind === "spiral" ? options.classes : 2;
  const testCount = syntheticTestCount(options.n);
  const train = drawPoints(kind, options.n, options, seededRandom(deriveSeed(seed, 0)));
  const test = drawPoints(kind, testCount, options, seededRandom(deriveSeed(seed, 1)));
  const recorded: Record<string, number> = { n: options.n, noise: options.noise };
  if (kind === "spiral") recorded.classes = classes;
  const preprocessing = { kind: "synthetic" as const, generator: kind, seed, options: recorded };
  const points = `${options.n.toLocaleString("en-US")} training + ${testCount.toLocaleString("en-US")} test points`;
  if (kind === "sine") {
    return {
      kind,
      train: split(kind, train, 1),
      test: split(kind, test, 1),
      xShape: [1],
      yShape: [1],
      target: { kind: "regression", width: 1 },
      preprocessing,
      description: `sine: ${points}, noise ${options.noise}, seed ${seed}`,
    };
  }
  const labels = Array.from({ length: classes }, (_, i) => String(i));
  const binary = classes === 2;
  return {
    kind,
    train: split(kind, train, classes),
    test: split(kind, test, classes),
    xShape: [2],
    yShape: [binary ? 1 : classes],
    target: binary ? { kind: "binary", labels } : { kind: "classes", classes, labels },
    labels,
    preprocessing,
    description: `${kind}: ${points}, ${classes} classes, noise ${options.noise}, seed ${seed}`,
  };
}
