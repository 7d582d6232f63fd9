// After each layer call, its output shape (`[26, 26, 32]`) and parameter count (`320 params`),
// as the DSL's own example comments show them. Either can be turned off in the settings.

import * as vscode from "vscode";
import { formatCount, formatShape } from "../../core/format";
import type { LayerAnalysis } from "../../core/types";
import type { ExtensionServices } from "../services";

/** Past this many layers from one call (a `repeat` or a helper), the hint shows the first and last. */
const MAX_LAYERS_PER_HINT = 4;

export class ModelInlayHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly services: ExtensionServices) {}

  /** Hints follow the analysis: a CSV edit or a settings change can change them without an edit here. */
  refresh(): void {
    this.changed.fire();
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const config = this.services.config();
    if (!config.inlayShapes && !config.inlayParams) return [];
    const analysis = await this.services.analyses.analyze(document);
    if (analysis.text !== document.getText()) return [];

    // Layers made by one call site (`repeat(3, () => conv2d(...))`, a helper called twice)
    // share its span; they get one hint that lists them in order.
    const byOffset = new Map<number, LayerAnalysis[]>();
    for (const model of analysis.models) {
      for (const layer of model.layers) {
        // After the trailing comma when there is one, where a comment would go.
        const offset = analysis.text[layer.span.end] === "," ? layer.span.end + 1 : layer.span.end;
        const group = byOffset.get(offset);
        if (group === undefined) byOffset.set(offset, [layer]);
        else group.push(layer);
      }
    }

    const hints: vscode.InlayHint[] = [];
    for (const [offset, layers] of byOffset) {
      const position = document.positionAt(offset);
      if (!range.contains(position)) continue;
      const label = groupLabel(layers, config.inlayShapes, config.inlayParams);
      if (label === "") continue;
      const hint = new vscode.InlayHint(position, label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `[26, 26, 32] · 320 params`; layers without weights show only their shape. */
export function hintLabel(layer: LayerAnalysis, shapes: boolean, params: boolean): string {
  const parts: string[] = [];
  if (shapes) parts.push(formatShape(layer.outputShape));
  if (params && layer.params !== 0) parts.push(`${formatCount(layer.params)} ${layer.params === 1 ? "param" : "params"}`);
  return parts.join(" · ");
}

function groupLabel(layers: LayerAnalysis[], shapes: boolean, params: boolean): string {
  const shown =
    layers.length <= MAX_LAYERS_PER_HINT ? layers : [layers[0], layers[layers.length - 1]];
  const labels = shown.map((layer) => hintLabel(layer, shapes, params));
  if (labels.every((label) => label === "")) return "";
  if (shown.length < layers.length) return `${labels[0]} → … → ${labels[1]} (${layers.length} layers)`;
  return labels.join(" → ");
}
