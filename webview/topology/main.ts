// Entry point of the topology webview (bundled by esbuild into dist/webview/topology.js, with
// style.css beside it as topology.css). It starts the view, tells the extension it is ready,
// and feeds it the extension's messages.

import "./style.css";
import { TopologyApp } from "./app";

const vscode = acquireVsCodeApi();
const root = document.getElementById("app");
if (root !== null) {
  const app = new TopologyApp(root, vscode);
  window.addEventListener("message", (event: MessageEvent) => app.receive(event.data));
  vscode.postMessage({ type: "ready" });
}
