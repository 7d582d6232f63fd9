// The host API VS Code injects into a webview: messages to the extension and a small state
// object that survives the panel being hidden or the window reloading.

import type { WebviewMessage } from "../../src/protocol/topology";

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}
