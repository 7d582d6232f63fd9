// Above each model: Train · Evaluate · Show topology · its total parameter count (which opens
// the summary). The commands are the palette's, with the model's file and export as arguments.

import * as vscode from "vscode";
import { formatCount } from "../../core/format";
import { COMMAND_IDS } from "../commandIds";
import type { ExtensionServices } from "../services";

export class ModelCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: ExtensionServices) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.services.config().codeLens) return [];
    const analysis = await this.services.analyses.analyze(document);
    if (analysis.text !== document.getText()) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const model of analysis.models) {
      const line = document.positionAt(model.node.span.start).line;
      const range = new vscode.Range(line, 0, line, 0);
      const args = [document.uri, model.exportName];
      const params = model.totalParams === null ? "? params" : `${formatCount(model.totalParams)} ${model.totalParams === 1 ? "param" : "params"}`;
      lenses.push(
        new vscode.CodeLens(range, { title: "$(play) Train", command: COMMAND_IDS.train, arguments: args, tooltip: `Train ${model.name}` }),
        new vscode.CodeLens(range, { title: "Evaluate", command: COMMAND_IDS.evaluate, arguments: args, tooltip: `Evaluate ${model.name}` }),
        new vscode.CodeLens(range, { title: "Show topology", command: COMMAND_IDS.showTopology, arguments: args, tooltip: `Draw ${model.name}` }),
        new vscode.CodeLens(range, { title: params, command: COMMAND_IDS.showSummary, arguments: args, tooltip: `Summary of ${model.name}` }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
