// The outline: each model, with its input and layers as children and their shapes as detail, so
// the Outline view and breadcrumbs read like a model summary.

import * as vscode from "vscode";
import { formatCount, formatShape } from "../../core/format";
import { toRange } from "../convert";
import type { ExtensionServices } from "../services";
import { modelCalleeSpan } from "./hovers";

export class ModelSymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly services: ExtensionServices) {}

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const analysis = await this.services.analyses.analyze(document);
    if (analysis.text !== document.getText()) return [];
    return analysis.models.map((model) => {
      const params = model.totalParams === null ? "?" : formatCount(model.totalParams);
      const symbol = new vscode.DocumentSymbol(
        model.name,
        `${formatShape(model.inputShape)} → ${formatShape(model.outputShape)} · ${params} params`,
        vscode.SymbolKind.Class,
        toRange(document, model.node.span),
        toRange(document, modelCalleeSpan(analysis.text, model)),
      );
      const input = model.node.input;
      if (input !== null) {
        symbol.children.push(
          new vscode.DocumentSymbol("input", formatShape(input.shape), vscode.SymbolKind.Field, toRange(document, input.span), toRange(document, input.span)),
        );
      }
      for (const layer of model.layers) {
        const range = toRange(document, layer.span);
        // The layer function's name is what the outline selects; VS Code requires it to lie
        // inside the layer's range, which the call's callee always does.
        const callee = model.node.layers[layer.index]?.call.calleeSpan;
        const selection = callee !== undefined && range.contains(toRange(document, callee)) ? toRange(document, callee) : range;
        symbol.children.push(new vscode.DocumentSymbol(layer.name, formatShape(layer.outputShape), vscode.SymbolKind.Field, range, selection));
      }
      return symbol;
    });
  }
}
