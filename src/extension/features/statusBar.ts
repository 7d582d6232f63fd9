// A status-bar item for the model under the cursor (or the file's first model): its name,
// parameter count and error count. Clicking it opens the model's summary.

import * as vscode from "vscode";
import { formatCount } from "../../core/format";
import { COMMAND_IDS } from "../commandIds";
import type { AnalyzedModel, FullAnalysis } from "../core";
import { isModelDocument } from "../documents";
import type { ExtensionServices } from "../services";

export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("nnStudio.model", vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly services: ExtensionServices) {
    this.item.name = "NN Studio model";
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) void this.update();
      }),
      services.analyses.onDidAnalyze((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.show(event.document, event.analysis);
      }),
    );
    void this.update();
  }

  /** The item's current text, for tests and the activation benchmark. */
  get text(): string {
    return this.item.text;
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !isModelDocument(editor.document)) {
      this.item.hide();
      return;
    }
    // The diagnostics controller analyses every open model; until it has, show nothing rather
    // than analyse here too.
    const analysis = this.services.analyses.peek(editor.document);
    if (analysis === undefined) return;
    this.show(editor.document, analysis);
  }

  private show(document: vscode.TextDocument, analysis: FullAnalysis): void {
    const editor = vscode.window.activeTextEditor;
    const offset = editor === undefined ? 0 : document.offsetAt(editor.selection.active);
    const model =
      analysis.models.find((candidate) => candidate.node.span.start <= offset && offset <= candidate.node.span.end) ??
      analysis.models[0];
    if (model === undefined) {
      this.item.hide();
      return;
    }
    const errors = analysis.diagnostics.filter(
      (diagnostic) => diagnostic.severity === "error" && (diagnostic.model === undefined || diagnostic.model === model.name),
    ).length;
    this.item.text = `$(symbol-class) ${model.name}: ${paramsText(model)} · $(error) ${errors}`;
    this.item.tooltip = `${model.name}: ${paramsText(model)}, ${errors} ${errors === 1 ? "error" : "errors"}. Click for the summary.`;
    this.item.command = { title: "Show Model Summary", command: COMMAND_IDS.showSummary, arguments: [document.uri, model.exportName] };
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function paramsText(model: AnalyzedModel): string {
  return model.totalParams === null ? "? params" : `${formatCount(model.totalParams)} ${model.totalParams === 1 ? "param" : "params"}`;
}
