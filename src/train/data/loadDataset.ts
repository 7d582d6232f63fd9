// The trainer's one entry to the data: a data-function call, as the analyser saw it, becomes
// training and test arrays. The options are checked by the same code that checked them in the
// editor (the core's dataFacts), so the trainer never accepts what the editor flagged.

import { dataFacts, DEFAULT_TEST_SPLIT, planCsv, plainValue, NOT_DATA } from "../../core/data";
import type { CsvOptions, IdxScale, Plain } from "../../core/data";
import type { DataFunction } from "../../core/exports";
import { isDataFunction } from "../../core/exports";
import { UNKNOWN } from "../../core/types";
import type { CallValue, DataFacts, Diagnostic, Value } from "../../core/types";
import { nodeHost } from "../../node/host";
import { loadCsv } from "./csv";
import { DataError } from "./errors";
import { loadIdx } from "./idxSource";
import { loadMnist } from "./mnist";
import { DEFAULT_DATA_SEED } from "./random";
import { syntheticDataset } from "./synthetic";
import type { Dataset, LoadOptions } from "./types";

/**
 * Loads the data of `call` (a model's `data`). `facts` are the analyser's facts for the same
 * call, when the caller has them: the loaded shapes are checked against them, so a file that
 * changed since the model was checked is an error rather than a confusing shape mismatch.
 * Throws DataError, with a message that names the file, line and column, for anything the user
 * can fix.
 */
export async function loadDataset(call: CallValue, facts: DataFacts | null | undefined, options: LoadOptions): Promise<Dataset> {
  if (!isDataFunction(call.fn)) throw new DataError(`${call.fn}() is not a data function.`);
  const fn = call.fn;
  validate(call, fn, options.modelFile);
  const seed = options.seed ?? DEFAULT_DATA_SEED;
  const { path: dataPath, options: values } = staticArguments(call, fn);
  let dataset: Dataset;
  switch (fn) {
    case "mnist":
    case "fashionMnist":
      dataset = await loadMnist(fn, optionalString(values.path), typeof values.limit === "number" ? values.limit : null, options);
      break;
    case "idx":
      dataset = loadIdx(
        {
          images: values.images as string,
          labels: values.labels as string,
          ...(typeof values.testImages === "string" ? { testImages: values.testImages } : {}),
          ...(typeof values.testLabels === "string" ? { testLabels: values.testLabels } : {}),
          scale: (optionalString(values.scale) ?? "minmax") as IdxScale,
        },
        seed,
        options,
      );
      break;
    case "csv":
      dataset = loadCsv(dataPath as string, csvOptions(values), seed, options.modelFile);
      break;
    case "xor":
    case "circles":
    case "spiral":
    case "moons":
    case "sine":
      dataset = syntheticDataset(
        fn,
        { n: values.n as number, noise: typeof values.noise === "number" ? values.noise : 0, classes: typeof values.classes === "number" ? values.classes : 2 },
        seed,
      );
      break;
  }
  checkAgainstFacts(dataset, facts);
  return options.binaryTargets === "oneHot" ? binaryAsOneHot(dataset) : dataset;
}

/** A binary target's 0/1 column as two one-hot columns, for a model that ends in two softmax units. */
function binaryAsOneHot(dataset: Dataset): Dataset {
  if (dataset.target.kind !== "binary") return dataset;
  const widen = (y: Float32Array): Float32Array => {
    const out = new Float32Array(y.length * 2);
    y.forEach((v, i) => (out[2 * i + (v === 1 ? 1 : 0)] = 1));
    return out;
  };
  return {
    ...dataset,
    train: { ...dataset.train, y: widen(dataset.train.y) },
    test: { ...dataset.test, y: widen(dataset.test.y) },
    yShape: [2],
  };
}

