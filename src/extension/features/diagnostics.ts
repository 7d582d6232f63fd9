// Problems for every open model file, unsaved text included, refreshed as the user types: each
// edit restarts a short timer (nnStudio.diagnostics.delay), and a result computed for a version
// the user has already typed past is dropped, so the Problems panel never shows stale ranges.
// A change to a file a model reads (its CSV, open or on disk) re-checks that model.

import * as path from "path";
import * as vscode from "vscode";
import type { ModelAnalyses } from "../analyses";
import { toVsDiagnostic } from "../convert";
import { DocsLinks } from "../docsLinks";
import { isModelDocument } from "../documents";
import type { ExtensionServices } from "../services";

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("nn-studio");
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly analyses: ModelAnalyses;
  private readonly docs: DocsLinks;

  constructor(private readonly services: ExtensionServices) {
    this.analyses = services.analyses;
    this.docs = new DocsLinks(services.extensionUri, services.logger);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.onOpen(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.onClose(document)),
      // Saving a CSV the model reads puts its new text on disk for the next check.
      vscode.workspace.onDidSaveTextDocument((document) => this.onDependencyChanged(document.uri)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.{csv,tsv,txt,idx,ubyte,gz}");
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onDependencyChanged(uri)),
      watcher.onDidCreate((uri) => this.onDependencyChanged(uri)),
      watcher.onDidDelete((uri) => this.onDependencyChanged(uri)),
    );
    for (const document of vscode.workspace.textDocuments) this.onOpen(document);
  }

  private onOpen(document: vscode.TextDocument): void {
    if (isModelDocument(document)) void this.refresh(document);
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const { document } = event;
    if (event.contentChanges.length === 0) return;
    if (isModelDocument(document)) this.schedule(document);
    else this.onDependencyChanged(document.uri);
  }

  private onClose(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.analyses.forget(document);
    if (isModelDocument(document)) this.collection.delete(document.uri);
    // Closing an edited CSV without saving puts the disk version back in charge.
    else this.onDependencyChanged(document.uri);
  }

  /** Re-checks, after the usual pause, every open model whose last analysis read this file. */
  private onDependencyChanged(uri: vscode.Uri): void {
    if (uri.scheme !== "file") return;
    for (const key of this.analyses.invalidateReaders(path.resolve(uri.fsPath))) {
      const reader = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
      if (reader !== undefined) this.schedule(reader);
    }
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document);
      }, this.services.config().diagnosticsDelay),
    );
  }

  private async refresh(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    try {
      const analysis = await this.analyses.analyze(document);
      if (document.isClosed || document.version !== version) return;
      this.collection.set(
        document.uri,
        analysis.diagnostics.map((diagnostic) => toVsDiagnostic(document, diagnostic, this.docs.target(diagnostic.code))),
      );
    } catch (error) {
      // The core throws only on a broken internal invariant; say so where a developer looks,
      // and keep the editor working.
      this.services.logger.error(`checking ${document.uri.fsPath} failed`, error instanceof Error ? error : String(error));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
