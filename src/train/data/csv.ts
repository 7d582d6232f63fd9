// `csv(path, options)`: the rows encoded with the core's column plan (the one the analyser
// checked the model against), split into training and test rows by a seeded shuffle, then
// scaled with statistics fitted on the training rows only.

import * as fs from "fs";
import * as path from "path";
import { encodeCsv, planCsv, targetWidth } from "../../core/data";
import type { CsvOptions } from "../../core/data";
import { DataError, reason } from "./errors";
import { permutation, seededRandom, takeRows } from "./random";
import { applyScaler, fitColumnScaler } from "./scale";
import type { Dataset, DatasetTarget } from "./types";

export function loadCsv(relative: string, options: CsvOptions, seed: number, modelFile: string): Dataset {
  const file = path.resolve(path.dirname(modelFile), relative);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new DataError(`cannot read ${file}: ${reason(error)}`, { file });
  }
  const result = planCsv(text, options, file);
  if ("error" in result) {
    const { message, line, column } = result.error;
    throw new DataError(message, { file, ...(line === null ? {} : { line }), ...(column === null ? {} : { column }) });
  }
  const { plan } = result;
  const encoded = encodeCsv(text, plan);
  const width = plan.width;
  const yWidth = targetWidth(plan.target);

  const testCount = Math.round(encoded.rows * plan.testSplit);
  if (testCount >= encoded.rows) {
    throw new DataError(`${file}: testSplit ${plan.testSplit} of ${encoded.rows} rows leaves no training rows.`, { file });
  }
  const order = permutation(encoded.rows, seededRandom(seed));
  const train = { x: takeRows(encoded.x, width, order, testCount, encoded.rows), y: takeRows(encoded.y, yWidth, order, testCount, encoded.rows), count: encoded.rows - testCount };
  const test = { x: takeRows(encoded.x, width, order, 0, testCount), y: takeRows(encoded.y, yWidth, order, 0, testCount), count: testCount };

  const scaler = fitColumnScaler(plan.scale, train.x, width, plan.scaled);
  applyScaler(scaler, train.x, width);
  applyScaler(scaler, test.x, width);

  let target: DatasetTarget;
  let labels: string[] | undefined;
  switch (plan.target.kind) {
    case "binary":
      labels = [...plan.target.labels];
      target = { kind: "binary", labels };
      break;
    case "classes":
      labels = [...plan.target.labels];
      target = { kind: "classes", classes: labels.length, labels };
      break;
    case "regression":
      target = { kind: "regression", width: 1 };
      break;
  }
  return {
    kind: "csv",
    train,
    test,
    xShape: [width],
    yShape: [yWidth],
    target,
    ...(labels === undefined ? {} : { labels }),
    preprocessing: {
      kind: "csv",
      file,
      columns: plan.columns,
      inputNames: plan.inputNames,
      label: plan.label,
      target: plan.target,
      scaler,
      testSplit: plan.testSplit,
      seed,
    },
    description: `${file}: ${train.count.toLocaleString("en-US")} training and ${test.count.toLocaleString("en-US")} test rows, ${width} inputs`,
  };
}
