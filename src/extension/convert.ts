// Conversions from the core's vocabulary (UTF-16 offsets, severities, text edits) to VS Code's.
// VS Code positions count UTF-16 code units too, so `positionAt` maps offsets exactly.

import * as vscode from "vscode";
import type { Diagnostic, Fix, Severity, Span } from "../core/types";

export const DIAGNOSTIC_SOURCE = "nn-studio";

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case "error":
      return vscode.DiagnosticSeverity.Error;
    case "warning":
      return vscode.DiagnosticSeverity.Warning;
    case "information":
      return vscode.DiagnosticSeverity.Information;
  }
}

/** The diagnostic as VS Code shows it; its code links to `docsTarget`, the code's explanation. */
export function toVsDiagnostic(document: vscode.TextDocument, diagnostic: Diagnostic, docsTarget: vscode.Uri): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toRange(document, diagnostic.span), diagnostic.message, toSeverity(diagnostic.severity));
  result.source = DIAGNOSTIC_SOURCE;
  result.code = { value: diagnostic.code, target: docsTarget };
  return result;
}

/** Whether a VS Code diagnostic (as handed back to a code action provider) is this core diagnostic. */
export function isSameDiagnostic(document: vscode.TextDocument, shown: vscode.Diagnostic, diagnostic: Diagnostic): boolean {
  if (shown.source !== DIAGNOSTIC_SOURCE) return false;
  const code = typeof shown.code === "object" ? shown.code.value : shown.code;
  return code === diagnostic.code && shown.range.isEqual(toRange(document, diagnostic.span));
}

export function toWorkspaceEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of fix.edits) edit.replace(document.uri, toRange(document, textEdit.span), textEdit.text);
  return edit;
}
