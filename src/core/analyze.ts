// The one analysis every consumer calls: the editor, the webviews, the CLI and the trainer show
// the same numbers because they all come from here. It never throws on user input: whatever is
// wrong with the file ends up in `diagnostics`.

import { checkModel, MODEL_OPTIONS } from "./checks";
import { dataFacts } from "./data";
import { parseModelFile } from "./ir";
import { analyzeLayers } from "./layers";
import { didYouMean } from "./suggest";
import { readTrainConfig, type TrainConfig } from "./train";
import { type Analysis, type Diagnostic, type Host, type ModelAnalysis, type ModelNode, UNKNOWN } from "./types";

/** A model's analysis together with its validated training settings. */
export interface AnalyzedModel extends ModelAnalysis {
  train: TrainConfig;
}

export interface FullAnalysis extends Analysis {
  models: AnalyzedModel[];
}

export function analyze(text: string, fileName: string, host: Host): FullAnalysis {
  const parsed = parseModelFile(text, fileName);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const models = parsed.models.map((node) => analyzeModel(node, text, fileName, host, parsed.imports, diagnostics));
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { fileName, text, models, diagnostics };
}

function analyzeModel(
  node: ModelNode,
  text: string,
  fileName: string,
  host: Host,
  imports: Parameters<typeof analyzeLayers>[1]["imports"],
  diagnostics: Diagnostic[],
): AnalyzedModel {
  // Every diagnostic found while looking at this model names it, so multi-model files stay clear.
  const report = (d: Diagnostic) => diagnostics.push(d.model === undefined ? { ...d, model: node.name } : d);

  checkModelOptions(node, report);
  const { layers, outputShape } = analyzeLayers(node, { report, imports, text });
  const data = node.data === null ? null : dataFacts(node.data, { host, fileName, report });
  const train = readTrainConfig(node.train, { model: node.name, report });

  const totalParams = sumKnown(layers.map((layer) => layer.params));
  const trainableParams = sumKnown(layers.map((layer) => layer.trainableParams));
  const model: AnalyzedModel = {
    node,
    name: node.name,
    exportName: node.exportName,
    inputShape: node.input?.shape ?? null,
    layers,
    outputShape,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams === null || trainableParams === null ? null : totalParams - trainableParams,
    flops: sumKnown(layers.map((layer) => layer.flops)),
    data,
    train,
  };
  checkModel(model, train, { text, report });
  return model;
}

/** The sum, or null when any term is unknown: a total is never guessed from the known part. */
function sumKnown(values: (number | null)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** Unknown keys in `model({...})`, and a `data` that is not a data function. */
function checkModelOptions(node: ModelNode, report: (d: Diagnostic) => void): void {
  if (node.config === null) return;
  for (const property of node.config.props.values()) {
    if (!MODEL_OPTIONS.includes(property.key)) {
      report({
        code: "nn/unknown-option",
        severity: "warning",
        message: `model: '${property.key}' is not a model option; it is ignored. Options: ${MODEL_OPTIONS.join(", ")}.${didYouMean(property.key, MODEL_OPTIONS)}`,
        span: property.keySpan,
      });
    }
  }
  const data = node.config.props.get("data");
  if (data !== undefined && node.data === null && data.value !== UNKNOWN && data.value !== undefined) {
    report({
      code: "nn/invalid-option",
      severity: "error",
      message: `model: data must be a data function such as mnist(), csv("file.csv", { label: "y" }) or spiral({ n: 500 }).`,
      span: data.span,
    });
  }
}
