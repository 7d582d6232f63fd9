// The extension's one logger: a VS Code log output channel ("NN Studio" in the Output panel).
// Its level follows the user's "Developer: Set Log Level" choice, so debug detail costs nothing
// unless someone asks for it. Nothing in the extension writes to the console.

import * as vscode from "vscode";

export type Logger = vscode.LogOutputChannel;

export function createLogger(): Logger {
  return vscode.window.createOutputChannel("NN Studio", { log: true });
}
