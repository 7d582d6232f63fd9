// Quick fixes are computed by the core (`Diagnostic.fixes`, text edits on spans); this provider
// only finds the core diagnostic behind each diagnostic VS Code hands back and turns its fixes
// into workspace edits. The first fix of a diagnostic is the preferred one (Ctrl+. applies it).

import * as vscode from "vscode";
import { isSameDiagnostic, toWorkspaceEdit } from "../convert";
import type { ExtensionServices } from "../services";

export class ModelQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly services: ExtensionServices) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    if (context.only !== undefined && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const shown = context.diagnostics.filter((diagnostic) => diagnostic.source === "nn-studio");
    if (shown.length === 0) return [];
    const analysis = await this.services.analyses.analyze(document);
    // Fix edits are offsets into the analysed text; on any other text they would land wrong.
    if (analysis.text !== document.getText()) return [];

    const actions: vscode.CodeAction[] = [];
    for (const vsDiagnostic of shown) {
      const diagnostic = analysis.diagnostics.find((candidate) => isSameDiagnostic(document, vsDiagnostic, candidate));
      (diagnostic?.fixes ?? []).forEach((fix, index) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document, fix);
        action.diagnostics = [vsDiagnostic];
        action.isPreferred = index === 0;
        actions.push(action);
      });
    }
    return actions;
  }
}
