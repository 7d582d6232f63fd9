// The column plan of a `csv(...)` data source (DSL.md §5): which columns are inputs, how each is
// encoded (a number, one-hot, an index, an explicit map), how wide the input is after encoding,
// and what the label is (binary, classes, regression). The analyser shows the width and checks
// it against the model; the trainer encodes the rows with the very same plan, so the two can
// never disagree.

import { closest, didYouMean } from "../suggest";
import { csvTable, memoizedForText } from "./csvTable";
import type { CsvTable } from "./csvTable";

export type CategoricalEncoding = "oneHot" | "index" | { [value: string]: number };
export type ScaleKind = "standard" | "minmax" | "none";

export const SCALE_KINDS: readonly ScaleKind[] = ["standard", "minmax", "none"];
export const DEFAULT_SCALE: ScaleKind = "standard";
export const DEFAULT_TEST_SPLIT = 0.2;
export const DEFAULT_DELIMITER = ",";

/** The options of `csv(path, options)`, as plain values. */
export interface CsvOptions {
  label: string;
  features?: string[];
  exclude?: string[];
  categorical?: { [column: string]: CategoricalEncoding };
  scale?: ScaleKind;
  testSplit?: number;
  delimiter?: string;
}

/** How one input column of the file becomes one or more columns of `x`. */
export type CsvColumnPlan =
  | { name: string; index: number; encoding: "number"; offset: number }
  | { name: string; index: number; encoding: "oneHot"; values: string[]; offset: number }
  | { name: string; index: number; encoding: "index"; values: string[]; offset: number }
  | { name: string; index: number; encoding: "map"; map: { [value: string]: number }; offset: number };

/** The label column's meaning; `labels[i]` is the cell value that encodes as class (or 0/1 value) `i`. */
export type CsvTargetPlan =
  | { kind: "binary"; labels: [string, string] }
  | { kind: "classes"; labels: string[] }
  | { kind: "regression" };

export interface CsvPlan {
  path: string;
  delimiter: string;
  header: string[];
  /** Data rows (the header excluded). */
  rows: number;
  label: { name: string; index: number };
  target: CsvTargetPlan;
  /** The input columns in the order their encodings appear in `x`. */
  columns: CsvColumnPlan[];
  /** Columns of `x` after encoding. */
  width: number;
  /** A name for each column of `x`: the column's name, or "Geography=France" for one-hot. */
  inputNames: string[];
  /**
   * Whether the scaler applies to each column of `x`: numbers and indices are scaled, one-hot
   * columns keep their 0/1 so they stay indicators.
   */
  scaled: boolean[];
  scale: ScaleKind;
  testSplit: number;
}

export type CsvOption = "label" | "features" | "exclude" | "categorical";

export interface CsvPlanError {
  /** Names the file, and the line and column when one is at fault. */
  message: string;
  /** 1-based line of the CSV file, or null when no line is at fault. */
  line: number | null;
  /** 1-based column (field) number, or null when no column is at fault. */
  column: number | null;
  /** The option at fault when an option names what the file lacks; absent when the file is at fault. */
  option?: CsvOption;
  /** The column name, as written in that option, that is at fault. */
  item?: string;
  /** The header's column closest to `item`, when it is a likely typo. */
  suggestion?: string;
}

export type CsvPlanResult = { plan: CsvPlan } | { error: CsvPlanError };

/**
 * Integer labels with at most this many distinct values are classes (ratings 1–5, digits 0–9);
 * more are a count or a measurement, so regression.
 */
export const MAX_INTEGER_CLASSES = 20;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a cell is a decimal number (no hex, no "Infinity", no empty cell). */
export function isNumericCell(cell: string): boolean {
  return NUMBER.test(cell);
}

/**
 * Plans the columns of the CSV `text` (the file at `path`, named in messages) for `options`.
 * Pure, and memoized per text: the same text and options give back the same result at once.
 */
export function planCsv(text: string, options: CsvOptions, path: string): CsvPlanResult {
  const delimiter = options.delimiter ?? DEFAULT_DELIMITER;
  const key = JSON.stringify([path, options]);
  return memoizedForText(text, delimiter, key, (parsed) => {
    if ("error" in parsed) {
      const { message, line } = parsed.error;
      return { error: { message: `${where(path, line, null)}${message}`, line, column: null } };
    }
    return planTable(parsed.table, options, path, delimiter);
  });
}

