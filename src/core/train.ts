// The `train` block of a model (DSL.md §6): validated, defaults applied, as one plain object the
// trainer compiles from. Validation reports on the smallest range at fault and never guesses:
// an unknown value leaves that setting unknown (null) without a second diagnostic.

import { describeValue } from "./describe";
import { didYouMean } from "./suggest";
import { type CallValue, type Diagnostic, type ObjectValue, type Property, type Span, UNKNOWN, type Value } from "./types";
import { isOptimizerFunction } from "./exports";

export const OPTIMIZER_NAMES = ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax"] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const LOSSES = [
  "meanSquaredError",
  "meanAbsoluteError",
  "huberLoss",
  "binaryCrossentropy",
  "categoricalCrossentropy",
  "sparseCategoricalCrossentropy",
] as const;
export type Loss = (typeof LOSSES)[number];

/** Short spellings users type from Keras habits, mapped to the canonical loss. */
const LOSS_ALIASES: Record<string, Loss> = { mse: "meanSquaredError", mae: "meanAbsoluteError" };

export const METRICS = ["accuracy", "precision", "recall", "auc", "mse", "mae"] as const;
export type Metric = (typeof METRICS)[number];

/** Each optimizer function's options and whether each must be positive, in [0, 1), or boolean. */
const OPTIMIZER_OPTIONS: Record<string, Record<string, "positive" | "unit" | "nonNegative" | "boolean">> = {
  sgd: { learningRate: "positive", momentum: "nonNegative", nesterov: "boolean" },
  adam: { learningRate: "positive", beta1: "unit", beta2: "unit", epsilon: "positive" },
  rmsprop: { learningRate: "positive", rho: "unit", momentum: "nonNegative", epsilon: "positive" },
  adagrad: { learningRate: "positive" },
};

/** Keras' defaults for the learning rate when an optimizer is named by a string. */
export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
  adagrad: 0.01,
  adadelta: 1,
  adamax: 0.002,
};

export interface EarlyStopping {
  monitor: string;
  patience: number;
  minDelta: number;
  restoreBestWeights: boolean;
}

/** The train block with defaults applied; `null` marks a setting that is unknown (not static). */
export interface TrainConfig {
  optimizer: { name: OptimizerName; options: Record<string, number | boolean> } | null;
  loss: Loss | null;
  /** Range of the loss value, for quick fixes that replace it. */
  lossSpan: Span | null;
  metrics: Metric[];
  epochs: number | null;
  batchSize: number | null;
  validationSplit: number | null;
  shuffle: boolean | null;
  seed: number | null;
  earlyStopping: EarlyStopping | null;
}

const TRAIN_KEYS = ["optimizer", "loss", "metrics", "epochs", "batchSize", "validationSplit", "shuffle", "seed", "earlyStopping"];
const EARLY_STOPPING_KEYS = ["monitor", "patience", "minDelta", "restoreBestWeights"];

export interface TrainContext {
  model: string;
  report(d: Diagnostic): void;
}

