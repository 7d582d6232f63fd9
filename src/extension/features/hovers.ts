// Hovering a layer call shows what the analysis knows about it: output shape, parameters
// (trainable and not), FLOPs, and for windowed layers the per-axis arithmetic with the numbers
// filled in. Hovering `model` shows the whole Keras-style summary table.

import * as vscode from "vscode";
import { formatCount, formatFlops, formatShape } from "../../core/format";
import type { LayerAnalysis, Span } from "../../core/types";
import { type AnalyzedModel, loadCore } from "../core";
import { toRange } from "../convert";
import type { ExtensionServices } from "../services";

/** Several layers from one call site (`repeat`) are listed up to this many. */
const MAX_LAYERS_PER_HOVER = 3;

export class ModelHovers implements vscode.HoverProvider {
  constructor(private readonly services: ExtensionServices) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.services.analyses.analyze(document);
    if (analysis.text !== document.getText()) return undefined;
    const offset = document.offsetAt(position);

    for (const model of analysis.models) {
      const callee = modelCalleeSpan(analysis.text, model);
      if (contains(callee, offset)) {
        const { formatSummary } = await loadCore();
        return new vscode.Hover(new vscode.MarkdownString().appendCodeblock(formatSummary(model), "text"), toRange(document, callee));
      }
    }

    const layers = innermostLayers(analysis.models, offset);
    if (layers.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    layers.slice(0, MAX_LAYERS_PER_HOVER).forEach((layer, index) => {
      if (index > 0) markdown.appendMarkdown("\n\n---\n\n");
      appendLayer(markdown, layer);
    });
    if (layers.length > MAX_LAYERS_PER_HOVER) {
      markdown.appendMarkdown(`\n\n…and ${layers.length - MAX_LAYERS_PER_HOVER} more layers from this call.`);
    }
    return new vscode.Hover(markdown, toRange(document, layers[0].span));
  }
}

/** The `model` (or `nn.model`) word of the call: text up to the call's opening parenthesis. */
export function modelCalleeSpan(text: string, model: AnalyzedModel): Span {
  const open = text.indexOf("(", model.node.span.start);
  const end = open === -1 || open > model.node.span.end ? model.node.span.start : open;
  return { start: model.node.span.start, end: text.slice(model.node.span.start, end).trimEnd().length + model.node.span.start };
}

/** The layers whose call most tightly encloses the offset (several when one call made many). */
function innermostLayers(models: readonly AnalyzedModel[], offset: number): LayerAnalysis[] {
  let best: LayerAnalysis[] = [];
  let bestLength = Infinity;
  for (const model of models) {
    for (const layer of model.layers) {
      if (!contains(layer.span, offset)) continue;
      const length = layer.span.end - layer.span.start;
      if (length < bestLength) {
        best = [layer];
        bestLength = length;
      } else if (length === bestLength && best[0]?.span.start === layer.span.start) {
        best.push(layer);
      }
    }
  }
  return best;
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end && span.end > span.start;
}

function appendLayer(markdown: vscode.MarkdownString, layer: LayerAnalysis): void {
  const title = layer.name === layer.type ? layer.name : `${layer.name} (${layer.type})`;
  markdown.appendMarkdown(`**${escape(title)}** — layer ${layer.index + 1}\n\n`);
  markdown.appendMarkdown(`Output shape: \`${formatShape(layer.outputShape)}\` (input \`${formatShape(layer.inputShape)}\`)\n\n`);
  markdown.appendMarkdown(`Parameters: ${paramsText(layer)}\n\n`);
  markdown.appendMarkdown(`FLOPs: ${layer.flops === null ? "?" : layer.flops === 0 ? "0" : `${formatCount(layer.flops)} (${formatFlops(layer.flops)})`}\n\n`);
  if (layer.arithmetic.length > 0) {
    markdown.appendMarkdown("Output size:\n");
    const width = Math.max(...layer.arithmetic.map((axis) => axis.axis.length));
    markdown.appendCodeblock(
      layer.arithmetic.map((axis) => `${`${axis.axis}:`.padEnd(width + 1)} ${axis.text}`).join("\n"),
      "text",
    );
  }
}

function paramsText(layer: LayerAnalysis): string {
  if (layer.params === null) return "?";
  if (layer.params === 0) return "0";
  const trainable = layer.trainableParams;
  const frozen = trainable === null ? null : layer.params - trainable;
  return `${formatCount(layer.params)} (${formatCount(trainable)} trainable, ${formatCount(frozen)} not trainable)`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}