function planTable(table: CsvTable, options: CsvOptions, path: string, delimiter: string): CsvPlanResult {
  const { header, rows, lines } = table;
  const columnIndex = new Map<string, number>();
  header.forEach((name, i) => {
    if (!columnIndex.has(name)) columnIndex.set(name, i);
  });
  const columnsList = (): string => header.map((h) => `"${h}"`).join(", ");
  const missing = (option: CsvOption, name: string, role: string): { error: CsvPlanError } => {
    const suggestion = closest(name, header);
    const error: CsvPlanError = {
      message: `${path}:1: ${role} "${name}" is not a column of the file.` + (suggestion === undefined ? ` Its columns are ${columnsList()}.` : didYouMean(name, header)),
      line: 1,
      column: null,
      option,
      item: name,
    };
    if (suggestion !== undefined) error.suggestion = suggestion;
    return { error };
  };

  if (rows.length === 0) {
    return { error: { message: `${path}: it has a header but no data rows.`, line: null, column: null } };
  }

  const labelIndex = columnIndex.get(options.label);
  if (labelIndex === undefined) return missing("label", options.label, "the label");

  const categorical = options.categorical ?? {};
  for (const name of Object.keys(categorical)) {
    if (!columnIndex.has(name)) return missing("categorical", name, "the categorical column");
    if (name === options.label) {
      return {
        error: {
          message: `${path}: "${name}" is the label; a label is not encoded by 'categorical' but by its values (two values: binary; a few: classes; else a number).`,
          line: null,
          column: null,
          option: "categorical",
          item: name,
        },
      };
    }
  }
  const excluded = new Set<string>();
  for (const name of options.exclude ?? []) {
    if (!columnIndex.has(name)) return missing("exclude", name, "the excluded column");
    excluded.add(name);
  }

  let featureNames: string[];
  if (options.features !== undefined) {
    featureNames = [];
    for (const name of options.features) {
      if (!columnIndex.has(name)) return missing("features", name, "the feature");
      if (name === options.label) {
        return {
          error: {
            message: `${path}: "${name}" is the label; it cannot also be an input feature.`,
            line: null,
            column: null,
            option: "features",
            item: name,
          },
        };
      }
      if (!excluded.has(name) && !featureNames.includes(name)) featureNames.push(name);
    }
  } else {
    featureNames = [];
    for (const name of columnIndex.keys()) {
      if (name !== options.label && !excluded.has(name)) featureNames.push(name);
    }
  }
  if (featureNames.length === 0) {
    return { error: { message: `${path}: no input columns are left once the label and the excluded columns are taken out.`, line: null, column: null } };
  }

  const columns: CsvColumnPlan[] = [];
  const inputNames: string[] = [];
  const scaled: boolean[] = [];
  for (const name of featureNames) {
    const index = columnIndex.get(name) as number;
    const offset = inputNames.length;
    // Own properties only: a column named "constructor" must not find Object.prototype's.
    const encoding = Object.prototype.hasOwnProperty.call(categorical, name) ? categorical[name] : undefined;
    if (encoding === undefined) {
      for (let r = 0; r < rows.length; r++) {
        const cell = rows[r][index];
        if (!isNumericCell(cell)) {
          const shown = cell === "" ? "an empty cell" : `${JSON.stringify(cell)}, which is not a number`;
          return {
            error: {
              message:
                `${where(path, lines[r], index + 1)}column "${name}" holds ${shown}. ` +
                `Every cell of a numeric column must be a number: mark the column categorical ` +
                `(categorical: { ${JSON.stringify(name)}: "oneHot" }), exclude it, or fix the cell.`,
              line: lines[r],
              column: index + 1,
            },
          };
        }
      }
      columns.push({ name, index, encoding: "number", offset });
      inputNames.push(name);
      scaled.push(true);
    } else if (encoding === "oneHot" || encoding === "index") {
      const values = distinctInOrder(rows, index);
      if (encoding === "oneHot") {
        columns.push({ name, index, encoding, values, offset });
        for (const value of values) {
          inputNames.push(`${name}=${value}`);
          scaled.push(false);
        }
      } else {
        columns.push({ name, index, encoding, values, offset });
        inputNames.push(name);
        scaled.push(true);
      }
    } else {
      for (let r = 0; r < rows.length; r++) {
        const cell = rows[r][index];
        if (!Object.prototype.hasOwnProperty.call(encoding, cell)) {
          return {
            error: {
              message: `${where(path, lines[r], index + 1)}column "${name}" holds ${JSON.stringify(cell)}, which its 'categorical' map does not list. Add ${JSON.stringify(cell)} to the map.`,
              line: lines[r],
              column: index + 1,
              option: "categorical",
              item: name,
            },
          };
        }
      }
      columns.push({ name, index, encoding: "map", map: { ...encoding }, offset });
      inputNames.push(name);
      scaled.push(true);
    }
  }

  const target = planTarget(table, labelIndex, options.label, path);
  if ("error" in target) return target;
  return {
    plan: {
      path,
      delimiter,
      header,
      rows: rows.length,
      label: { name: options.label, index: labelIndex },
      target: target.target,
      columns,
      width: inputNames.length,
      inputNames,
      scaled,
      scale: options.scale ?? DEFAULT_SCALE,
      testSplit: options.testSplit ?? DEFAULT_TEST_SPLIT,
    },
  };
}

