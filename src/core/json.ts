// The machine-readable form of an analysis: the schema of `nn-studio check --json` (DSL.md §8).

import { lineColumnAt, lineStarts } from "./position";
import type { Analysis, Diagnostic, Dim, ModelAnalysis } from "./types";

export interface LayerJson {
  name: string;
  type: string;
  outputShape: Dim[] | null;
  params: number | null;
  trainableParams: number | null;
  flops: number | null;
}

export interface ModelJson {
  name: string;
  export: string;
  input: Dim[] | null;
  layers: LayerJson[];
  outputShape: Dim[] | null;
  totalParams: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  flops: number | null;
}

export interface DiagnosticJson {
  severity: Diagnostic["severity"];
  code: Diagnostic["code"];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  model?: string;
  layer?: number;
}

export interface FileJson {
  file: string;
  models: ModelJson[];
  diagnostics: DiagnosticJson[];
}

export function modelToJson(model: ModelAnalysis): ModelJson {
  return {
    name: model.name,
    export: model.exportName,
    input: model.inputShape,
    layers: model.layers.map((layer) => ({
      name: layer.name,
      type: layer.type,
      outputShape: layer.outputShape,
      params: layer.params,
      trainableParams: layer.trainableParams,
      flops: layer.flops,
    })),
    outputShape: model.outputShape,
    totalParams: model.totalParams,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
    flops: model.flops,
  };
}

/** Diagnostics with 1-based positions; `endColumn` is just past the last character. */
export function diagnosticsToJson(analysis: Analysis): DiagnosticJson[] {
  const starts = lineStarts(analysis.text);
  return analysis.diagnostics.map((d) => {
    const start = lineColumnAt(starts, d.span.start);
    const end = lineColumnAt(starts, d.span.end);
    const json: DiagnosticJson = {
      severity: d.severity,
      code: d.code,
      message: d.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    if (d.model !== undefined) json.model = d.model;
    if (d.layer !== undefined) json.layer = d.layer;
    return json;
  });
}

export function analysisToJson(analysis: Analysis, displayPath: string): FileJson {
  return { file: displayPath, models: analysis.models.map(modelToJson), diagnostics: diagnosticsToJson(analysis) };
}
