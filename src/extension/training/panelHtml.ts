// The training panel's page: the shared webview document with the training bundle. Its controls
// (@vscode-elements, built on Lit) add styles of their own, which the nonce allows.

import { webviewPage } from "../webviewPage";

export interface PanelHtmlOptions {
  /** The webview's URI of dist/webview/training.js and training.css. */
  scriptUri: string;
  styleUri: string;
  cspSource: string;
  nonce: string;
}

export function panelHtml(options: PanelHtmlOptions): string {
  return webviewPage({ ...options, title: "NN Studio: Training", root: `<main id="app"></main>`, litNonce: true });
}