export function readTrainConfig(train: ObjectValue | null, ctx: TrainContext): TrainConfig {
  const config: TrainConfig = {
    optimizer: null,
    loss: null,
    lossSpan: null,
    metrics: [],
    epochs: 10,
    batchSize: 32,
    validationSplit: 0,
    shuffle: true,
    seed: null,
    earlyStopping: null,
  };
  if (train === null) return config;
  const problem = (code: Diagnostic["code"], span: Span, message: string, severity: Diagnostic["severity"] = "error") =>
    ctx.report({ code, severity, message, span, model: ctx.model });

  for (const property of train.props.values()) {
    if (!TRAIN_KEYS.includes(property.key)) {
      problem(
        "nn/unknown-option",
        property.keySpan,
        `train: '${property.key}' is not a training option; it is ignored.${didYouMean(property.key, TRAIN_KEYS)}`,
        "warning",
      );
    }
  }

  const optimizer = train.props.get("optimizer");
  if (optimizer === undefined) {
    problem("nn/missing-option", train.span, `train: 'optimizer' is required. Add, for example, optimizer: "adam".`);
  } else {
    config.optimizer = readOptimizer(optimizer, problem);
  }

  const loss = train.props.get("loss");
  if (loss === undefined) {
    problem("nn/missing-option", train.span, `train: 'loss' is required, e.g. loss: "categoricalCrossentropy".`);
  } else if (loss.value !== UNKNOWN) {
    config.lossSpan = loss.span;
    const name = typeof loss.value === "string" ? (LOSS_ALIASES[loss.value] ?? loss.value) : undefined;
    if (name !== undefined && (LOSSES as readonly string[]).includes(name)) config.loss = name as Loss;
    else {
      const shown = typeof loss.value === "string" ? `'${loss.value}'` : "a non-string value";
      problem(
        "nn/invalid-option",
        loss.span,
        `train: loss ${shown} is not a known loss. Expected one of ${LOSSES.join(", ")} (or "mse", "mae").` +
          (typeof loss.value === "string" ? didYouMean(loss.value, [...LOSSES, "mse", "mae"]) : ""),
      );
    }
  }

  const metrics = train.props.get("metrics");
  if (metrics !== undefined && metrics.value !== UNKNOWN) {
    if (typeof metrics.value !== "object" || metrics.value === null || metrics.value.kind !== "array") {
      problem("nn/invalid-option", metrics.span, `train: metrics must be an array of names, e.g. ["accuracy"].`);
    } else {
      for (const item of metrics.value.items) {
        if (item.value === UNKNOWN) continue;
        if (typeof item.value === "string" && (METRICS as readonly string[]).includes(item.value)) {
          config.metrics.push(item.value as Metric);
        } else {
          const shown = typeof item.value === "string" ? `'${item.value}'` : "a non-string value";
          problem(
            "nn/invalid-option",
            item.span,
            `train: metric ${shown} is not supported. Expected one of ${METRICS.join(", ")}.` +
              (typeof item.value === "string" ? didYouMean(item.value, METRICS) : ""),
          );
        }
      }
    }
  }

  config.epochs = readNumber(train.props.get("epochs"), config.epochs, "epochs", "a positive integer", (v) => Number.isInteger(v) && v >= 1, problem);
  config.batchSize = readNumber(train.props.get("batchSize"), config.batchSize, "batchSize", "a positive integer", (v) => Number.isInteger(v) && v >= 1, problem);
  config.validationSplit = readNumber(train.props.get("validationSplit"), config.validationSplit, "validationSplit", "a number in [0, 1)", (v) => v >= 0 && v < 1, problem);
  config.seed = readNumber(train.props.get("seed"), config.seed, "seed", "an integer", (v) => Number.isInteger(v), problem);
  config.shuffle = readBoolean(train.props.get("shuffle"), config.shuffle, "shuffle", problem);

  const early = train.props.get("earlyStopping");
  if (early !== undefined && early.value !== UNKNOWN) {
    config.earlyStopping = readEarlyStopping(early, problem);
  }
  return config;
}

type Problem = (code: Diagnostic["code"], span: Span, message: string, severity?: Diagnostic["severity"]) => void;

function readNumber(
  property: Property | undefined,
  fallback: number | null,
  name: string,
  expected: string,
  valid: (v: number) => boolean,
  problem: Problem,
): number | null {
  if (property === undefined) return fallback;
  if (property.value === UNKNOWN) return null;
  if (typeof property.value === "number" && valid(property.value)) return property.value;
  problem("nn/invalid-option", property.span, `train: ${name} must be ${expected}, not ${describeValue(property.value)}.`);
  return null;
}

function readBoolean(property: Property | undefined, fallback: boolean | null, name: string, problem: Problem): boolean | null {
  if (property === undefined) return fallback;
  if (property.value === UNKNOWN) return null;
  if (typeof property.value === "boolean") return property.value;
  problem("nn/invalid-option", property.span, `train: ${name} must be true or false, not ${describeValue(property.value)}.`);
  return null;
}

function readOptimizer(property: Property, problem: Problem): TrainConfig["optimizer"] {
  const value = property.value;
  if (value === UNKNOWN) return null;
  if (typeof value === "string") {
    if ((OPTIMIZER_NAMES as readonly string[]).includes(value)) {
      const name = value as OptimizerName;
      return { name, options: { learningRate: DEFAULT_LEARNING_RATE[name] } };
    }
    problem(
      "nn/invalid-option",
      property.span,
      `train: optimizer '${value}' is not known. Expected one of ${OPTIMIZER_NAMES.join(", ")}.${didYouMean(value, OPTIMIZER_NAMES)}`,
    );
    return null;
  }
  if (isCall(value) && isOptimizerFunction(value.fn)) return readOptimizerCall(value, problem);
  problem("nn/invalid-option", property.span, `train: optimizer must be a name such as "adam" or a call such as adam({ learningRate: 0.001 }).`);
  return null;
}

