// The training panel's HTML document. Kept free of the `vscode` module so that the webview tests
// load exactly this document (with the real bundle) into headless Chromium.
//
// The Content-Security-Policy allows nothing by default; scripts only with this load's nonce,
// styles only from the extension's bundled files (plus the nonce, which the Lit-based controls
// use for the styles they add), images as data URLs from the canvas charts. Nothing is loaded
// from the network.

export interface PanelHtmlOptions {
  /** The webview's URI of dist/webview/training.js. */
  scriptUri: string;
  /** The webview's URI of dist/webview/training.css. */
  styleUri: string;
  /** `webview.cspSource`: the origin the webview serves the extension's local files from. */
  cspSource: string;
  /** A fresh random value per load. */
  nonce: string;
}

export function panelHtml({ scriptUri, styleUri, cspSource, nonce }: PanelHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>NN Studio: Training</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}">window.litNonce = "${nonce}";</script>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}

/** 32 random base64 characters: fresh per document, so no earlier script can reuse it. */
export function makeNonce(random: (bytes: number) => Uint8Array): string {
  return Buffer.from(random(24)).toString("base64");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