/** The analyser's checks, run again: a caller may load data without analysing first (scripts, benchmarks). */
function validate(call: CallValue, fn: DataFunction, modelFile: string): void {
  const errors: Diagnostic[] = [];
  dataFacts(call, { host: nodeHost, fileName: modelFile, report: (d) => d.severity === "error" && errors.push(d) });
  if (errors.length === 0) return;
  if (fn === "csv") {
    // A planning error names a line and a column of the file; keep them as fields, not only prose.
    const located = csvPlanError(call, modelFile);
    if (located !== null) throw located;
  }
  throw new DataError(errors[0].message);
}

function csvPlanError(call: CallValue, modelFile: string): DataError | null {
  const pathArg = call.args[0]?.value;
  const plain = call.args[1] === undefined ? undefined : plainValue(call.args[1].value);
  if (typeof pathArg !== "string" || !isRecord(plain) || typeof plain.label !== "string") return null;
  const file = nodeHost.resolvePath(modelFile, pathArg);
  const text = nodeHost.readFile(file);
  if (text === undefined) return null;
  const result = planCsv(text, csvOptions(plain), file);
  if (!("error" in result)) return null;
  const { message, line, column } = result.error;
  return new DataError(message, { file, ...(line === null ? {} : { line }), ...(column === null ? {} : { column }) });
}

/** The path (csv) and the options as plain values; anything not static stops the load, naming it. */
function staticArguments(call: CallValue, fn: DataFunction): { path: string | undefined; options: Record<string, Plain> } {
  const pathArg = fn === "csv" ? call.args[0] : undefined;
  const optionsArg = fn === "csv" ? call.args[1] : call.args[0];
  if (pathArg !== undefined && typeof pathArg.value !== "string") {
    throw new DataError(`csv: the file's path is not static, so the trainer can't know which file to read. Write it as a string.`);
  }
  if (optionsArg === undefined || optionsArg.value === undefined) return { path: pathArg?.value as string | undefined, options: {} };
  const value: Value = optionsArg.value;
  if (value === UNKNOWN || typeof value !== "object" || value === null || value.kind !== "object") {
    throw new DataError(`${fn}: its options are not static, so the trainer can't know them. Write them as an object of constants.`);
  }
  const options: Record<string, Plain> = {};
  for (const [key, prop] of value.props) {
    const plain = plainValue(prop.value);
    if (plain === UNKNOWN || plain === NOT_DATA) {
      throw new DataError(`${fn}: the option '${key}' is not static, so the trainer can't know its value. Write it as a constant.`);
    }
    options[key] = plain;
  }
  return { path: pathArg?.value as string | undefined, options };
}

function csvOptions(values: Record<string, Plain>): CsvOptions {
  const options: CsvOptions = { label: values.label as string };
  if (Array.isArray(values.features)) options.features = values.features as string[];
  if (Array.isArray(values.exclude)) options.exclude = values.exclude as string[];
  if (isRecord(values.categorical)) options.categorical = values.categorical as CsvOptions["categorical"];
  if (typeof values.scale === "string") options.scale = values.scale as CsvOptions["scale"];
  options.testSplit = typeof values.testSplit === "number" ? values.testSplit : DEFAULT_TEST_SPLIT;
  if (typeof values.delimiter === "string") options.delimiter = values.delimiter;
  return options;
}

function optionalString(value: Plain): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function isRecord(value: Plain | typeof UNKNOWN | typeof NOT_DATA): value is { [key: string]: Plain } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkAgainstFacts(dataset: Dataset, facts: DataFacts | null | undefined): void {
  if (facts === null || facts === undefined || facts.xShape === null) return;
  const known = facts.xShape;
  const same = known.length === dataset.xShape.length && known.every((d, i) => d === null || d === dataset.xShape[i]);
  if (!same) {
    const where = dataset.preprocessing.kind === "csv" ? dataset.preprocessing.file : `${dataset.kind}()`;
    throw new DataError(
      `${where}: the data now yields examples of [${dataset.xShape.join(", ")}], but the model was checked against [${known.join(", ")}]; the data changed since. Check the model again.`,
    );
  }
}
