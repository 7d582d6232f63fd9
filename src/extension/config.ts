// One typed view of the `nnStudio.*` settings (package.json "contributes.configuration"). Every
// feature reads its settings here, so a setting's name and default live in two places only: the
// manifest, which the user sees, and this file.

import * as vscode from "vscode";
import { type BackendChoice, isBackendChoice } from "../protocol/worker";

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
  /** The TensorFlow.js backend Train and Evaluate ask the worker for. */
  trainingBackend: BackendChoice;
  /** Threads for the wasm backend; undefined (the setting's 0) lets the worker choose. */
  trainingThreads: number | undefined;
  /** A folder searched first for IDX data sets; undefined when not set. */
  dataPath: string | undefined;
}

export function readConfig(): Config {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    inlayShapes: settings.get<boolean>("inlayHints.shapes", true),
    inlayParams: settings.get<boolean>("inlayHints.parameters", true),
    codeLens: settings.get<boolean>("codeLens.enabled", true),
    diagnosticsDelay: clamp(settings.get<number>("diagnostics.delay", 100), 0, 5000),
    trainingBackend: backendChoice(settings.get<string>("training.backend", "auto")),
    trainingThreads: Math.floor(clamp(settings.get<number>("training.threads", 0), 0, 64)) || undefined,
    dataPath: settings.get<string>("dataPath", "").trim() || undefined,
  };
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}

/** A mistyped backend in settings.json falls back to "auto" rather than failing every training. */
function backendChoice(value: string): BackendChoice {
  return isBackendChoice(value) ? value : "auto";
}
