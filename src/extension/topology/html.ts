// The topology webview's page. Pure (no vscode import), so the webview tests load exactly this
// page, Content-Security-Policy included, into headless Chromium.

import { randomBytes } from "crypto";

export interface TopologyPageOptions {
  /** `webview.cspSource`: the origin the bundled script and stylesheet are served from. */
  cspSource: string;
  /** A fresh random nonce per page: the only script allowed to run carries it. */
  nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/topology.js and topology.css. */
  scriptUri: string;
  styleUri: string;
}

export function createNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * Scripts run only with the nonce; styles, images and fonts come only from the extension's own
 * files (`img-src blob:` lets the PNG export rasterise the drawing it made itself); nothing else
 * may load or connect anywhere.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} blob: data:`,
    `font-src ${cspSource}`,
  ].join("; ");
}

export function topologyHtml(options: TopologyPageOptions): string {
  const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>Topology</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
