// Shared steps of the extension-host suites: open a model, wait for the extension's diagnostics
// (by event, never by sleeping), and ask VS Code's own provider commands for hints, hovers,
// lenses, symbols and code actions, exactly as the editor does.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";

export const EXTENSION_ID = "nn-studio.nn-studio";

/** The repository the suite was built from (out/test/vscode → three levels up). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The opened folder: a temporary copy of test/fixtures/vscode with examples/ inside it. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workbench opens a folder");
  return folder.uri.fsPath;
}

export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  await extension.activate();
}

export function nnDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "nn-studio");
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code);
}

/**
 * Resolves with the extension's diagnostics for `uri` once `accept` holds for them: immediately
 * when it already does, else on the diagnostics-changed event that makes it hold.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = nnDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics for ${uri.fsPath} never matched; last: ${describe(nnDiagnostics(uri))}`));
    }, timeoutMs);
    check();
  });
}

/** Opens a model and waits for its first analysis (the extension publishes even an empty list). */
export async function openModel(uri: vscode.Uri): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  await activateExtension();
  const analysed = analysedOnce(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const diagnostics = await analysed;
  return { document, editor, diagnostics };
}

/** Waits for the extension to publish diagnostics for `uri` (even none), or finds it already did. */
function analysedOnce(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  // An empty list is published too; VS Code signals it with a change event for the URI. If the
  // file was analysed before (an earlier test), its diagnostics are already current.
  if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) {
    return Promise.resolve(nnDiagnostics(uri));
  }
  return waitForDiagnosticsEvent(uri);
}

export function waitForDiagnosticsEvent(uri: vscode.Uri, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve(nnDiagnostics(uri));
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no diagnostics event for ${uri.fsPath} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

/** Replaces the whole text of an open document (unsaved) and waits for the re-check. */
export async function setText(document: vscode.TextDocument, text: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  return waitForDiagnostics(document.uri, accept);
}

/** Puts the document back to its text on disk, so later tests see the fixture as written. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand("workbench.action.files.revert");
}

export function readFixture(relative: string): string {
  return fs.readFileSync(path.join(workspaceRoot(), relative), "utf8");
}

/** `nn/negative-dimension@9:24-9:37` (1-based lines and columns), for assertion messages. */
export function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((diagnostic) => `${codeOf(diagnostic)}@${rangeText(diagnostic.range)}`).join(", ") || "(none)";
}

export function rangeText(range: vscode.Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** The position of the first occurrence of `needle` in the document (plus `offset` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `'${needle}' occurs in ${path.basename(document.uri.fsPath)}`);
  return document.positionAt(index + offset);
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : "value" in content ? content.value : ""))
    .join("\n");
}
