// Show Model Summary: the Keras-style table (the same rendering as the CLI's `summary`) in a
// read-only document. Its URI names the source file and the model's export; the text follows the
// source as it is edited.

import * as path from "path";
import * as vscode from "vscode";
import { loadCore } from "../core";
import { isModelDocument } from "../documents";
import type { ExtensionServices } from "../services";

export const SUMMARY_SCHEME = "nn-studio-summary";

export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: ExtensionServices) {
    this.disposables.push(
      services.analyses.onDidAnalyze(({ document }) => {
        const source = document.uri.toString();
        for (const open of vscode.workspace.textDocuments) {
          if (open.uri.scheme === SUMMARY_SCHEME && summaryTarget(open.uri)?.source.toString() === source) {
            this.changed.fire(open.uri);
          }
        }
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = summaryTarget(uri);
    if (target === undefined) return "This summary link is malformed: it does not name a model file.";
    const document = await vscode.workspace.openTextDocument(target.source);
    const analysis = await this.services.analyses.analyze(document);
    const models = target.exportName === undefined ? analysis.models : analysis.models.filter((model) => model.exportName === target.exportName);
    if (models.length === 0) {
      return `${path.basename(target.source.fsPath)} has no model${target.exportName === undefined ? "" : ` exported as '${target.exportName}'`}.`;
    }
    const { formatSummary } = await loadCore();
    const errors = analysis.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
    const footer = errors === 0 ? "" : `\n\n${errors} ${errors === 1 ? "error" : "errors"} in ${path.basename(target.source.fsPath)}: sizes after them may be unknown (?).`;
    return models.map((model) => formatSummary(model)).join("\n\n") + footer + "\n";
  }

  /** Opens the summary of one model (or of every model in the file) beside the editor. */
  async show(source: vscode.Uri | undefined, exportName: string | undefined): Promise<void> {
    const target = source ?? activeModelUri();
    if (target === undefined) {
      void vscode.window.showInformationMessage("Open a .nn.ts model file to see its summary.");
      return;
    }
    const label = exportName === undefined ? path.basename(target.fsPath, ".nn.ts") : `${path.basename(target.fsPath, ".nn.ts")}.${exportName}`;
    const query = new URLSearchParams({ source: target.toString(), ...(exportName === undefined ? {} : { export: exportName }) });
    const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${label} summary.txt`, query: query.toString() });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function summaryTarget(uri: vscode.Uri): { source: vscode.Uri; exportName: string | undefined } | undefined {
  const query = new URLSearchParams(uri.query);
  const source = query.get("source");
  if (source === null) return undefined;
  return { source: vscode.Uri.parse(source, true), exportName: query.get("export") ?? undefined };
}

function activeModelUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document !== undefined && isModelDocument(document) ? document.uri : undefined;
}
