// What each data function yields per example (DSL.md §5): the input shape and the kind of
// target, which the model checks compare with the model's input and output. The options are
// validated here, once, for the analyser and the trainer alike. Nothing is guessed: a size that
// depends on an unknown option, or on a file the host can't read cheaply, stays null.

import { isDataFunction, type DataFunction } from "../exports";
import { didYouMean } from "../suggest";
import { UNKNOWN } from "../types";
import type { ArrayValue, CallValue, DataFacts, Diagnostic, Host, Located, ObjectValue, Property, Span, Value } from "../types";
import { planCsv, SCALE_KINDS } from "./csvPlan";
import type { CategoricalEncoding, CsvOptions, CsvPlanError } from "./csvPlan";
import {
  FASHION_MNIST_LABELS,
  IDX_HEADER_MAX_BYTES,
  idxExampleShape,
  idxFileCandidates,
  MNIST_FILES,
  MNIST_LABELS,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  parseIdxHeader,
} from "./idx";
import type { IdxHeader } from "./idx";
import { describeValue } from "../describe";
import { OptionReader } from "./options";
import type { Read } from "./options";

export interface DataContext {
  host: Host;
  /** The model file: relative data paths are resolved against its folder. */
  fileName: string;
  report(d: Diagnostic): void;
}

/** The options each data function accepts (DSL.md §5). */
export const DATA_OPTIONS: Record<DataFunction, readonly string[]> = {
  mnist: ["path", "limit"],
  fashionMnist: ["path", "limit"],
  idx: ["images", "labels", "testImages", "testLabels", "scale"],
  csv: ["label", "features", "exclude", "categorical", "scale", "testSplit", "delimiter"],
  xor: ["n", "noise"],
  circles: ["n", "noise"],
  spiral: ["n", "classes", "noise"],
  moons: ["n", "noise"],
  sine: ["n", "noise"],
};

/** The synthetic sets hold out this fraction of `n` more points, drawn separately, as their test split. */
export const SYNTHETIC_TEST_FRACTION = 0.2;

/** The most points a synthetic set may ask for: beyond it the arrays would not fit in memory. */
export const MAX_SYNTHETIC_POINTS = 10_000_000;

/** The most classes `spiral` draws (more arms than this overlap into noise). */
export const MAX_SPIRAL_CLASSES = 100;

/** IDX label files up to this size are read whole by the analyser to count the classes (MNIST's is 60 KB). */
export const IDX_LABELS_READ_LIMIT = 1 << 20;

export const IDX_SCALES = ["minmax", "standard", "none"] as const;
export type IdxScale = (typeof IDX_SCALES)[number];

