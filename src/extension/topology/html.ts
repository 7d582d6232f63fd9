// The topology webview's page: the shared webview document with the topology bundle.

import { webviewPage } from "../webviewPage";

export { createNonce } from "../webviewPage";

export interface TopologyPageOptions {
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/topology.js and topology.css. */
  scriptUri: string;
  styleUri: string;
}

export function topologyHtml(options: TopologyPageOptions): string {
  // The PNG export rasterises the page's own drawing through a blob: image.
  return webviewPage({ ...options, title: "Topology", root: `<div id="app"></div>`, blobImages: true });
}
