// What every feature may use: the shared analyses, the logger, the settings and the extension's
// own files. Features receive this interface, not the context object, so they cannot reach into
// one another's state.

import type * as vscode from "vscode";
import type { ModelAnalyses } from "./analyses";
import type { Config } from "./config";
import type { Logger } from "./logger";

export interface ExtensionServices {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  readonly analyses: ModelAnalyses;
  /** The current settings; read on each use, so a change applies without a reload. */
  config(): Config;
  /** Fires when an `nnStudio.*` setting changes. */
  readonly onDidChangeConfig: vscode.Event<Config>;
}