/** What `call` (a call of a data function) yields per example, or null when it is not a data function. */
export function dataFacts(call: CallValue, ctx: DataContext): DataFacts | null {
  if (!isDataFunction(call.fn)) return null;
  const fn = call.fn;
  switch (fn) {
    case "mnist":
    case "fashionMnist":
      return mnistFacts(fn, call, ctx);
    case "idx":
      return idxFacts(call, ctx);
    case "csv":
      return csvFacts(call, ctx);
    case "xor":
    case "circles":
    case "spiral":
    case "moons":
    case "sine":
      return syntheticFacts(fn, call, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared argument handling.

function invalid(ctx: DataContext, span: Span, message: string): void {
  ctx.report({ code: "nn/invalid-option", severity: "error", message, span });
}

/**
 * The options object at `args[index]`: null when absent, UNKNOWN when not static; anything
 * else is reported. Arguments past `index` are reported as unexpected.
 */
function optionsArgument(fn: string, call: CallValue, index: number, ctx: DataContext, usage: string): ObjectValue | null | typeof UNKNOWN {
  for (const extra of call.args.slice(index + 1)) {
    invalid(ctx, extra.span, `${fn}: unexpected argument; ${fn} takes ${usage}.`);
  }
  const arg = call.args[index];
  if (arg === undefined || arg.value === undefined) return null;
  if (arg.value === UNKNOWN) return UNKNOWN;
  if (typeof arg.value === "object" && arg.value !== null && arg.value.kind === "object") return arg.value;
  invalid(ctx, arg.span, `${fn}: expected an options object, not ${describeValue(arg.value)}; ${fn} takes ${usage}.`);
  return UNKNOWN;
}

function unknownFacts(kind: string, call: CallValue, description: string): DataFacts {
  return { kind, xShape: null, target: { kind: "unknown" }, description, span: call.span };
}

function missingOption(ctx: DataContext, fn: string, object: ObjectValue | null, call: CallValue, name: string, example: string): void {
  ctx.report({
    code: "nn/missing-option",
    severity: "error",
    message: `${fn}: the option '${name}' is required, e.g. ${example}.`,
    span: object?.span ?? call.span,
  });
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** `folder/name` resolved against the model file, as the trainer will resolve it. */
function resolveIn(ctx: DataContext, folder: string, name: string): string {
  return ctx.host.resolvePath(ctx.fileName, `${folder.replace(/[\\/]+$/, "")}/${name}`);
}

// ---------------------------------------------------------------------------------------------
// mnist, fashionMnist: fixed shapes, so no file is read to know them.

function mnistFacts(fn: "mnist" | "fashionMnist", call: CallValue, ctx: DataContext): DataFacts {
  const usage = "one optional object { path?, limit? }";
  const object = optionsArgument(fn, call, 0, ctx, usage);
  const reader = new OptionReader(fn, object === UNKNOWN ? null : object, DATA_OPTIONS[fn], ctx.report);
  const path = reader.string("path");
  const limit = reader.number("limit", { integer: true, min: 1 });
  if (typeof path === "string") checkMnistFolder(fn, path, reader.property("path") as Property, ctx);

  const name = fn === "mnist" ? "MNIST handwritten digits" : "Fashion-MNIST clothing images";
  let sizes: string;
  if (typeof limit === "number") {
    sizes = `the first ${count(Math.min(limit, MNIST_TRAIN_COUNT))} training and ${count(Math.min(limit, MNIST_TEST_COUNT))} test images`;
  } else if (limit === UNKNOWN || object === UNKNOWN) {
    sizes = "28×28 grey images";
  } else {
    sizes = `${count(MNIST_TRAIN_COUNT)} training and ${count(MNIST_TEST_COUNT)} test images`;
  }
  return {
    kind: fn,
    xShape: [28, 28, 1],
    target: { kind: "classes", classes: 10, labels: fn === "mnist" ? [...MNIST_LABELS] : [...FASHION_MNIST_LABELS] },
    description: `${name}: ${sizes}`,
    span: call.span,
  };
}

/**
 * With a host that reads bytes, checks that the folder holds the four IDX files (each under one
 * of the names the trainer accepts) and that a plain file starts with a valid header.
 */
function checkMnistFolder(fn: string, folder: string, prop: Property, ctx: DataContext): void {
  const readBytes = ctx.host.readBytes?.bind(ctx.host);
  if (readBytes === undefined) return;
  for (const file of Object.values(MNIST_FILES)) {
    let found: { path: string; bytes: Uint8Array } | undefined;
    for (const candidate of idxFileCandidates(file)) {
      const path = resolveIn(ctx, folder, candidate);
      const bytes = readBytes(path, IDX_HEADER_MAX_BYTES);
      if (bytes !== undefined) {
        found = { path, bytes };
        break;
      }
    }
    if (found === undefined) {
      invalid(
        ctx,
        prop.span,
        `${fn}: the folder ${resolveIn(ctx, folder, "")} has no ${file} (nor ${file}.gz). ` +
          `'path' must name a folder holding the four IDX files ${Object.values(MNIST_FILES).join(", ")}.`,
      );
      return;
    }
    // Gzipped files (by content, whatever their name) are checked when the trainer inflates them.
    if (found.bytes.length >= 2 && found.bytes[0] === 0x1f && found.bytes[1] === 0x8b) continue;
    const parsed = parseIdxHeader(found.bytes);
    if ("error" in parsed) {
      invalid(ctx, prop.span, `${fn}: ${found.path} is not an IDX file: ${parsed.error}.`);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// idx: any image size, read from the files' headers when the host can read bytes.

interface IdxFileFacts {
  header: IdxHeader;
  path: string;
  /** The whole file, when it was small enough to read. */
  bytes: Uint8Array;
}

function idxFacts(call: CallValue, ctx: DataContext): DataFacts {
  const fn = "idx";
  const usage = "one object { images, labels, testImages?, testLabels?, scale? }";
  const object = optionsArgument(fn, call, 0, ctx, usage);
  if (object === UNKNOWN) return unknownFacts(fn, call, "IDX files");
  const reader = new OptionReader(fn, object, DATA_OPTIONS.idx, ctx.report);
  const images = reader.string("images");
  const labels = reader.string("labels");
  const testImages = reader.string("testImages");
  const testLabels = reader.string("testLabels");
  reader.oneOf("scale", IDX_SCALES);
  if (images === undefined) missingOption(ctx, fn, object, call, "images", `idx({ images: "train-images.idx3-ubyte", labels: "train-labels.idx1-ubyte" })`);
  if (labels === undefined) missingOption(ctx, fn, object, call, "labels", `idx({ images: "train-images.idx3-ubyte", labels: "train-labels.idx1-ubyte" })`);
  if ((testImages === undefined) !== (testLabels === undefined)) {
    const given = testImages === undefined ? "testLabels" : "testImages";
    invalid(ctx, (reader.property(given) as Property).span, `idx: 'testImages' and 'testLabels' go together; give both, or neither to hold out part of the training files.`);
  }
  const description = typeof images === "string" ? `IDX images ${images}` : "IDX files";
  const readBytes = ctx.host.readBytes?.bind(ctx.host);
  if (readBytes === undefined || typeof images !== "string") {
    return { kind: fn, xShape: null, target: { kind: "classes", classes: null }, description, span: call.span };
  }

  const read = (name: string, path: string, limit: number): IdxFileFacts | null | undefined => readIdx(ctx, reader.property(name) as Property, path, limit);
  const train = read("images", images, IDX_HEADER_MAX_BYTES);
  const xShape = train ? idxExampleShape(train.header.dims) : null;
  let classes: number | null = null;
  if (typeof labels === "string") {
    const trainLabels = read("labels", labels, IDX_LABELS_READ_LIMIT);
    classes = trainLabels ? labelFacts(ctx, reader.property("labels") as Property, trainLabels, train) : null;
  }
  if (typeof testImages === "string" && typeof testLabels === "string") {
    const test = read("testImages", testImages, IDX_HEADER_MAX_BYTES);
    if (test && xShape !== null) {
      const testShape = idxExampleShape(test.header.dims);
      if (testShape.join(",") !== xShape.join(",")) {
        invalid(ctx, (reader.property("testImages") as Property).span, `idx: the test images are [${testShape.join(", ")}] but the training images are [${xShape.join(", ")}]; both must have one size.`);
      }
    }
    const testLabelFacts = read("testLabels", testLabels, IDX_LABELS_READ_LIMIT);
    if (testLabelFacts) labelFacts(ctx, reader.property("testLabels") as Property, testLabelFacts, test ?? null);
  }
  const examples = train ? `${count(train.header.dims[0])} examples` : "";
  return {
    kind: fn,
    xShape,
    target: { kind: "classes", classes },
    description: examples === "" ? description : `${description}: ${examples}`,
    span: call.span,
  };
}

/**
 * Reads the start of one IDX file: its header, and the whole file when it fits in `limit`.
 * Missing files and bad headers are reported (null); a gzipped file can't be read without
 * decompressing it, so its sizes are unknown (undefined) and nothing is reported.
 */
function readIdx(ctx: DataContext, prop: Property, relative: string, limit: number): IdxFileFacts | null | undefined {
  const path = ctx.host.resolvePath(ctx.fileName, relative);
  const bytes = ctx.host.readBytes?.(path, limit);
  if (bytes === undefined) {
    invalid(ctx, prop.span, `idx: cannot read ${path}: the file is missing or unreadable.`);
    return null;
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return undefined;
  const parsed = parseIdxHeader(bytes);
  if ("error" in parsed) {
    invalid(ctx, prop.span, `idx: ${path} is not an IDX file: ${parsed.error}.`);
    return null;
  }
  const { header } = parsed;
  if (header.expectedBytes <= limit && bytes.length !== header.expectedBytes) {
    invalid(ctx, prop.span, `idx: ${path} has ${count(bytes.length)} bytes, but its header [${header.dims.join(", ")}] of ${header.type} needs ${count(header.expectedBytes)}.`);
    return null;
  }
  return { header, path, bytes };
}

/** Checks a labels file against its images and returns the class count when the labels were read whole. */
function labelFacts(ctx: DataContext, prop: Property, labels: IdxFileFacts, images: IdxFileFacts | null | undefined): number | null {
  const { header, path, bytes } = labels;
  if (header.dims.length !== 1) {
    invalid(ctx, prop.span, `idx: ${path} holds [${header.dims.join(", ")}] values; a labels file holds one number per example (1 dimension).`);
    return null;
  }
  if (images && images.header.dims[0] !== header.dims[0]) {
    invalid(ctx, prop.span, `idx: ${path} has ${count(header.dims[0])} labels but ${images.path} has ${count(images.header.dims[0])} examples; each example needs one label.`);
    return null;
  }
  if (bytes.length !== header.expectedBytes) return null;
  if (header.type !== "uint8" && header.type !== "int8" && header.type !== "int16" && header.type !== "int32") {
    invalid(ctx, prop.span, `idx: ${path} holds ${header.type} values; class labels must be integers.`);
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let max = -1;
  for (let i = 0; i < header.dims[0]; i++) {
    const offset = header.headerBytes + i * header.elementBytes;
    const value =
      header.type === "uint8" ? view.getUint8(offset) : header.type === "int8" ? view.getInt8(offset) : header.type === "int16" ? view.getInt16(offset) : view.getInt32(offset);
    if (value < 0) {
      invalid(ctx, prop.span, `idx: ${path} holds the label ${value} (example ${i + 1}); class labels are 0, 1, 2, ….`);
      return null;
    }
    if (value > max) max = value;
  }
  return max + 1;
}

// ---------------------------------------------------------------------------------------------
// csv: the file is read and planned (cached per text) to know the width and the label's kind.

function csvFacts(call: CallValue, ctx: DataContext): DataFacts {
  const fn = "csv";
  const example = `csv("data.csv", { label: "y" })`;
  const usage = `a path and an options object: ${example}`;
  const pathArg = call.args[0] as Located | undefined;
  const object = optionsArgument(fn, call, 1, ctx, usage);
  const reader = new OptionReader(fn, object === UNKNOWN ? null : object, DATA_OPTIONS.csv, ctx.report);
  const label = reader.string("label");
  const features = reader.stringList("features");
  const exclude = reader.stringList("exclude");
  const categorical = readCategorical(reader);
  const scale = reader.oneOf("scale", SCALE_KINDS);
  const testSplit = reader.number("testSplit", { min: 0, max: 1, maxExclusive: true });
  const delimiter = readDelimiter(reader);

  let path: string | undefined;
  if (pathArg === undefined || pathArg.value === undefined) {
    ctx.report({ code: "nn/missing-option", severity: "error", message: `csv: the file's path is required as the first argument, e.g. ${example}.`, span: call.span });
  } else if (typeof pathArg.value === "string" && pathArg.value.length > 0) {
    path = pathArg.value;
  } else if (pathArg.value !== UNKNOWN) {
    invalid(ctx, pathArg.span, `csv: the first argument must be the file's path (a string), not ${describeValue(pathArg.value)}.`);
  }
  if (object === null) missingOption(ctx, fn, null, call, "label", example);
  else if (label === undefined && object !== UNKNOWN) missingOption(ctx, fn, object, call, "label", `{ label: "target" }`);

  const description = path === undefined ? "CSV file" : path;
  if (path === undefined || pathArg === undefined || object === UNKNOWN || object === null || typeof label !== "string") {
    return unknownFacts(fn, call, description);
  }
  const resolved = ctx.host.resolvePath(ctx.fileName, path);
  const text = ctx.host.readFile(resolved);
  if (text === undefined) {
    invalid(ctx, pathArg.span, `csv: cannot read ${resolved}: the file is missing or unreadable. Paths are resolved against the model file's folder.`);
    return unknownFacts(fn, call, description);
  }
  // Options that shape the columns must be known; `scale` and `testSplit` change no shape.
  if (features === UNKNOWN || exclude === UNKNOWN || categorical === UNKNOWN || delimiter === UNKNOWN) return unknownFacts(fn, call, description);
  const options: CsvOptions = { label };
  if (features !== undefined) options.features = features;
  if (exclude !== undefined) options.exclude = exclude;
  if (categorical !== undefined) options.categorical = categorical;
  if (typeof scale === "string") options.scale = scale;
  if (typeof testSplit === "number") options.testSplit = testSplit;
  if (delimiter !== undefined) options.delimiter = delimiter;

  const result = planCsv(text, options, resolved);
  if ("error" in result) {
    reportCsvError(ctx, result.error, pathArg.span, reader);
    return unknownFacts(fn, call, description);
  }
  const { plan } = result;
  let target: DataFacts["target"];
  let targetText: string;
  switch (plan.target.kind) {
    case "binary":
      target = { kind: "binary", labels: [...plan.target.labels] };
      targetText = `binary "${plan.label.name}" (${plan.target.labels.join(" / ")})`;
      break;
    case "classes":
      target = { kind: "classes", classes: plan.target.labels.length, labels: [...plan.target.labels] };
      targetText = `${plan.target.labels.length} classes of "${plan.label.name}"`;
      break;
    case "regression":
      target = { kind: "regression", width: 1 };
      targetText = `the number "${plan.label.name}"`;
      break;
  }
  return {
    kind: fn,
    xShape: [plan.width],
    target,
    description: `${path}: ${count(plan.rows)} rows, ${plan.width} input column${plan.width === 1 ? "" : "s"} → ${targetText}`,
    span: call.span,
  };
}

const CATEGORICAL_KINDS = ["oneHot", "index"];

/** `categorical: { Geography: "oneHot", Gender: { Female: 0, Male: 1 } }`, each entry checked on its own. */
function readCategorical(reader: OptionReader): Read<{ [column: string]: CategoricalEncoding }> {
  const prop = reader.property("categorical");
  if (prop === undefined) return undefined;
  if (prop.value === UNKNOWN) return UNKNOWN;
  const object = prop.value;
  if (typeof object !== "object" || object === null || object.kind !== "object") {
    return reader.invalid(prop.span, `'categorical' must map column names to "oneHot", "index" or { value: number }, not ${describeValue(object)}.`);
  }
  // Null-prototype records, so that a key such as "__proto__" is just a column name.
  const result: { [column: string]: CategoricalEncoding } = Object.create(null);
  let unknown = false;
  for (const [column, entry] of object.props) {
    const value: Value = entry.value;
    if (value === UNKNOWN) {
      unknown = true;
    } else if (typeof value === "string") {
      if (value !== "oneHot" && value !== "index") {
        reader.invalid(entry.span, `categorical column "${column}" must be "oneHot", "index" or { value: number }, not ${describeValue(value)}.${didYouMean(value, CATEGORICAL_KINDS)}`);
        unknown = true;
      } else result[column] = value;
    } else if (typeof value === "object" && value !== null && value.kind === "object") {
      const map: { [value: string]: number } = Object.create(null);
      for (const [key, item] of value.props) {
        if (item.value === UNKNOWN) unknown = true;
        else if (typeof item.value !== "number" || !Number.isFinite(item.value)) {
          reader.invalid(item.span, `categorical column "${column}" maps "${key}" to ${describeValue(item.value)}; each value must map to a number.`);
          unknown = true;
        } else map[key] = item.value;
      }
      result[column] = map;
    } else {
      reader.invalid(entry.span, `categorical column "${column}" must be "oneHot", "index" or { value: number }, not ${describeValue(value)}.`);
      unknown = true;
    }
  }
  return unknown ? UNKNOWN : result;
}

function readDelimiter(reader: OptionReader): Read<string> {
  const value = reader.string("delimiter");
  if (typeof value !== "string") return value;
  if (/["\r\n]/.test(value)) {
    return reader.invalid((reader.property("delimiter") as Property).span, `'delimiter' cannot hold a quote or a line break, as ${JSON.stringify(value)} does.`);
  }
  return value;
}

/** Puts a planning error where it can be fixed: on the option that names it, else on the path. */
function reportCsvError(ctx: DataContext, error: CsvPlanError, pathSpan: Span, reader: OptionReader): void {
  let span = pathSpan;
  const diagnostic: Diagnostic = { code: "nn/invalid-option", severity: "error", message: `csv: ${error.message}`, span };
  if (error.option !== undefined) {
    const prop = reader.property(error.option);
    if (prop !== undefined) {
      span = prop.span;
      if (error.item !== undefined) span = itemSpan(prop, error.item) ?? span;
    }
  }
  diagnostic.span = span;
  if (error.suggestion !== undefined) {
    diagnostic.fixes = [{ title: `Use the column "${error.suggestion}"`, edits: [{ span, text: JSON.stringify(error.suggestion) }] }];
  }
  ctx.report(diagnostic);
}

/** The range of `item` inside an option: an array element, or an object key. */
function itemSpan(prop: Property, item: string): Span | undefined {
  const value = prop.value;
  if (typeof value !== "object" || value === null) return undefined;
  if (value.kind === "array") return (value as ArrayValue).items.find((i) => i.value === item)?.span;
  if (value.kind === "object") return value.props.get(item)?.keySpan;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The synthetic sets: fixed shapes, drawn by the trainer from a seeded generator.

function syntheticFacts(fn: "xor" | "circles" | "spiral" | "moons" | "sine", call: CallValue, ctx: DataContext): DataFacts {
  const usage = fn === "spiral" ? "one object { n, classes?, noise? }" : `one object { n, noise? }`;
  const object = optionsArgument(fn, call, 0, ctx, usage);
  const reader = new OptionReader(fn, object === UNKNOWN ? null : object, DATA_OPTIONS[fn], ctx.report);
  const n = reader.number("n", { integer: true, min: 1, max: MAX_SYNTHETIC_POINTS });
  reader.number("noise", { min: 0 });
  const classes = fn === "spiral" ? reader.number("classes", { integer: true, min: 2, max: MAX_SPIRAL_CLASSES }) : 2;
  if (n === undefined && object !== UNKNOWN) missingOption(ctx, fn, object, call, "n", `${fn}({ n: 500 })`);

  const points = typeof n === "number" ? `${count(n)} training + ${count(syntheticTestCount(n))} test points` : "points";
  if (fn === "sine") {
    return { kind: fn, xShape: [1], target: { kind: "regression", width: 1 }, description: `sine: ${points}, y = sin(x) + noise`, span: call.span };
  }
  const classCount = typeof classes === "number" ? classes : classes === undefined ? 2 : null;
  const classText = classCount === null ? "" : `, ${classCount} classes`;
  // Two classes are a binary target, as a two-valued CSV label is: one sigmoid unit or two
  // softmax units both fit it.
  const target: DataFacts["target"] = classCount === 2 ? { kind: "binary", labels: ["0", "1"] } : { kind: "classes", classes: classCount };
  return { kind: fn, xShape: [2], target, description: `${fn}: ${points}${classText}`, span: call.span };
}

/** The size of a synthetic set's held-out test split for `n` training points (at least one). */
export function syntheticTestCount(n: number): number {
  return Math.max(1, Math.round(n * SYNTHETIC_TEST_FRACTION));
}
