// The training panel's entry point in the webview: it loads the controls, creates the panel and
// connects it to the extension. Every message is checked before the panel sees it.

import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-progress-bar/index.js";
import "@vscode-elements/elements/dist/vscode-tabs/index.js";
import "@vscode-elements/elements/dist/vscode-tab-header/index.js";
import "@vscode-elements/elements/dist/vscode-tab-panel/index.js";
import "uplot/dist/uPlot.min.css";
import "./panel.css";
import { isExtensionToPanelMessage, type PanelState, type PanelToExtensionMessage } from "../../src/protocol/panel";
import { TrainingPanel } from "./panel";

interface VsCodeApi {
  postMessage(message: PanelToExtensionMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    /** Read-only access for the webview tests and the bench. */
    nnStudioTrainingPanel?: TrainingPanel;
  }
}

const vscode = acquireVsCodeApi();
const root = document.getElementById("app") ?? document.body;
const panel = new TrainingPanel(root, {
  post: (message) => vscode.postMessage(message),
  getState: () => vscode.getState(),
  setState: (state) => vscode.setState(state),
});
window.nnStudioTrainingPanel = panel;

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  if (isExtensionToPanelMessage(event.data)) panel.receive(event.data);
});
