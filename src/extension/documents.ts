// Which documents are model files: TypeScript files whose name ends in `.nn.ts` (DSL.md §1),
// whatever their scheme (on disk, remote, or a diff side).

import * as vscode from "vscode";

export const MODEL_SELECTOR: vscode.DocumentSelector = [{ language: "typescript", pattern: "**/*.nn.ts" }];

export function isModelDocument(document: vscode.TextDocument): boolean {
  return document.languageId === "typescript" && document.uri.path.endsWith(".nn.ts");
}
