// One analysis per model document version, shared by every feature (diagnostics, hints, hovers,
// lenses, fixes, outline, status bar, topology): they all show the same numbers because they read
// the same result. A result also remembers which files the core read (a CSV, IDX files), so an
// edit to one of them re-checks the models that depend on it.

import * as vscode from "vscode";
import { type FullAnalysis, loadCore } from "./core";
import { createEditorHost } from "./host";
import type { Logger } from "./logger";

export interface AnalysisEvent {
  document: vscode.TextDocument;
  analysis: FullAnalysis;
}

interface Entry {
  version: number;
  analysis: FullAnalysis;
  reads: ReadonlySet<string>;
}

export class ModelAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<AnalysisEvent>();
  /** Fires after a document has been analysed anew (an edit, or a file it reads changed). */
  readonly onDidAnalyze = this.changed.event;
  private readonly invalidated = new vscode.EventEmitter<readonly string[]>();
  /** Fires with the document keys (URI strings) whose analyses a changed file made stale. */
  readonly onDidInvalidate = this.invalidated.event;

  constructor(private readonly logger: Logger) {}

  /** The analysis of the document's current text, computed at most once per version. */
  async analyze(document: vscode.TextDocument): Promise<FullAnalysis> {
    const key = document.uri.toString();
    const version = document.version;
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.version === version) return cached.analysis;

    const core = await loadCore();
    // Another caller may have analysed this version while the core was loading.
    const again = this.entries.get(key);
    if (again !== undefined && again.version === version) return again.analysis;

    const host = createEditorHost();
    const started = performance.now();
    const analysis = core.analyze(document.getText(), document.uri.fsPath, host);
    this.logger.debug(
      `analysed ${vscode.workspace.asRelativePath(document.uri)} v${version} in ${(performance.now() - started).toFixed(1)} ms`,
    );
    // A result for a version the user has already typed past is returned to its caller but not
    // kept, and not announced: the newer version's run will be.
    if (document.version === version && !document.isClosed) {
      this.entries.set(key, { version, analysis, reads: host.reads });
      this.changed.fire({ document, analysis });
    }
    return analysis;
  }

  /** The last analysis of exactly this version, if there is one; never computes. */
  peek(document: vscode.TextDocument): FullAnalysis | undefined {
    const entry = this.entries.get(document.uri.toString());
    return entry !== undefined && entry.version === document.version ? entry.analysis : undefined;
  }

  /** Forgets the analyses that read `fsPath` and returns their document keys (URI strings). */
  invalidateReaders(fsPath: string): string[] {
    const readers: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.reads.has(fsPath)) {
        readers.push(key);
        this.entries.delete(key);
      }
    }
    if (readers.length > 0) this.invalidated.fire(readers);
    return readers;
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }

  dispose(): void {
    this.entries.clear();
    this.changed.dispose();
    this.invalidated.dispose();
  }
}
