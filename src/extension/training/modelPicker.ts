// Which model a training command is about. Code lenses pass the file and the export; the editor
// title passes the file; the command palette passes nothing (the active editor's file). With
// several models in the file the user is asked which one.

import * as path from "path";
import * as vscode from "vscode";
import type { AnalyzedModel, FullAnalysis } from "../core";
import type { WorkerDiagnostic } from "../../protocol/worker";
import type { ExtensionServices } from "../services";

export interface PickedModel {
  document: vscode.TextDocument;
  analysis: FullAnalysis;
  model: AnalyzedModel;
  /** The workspace folder holding the file, else the file's folder: where runs are saved. */
  workspace: string;
}

const MODEL_FILE = /\.nn\.ts$/;

/** The `.nn.ts` file a command is about: its argument, else the active editor's document. */
export function targetUri(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active !== undefined && MODEL_FILE.test(active.path) ? active : undefined;
}

export async function pickModel(services: ExtensionServices, uriArgument: unknown, exportArgument: unknown, verb: string): Promise<PickedModel | undefined> {
  const uri = targetUri(uriArgument);
  if (uri === undefined || !MODEL_FILE.test(uri.path)) {
    void vscode.window.showErrorMessage(`Open a .nn.ts model file to ${verb} one of its models.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const analysis = await services.analyses.analyze(document);
  const models = analysis.models;
  const name = path.basename(uri.fsPath);
  if (models.length === 0) {
    void vscode.window.showErrorMessage(`${name} exports no model: write \`export default model({ ... })\` to ${verb} it.`);
    return undefined;
  }
  let model: AnalyzedModel | undefined;
  if (typeof exportArgument === "string") {
    model = models.find((m) => m.exportName === exportArgument);
    if (model === undefined) {
      void vscode.window.showErrorMessage(`${name} has no model exported as ${exportArgument}.`);
      return undefined;
    }
  } else if (models.length === 1) {
    model = models[0];
  } else {
    const choice = await vscode.window.showQuickPick(
      models.map((m) => ({
        label: m.name,
        description: m.exportName === "default" ? "export default" : `export const ${m.exportName}`,
        detail: m.totalParams === null ? undefined : `${m.totalParams.toLocaleString("en-US")} parameters`,
        model: m,
      })),
      { title: `${capitalize(verb)} which model of ${name}?`, placeHolder: "The file holds several models" },
    );
    model = choice?.model;
  }
  if (model === undefined) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return { document, analysis, model, workspace: folder?.uri.fsPath ?? path.dirname(uri.fsPath) };
}

/**
 * The errors that keep a model from training: its own, and those of the file that belong to no
 * model (a syntax error), with 1-based positions as the worker and the panel show them.
 */
export function blockingErrors(picked: PickedModel): WorkerDiagnostic[] {
  const { document, analysis, model } = picked;
  return analysis.diagnostics
    .filter((d) => d.severity === "error" && (d.model === undefined || d.model === model.name))
    .map((d) => {
      const start = document.positionAt(d.span.start);
      const end = document.positionAt(d.span.end);
      const diagnostic: WorkerDiagnostic = {
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
      if (d.model !== undefined) diagnostic.model = d.model;
      if (d.layer !== undefined) diagnostic.layer = d.layer;
      return diagnostic;
    });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
