// Entry point: activation creates the context object that owns everything; deactivation disposes
// it. Nothing heavy happens here (the core and TypeScript load on the first analysis), which is
// what keeps activation within its 50 ms budget.

import type * as vscode from "vscode";
import { NnStudio } from "./context";

let studio: NnStudio | undefined;

export function activate(context: vscode.ExtensionContext): void {
  studio = new NnStudio(context);
  context.subscriptions.push(studio);
}

export function deactivate(): void {
  studio?.dispose();
  studio = undefined;
}