function readOptimizerCall(call: CallValue, problem: Problem): TrainConfig["optimizer"] {
  const name = call.fn as OptimizerName;
  const schema = OPTIMIZER_OPTIONS[name];
  const options: Record<string, number | boolean> = { learningRate: DEFAULT_LEARNING_RATE[name] };
  const arg = call.args[0];
  if (arg === undefined) return { name, options };
  if (arg.value === UNKNOWN) return null;
  if (!isObject(arg.value)) {
    problem("nn/invalid-option", arg.span, `${name}: expected an options object such as { learningRate: 0.001 }.`);
    return null;
  }
  let known = true;
  for (const option of arg.value.props.values()) {
    const kind = schema[option.key];
    if (kind === undefined) {
      problem(
        "nn/unknown-option",
        option.keySpan,
        `${name}: '${option.key}' is not an option of ${name}; it is ignored. Options: ${Object.keys(schema).join(", ")}.${didYouMean(option.key, Object.keys(schema))}`,
        "warning",
      );
      continue;
    }
    if (option.value === UNKNOWN) {
      known = false;
      continue;
    }
    const v = option.value;
    const ok =
      kind === "boolean"
        ? typeof v === "boolean"
        : typeof v === "number" && Number.isFinite(v) && (kind === "positive" ? v > 0 : kind === "nonNegative" ? v >= 0 : v >= 0 && v < 1);
    if (!ok) {
      const expected = kind === "boolean" ? "true or false" : kind === "positive" ? "a number > 0" : kind === "nonNegative" ? "a number ≥ 0" : "a number in [0, 1)";
      problem("nn/invalid-option", option.span, `${name}: ${option.key} must be ${expected}, not ${describeValue(v)}.`);
      known = false;
      continue;
    }
    options[option.key] = v as number | boolean;
  }
  return known ? { name, options } : null;
}

function readEarlyStopping(property: Property, problem: Problem): EarlyStopping | null {
  if (!isObject(property.value)) {
    problem("nn/invalid-option", property.span, `train: earlyStopping must be an object such as { monitor: "val_loss", patience: 3 }.`);
    return null;
  }
  const result: EarlyStopping = { monitor: "val_loss", patience: 0, minDelta: 0, restoreBestWeights: false };
  let known = true;
  for (const option of property.value.props.values()) {
    if (!EARLY_STOPPING_KEYS.includes(option.key)) {
      problem(
        "nn/unknown-option",
        option.keySpan,
        `earlyStopping: '${option.key}' is not an option; it is ignored.${didYouMean(option.key, EARLY_STOPPING_KEYS)}`,
        "warning",
      );
      continue;
    }
    const v = option.value;
    if (v === UNKNOWN) {
      known = false;
      continue;
    }
    switch (option.key) {
      case "monitor":
        if (typeof v === "string" && /^(val_)?[A-Za-z_]+$/.test(v)) result.monitor = v;
        else problem("nn/invalid-option", option.span, `earlyStopping: monitor must name a logged value such as "val_loss" or "val_accuracy".`);
        break;
      case "patience":
        if (typeof v === "number" && Number.isInteger(v) && v >= 0) result.patience = v;
        else problem("nn/invalid-option", option.span, `earlyStopping: patience must be an integer ≥ 0, not ${describeValue(v)}.`);
        break;
      case "minDelta":
        if (typeof v === "number" && v >= 0) result.minDelta = v;
        else problem("nn/invalid-option", option.span, `earlyStopping: minDelta must be a number ≥ 0, not ${describeValue(v)}.`);
        break;
      case "restoreBestWeights":
        if (typeof v === "boolean") result.restoreBestWeights = v;
        else problem("nn/invalid-option", option.span, `earlyStopping: restoreBestWeights must be true or false.`);
        break;
    }
  }
  return known ? result : null;
}

function isObject(value: Value): value is ObjectValue {
  return typeof value === "object" && value !== null && value.kind === "object";
}

function isCall(value: Value): value is CallValue {
  return typeof value === "object" && value !== null && value.kind === "call";
}

