// One typed view of the `nnStudio.*` settings (package.json "contributes.configuration"). Every
// feature reads its settings here, so a setting's name and default live in two places only: the
// manifest, which the user sees, and this file.

import * as vscode from "vscode";

export const CONFIG_SECTION = "nnStudio";

export interface Config {
  /** Show each layer's output shape after its call. */
  inlayShapes: boolean;
  /** Show each layer's parameter count after its call. */
  inlayParams: boolean;
  /** Show Train · Evaluate · Show topology · parameters above each model. */
  codeLens: boolean;
  /** Milliseconds of typing pause before a model is checked again. */
  diagnosticsDelay: number;
}

export function readConfig(): Config {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    inlayShapes: settings.get<boolean>("inlayHints.shapes", true),
    inlayParams: settings.get<boolean>("inlayHints.parameters", true),
    codeLens: settings.get<boolean>("codeLens.enabled", true),
    diagnosticsDelay: clamp(settings.get<number>("diagnostics.delay", 100), 0, 5000),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}