/** The identity of a label cell: numbers by value ("1.0" and "1" are one class), text as is. */
export function labelKey(cell: string): string {
  return isNumericCell(cell) ? String(Number(cell)) : cell;
}

function planTarget(table: CsvTable, index: number, name: string, path: string): { target: CsvTargetPlan } | { error: CsvPlanError } {
  const { rows, lines } = table;
  const keys = new Set<string>();
  let allNumeric = true;
  let allIntegers = true;
  for (let r = 0; r < rows.length; r++) {
    const cell = rows[r][index];
    if (cell === "") {
      return {
        error: {
          message: `${where(path, lines[r], index + 1)}the label "${name}" is empty in this row; every row needs a label.`,
          line: lines[r],
          column: index + 1,
        },
      };
    }
    const key = labelKey(cell);
    keys.add(key);
    if (!isNumericCell(cell)) allNumeric = false;
    else if (!Number.isInteger(Number(cell))) allIntegers = false;
  }
  const labels = [...keys];
  if (allNumeric) labels.sort((a, b) => Number(a) - Number(b));
  else labels.sort();
  if (labels.length === 1) {
    return {
      error: {
        message: `${path}: the label "${name}" has the one value "${labels[0]}" in every row, so there is nothing to learn. Choose another label column.`,
        line: null,
        column: null,
        option: "label",
        item: name,
      },
    };
  }
  if (labels.length === 2) return { target: { kind: "binary", labels: [labels[0], labels[1]] } };
  if (!allNumeric || (allIntegers && labels.length <= MAX_INTEGER_CLASSES)) return { target: { kind: "classes", labels } };
  return { target: { kind: "regression" } };
}

function distinctInOrder(rows: string[][], index: number): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(row[index]);
  return [...seen];
}

function where(path: string, line: number | null, column: number | null): string {
  if (line === null) return `${path}: `;
  return column === null ? `${path}:${line}: ` : `${path}:${line}:${column}: `;
}

// ---------------------------------------------------------------------------------------------
// Encoding: the plan applied to the rows. The plan has already checked every cell, so encoding
// cannot fail on the text it was planned from.

export interface CsvEncoded {
  /** Row-major `rows × plan.width`. */
  x: Float32Array;
  /** Row-major `rows × targetWidth(plan)`: one-hot classes, 0/1 for binary, the number for regression. */
  y: Float32Array;
  rows: number;
  /** The 1-based CSV line of each row, so later errors can still name it. */
  lines: number[];
}

export function targetWidth(target: CsvTargetPlan): number {
  switch (target.kind) {
    case "classes":
      return target.labels.length;
    case "binary":
    case "regression":
      return 1;
  }
}

/**
 * Encodes the rows of `text` with `plan` (made by `planCsv` from the same text). Throws only
 * when the text is not the one the plan was made from: a broken invariant, not a user error.
 */
export function encodeCsv(text: string, plan: CsvPlan): CsvEncoded {
  const parsed = csvTable(text, plan.delimiter);
  if ("error" in parsed || parsed.table.rows.length !== plan.rows) {
    throw new Error(`encodeCsv: the text of ${plan.path} is not the text its plan was made from`);
  }
  const { rows, lines } = parsed.table;
  const width = plan.width;
  const yWidth = targetWidth(plan.target);
  const x = new Float32Array(rows.length * width);
  const y = new Float32Array(rows.length * yWidth);
  const lookups = plan.columns.map((column) => {
    switch (column.encoding) {
      case "number":
        return null;
      case "oneHot":
      case "index":
        return new Map(column.values.map((v, i) => [v, i]));
      case "map":
        return new Map(Object.entries(column.map));
    }
  });
  const labelIndex = new Map<string, number>();
  if (plan.target.kind !== "regression") plan.target.labels.forEach((label, i) => labelIndex.set(label, i));

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const base = r * width;
    plan.columns.forEach((column, c) => {
      const cell = row[column.index];
      const lookup = lookups[c];
      switch (column.encoding) {
        case "number":
          x[base + column.offset] = Number(cell);
          break;
        case "oneHot":
          x[base + column.offset + (lookup?.get(cell) as number)] = 1;
          break;
        case "index":
        case "map":
          x[base + column.offset] = lookup?.get(cell) as number;
          break;
      }
    });
    const cell = row[plan.label.index];
    switch (plan.target.kind) {
      case "regression":
        y[r] = Number(cell);
        break;
      case "binary":
        y[r] = labelIndex.get(labelKey(cell)) as number;
        break;
      case "classes":
        y[r * yWidth + (labelIndex.get(labelKey(cell)) as number)] = 1;
        break;
    }
  }
  return { x, y, rows: rows.length, lines };
}
