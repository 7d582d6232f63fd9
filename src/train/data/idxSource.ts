// `idx({ images, labels, testImages?, testLabels?, scale })`: any IDX images with integer class
// labels. Without test files, a seeded part of the training files is held out as the test split.

import * as path from "path";
import { DEFAULT_TEST_SPLIT, idxExampleShape } from "../../core/data";
import type { IdxScale } from "../../core/data";
import { DataError } from "./errors";
import { readIdxFile } from "./idxFile";
import type { IdxArray } from "./idxFile";
import { permutation, seededRandom, takeRows } from "./random";
import { applyScaler, fitGlobalScaler } from "./scale";
import type { Dataset, LoadOptions } from "./types";

export interface IdxSourceOptions {
  images: string;
  labels: string;
  testImages?: string;
  testLabels?: string;
  scale: IdxScale;
}

interface Examples {
  x: Float32Array;
  labels: Int32Array;
  shape: number[];
  count: number;
}

function readExamples(imagesFile: string, labelsFile: string): Examples {
  const images = readIdxFile(imagesFile);
  const labels = readIdxFile(labelsFile);
  if (labels.header.dims.length !== 1) {
    throw new DataError(`${labelsFile} holds [${labels.header.dims.join(", ")}] values; a labels file holds one number per example (1 dimension).`, { file: labelsFile });
  }
  if (labels.header.dims[0] !== images.header.dims[0]) {
    throw new DataError(`${labelsFile} has ${labels.header.dims[0]} labels but ${imagesFile} has ${images.header.dims[0]} examples; each example needs one label.`, { file: labelsFile });
  }
  return { x: Float32Array.from(images.values), labels: integerLabels(labels, labelsFile), shape: idxExampleShape(images.header.dims), count: images.header.dims[0] };
}

function integerLabels(array: IdxArray, file: string): Int32Array {
  const { type } = array.header;
  if (type !== "uint8" && type !== "int8" && type !== "int16" && type !== "int32") {
    throw new DataError(`${file} holds ${type} values; class labels must be integers.`, { file });
  }
  const labels = Int32Array.from(array.values);
  const negative = labels.findIndex((v) => v < 0);
  if (negative >= 0) throw new DataError(`${file}: label ${negative + 1} is ${labels[negative]}; class labels are 0, 1, 2, ….`, { file });
  return labels;
}

function oneHot(labels: Int32Array, classes: number): Float32Array {
  const y = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => (y[i * classes + label] = 1));
  return y;
}

export function loadIdx(options: IdxSourceOptions, seed: number, load: LoadOptions): Dataset {
  const resolve = (file: string) => path.resolve(path.dirname(load.modelFile), file);
  const files = {
    trainImages: resolve(options.images),
    trainLabels: resolve(options.labels),
    testImages: options.testImages === undefined ? null : resolve(options.testImages),
    testLabels: options.testLabels === undefined ? null : resolve(options.testLabels),
  };
  let train = readExamples(files.trainImages, files.trainLabels);
  let test: Examples;
  if (files.testImages !== null && files.testLabels !== null) {
    test = readExamples(files.testImages, files.testLabels);
    if (test.shape.join(",") !== train.shape.join(",")) {
      throw new DataError(`${files.testImages} holds [${test.shape.join(", ")}] examples but ${files.trainImages} holds [${train.shape.join(", ")}]; both must have one size.`, { file: files.testImages });
    }
  } else {
    const all = train;
    const order = permutation(all.count, seededRandom(seed));
    const testCount = Math.round(all.count * DEFAULT_TEST_SPLIT);
    const width = all.x.length / Math.max(1, all.count);
    const part = (from: number, to: number): Examples => ({
      x: takeRows(all.x, width, order, from, to),
      labels: takeRows(all.labels, 1, order, from, to),
      shape: all.shape,
      count: to - from,
    });
    test = part(0, testCount);
    train = part(testCount, all.count);
  }
  const classes = train.labels.reduce((max, v) => Math.max(max, v), -1) + 1;
  const outside = test.labels.findIndex((v) => v >= classes);
  if (outside >= 0) {
    throw new DataError(`${files.testLabels ?? files.trainLabels}: test label ${test.labels[outside]} is not among the training labels 0–${classes - 1}.`, { file: files.testLabels ?? files.trainLabels });
  }
  const scaler = fitGlobalScaler(options.scale, train.x);
  applyScaler(scaler, train.x, 1);
  applyScaler(scaler, test.x, 1);
  return {
    kind: "idx",
    train: { x: train.x, y: oneHot(train.labels, classes), count: train.count },
    test: { x: test.x, y: oneHot(test.labels, classes), count: test.count },
    xShape: train.shape,
    yShape: [classes],
    target: { kind: "classes", classes },
    preprocessing: { kind: "idx", source: path.dirname(files.trainImages), files, scaler, limit: null },
    description: `IDX ${files.trainImages}: ${train.count.toLocaleString("en-US")} training and ${test.count.toLocaleString("en-US")} test examples of [${train.shape.join(", ")}], ${classes} classes`,
  };
}
