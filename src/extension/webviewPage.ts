// The HTML document every NN Studio webview loads. Kept free of the `vscode` module so the webview
// tests load exactly these documents, Content-Security-Policy included, into headless Chromium.
//
// The policy allows nothing by default: scripts run only with this load's nonce; styles, fonts and
// images come only from the extension's bundled files (plus what each page asks for below); nothing
// is loaded from or sent to the network.

import { randomBytes } from "crypto";

export interface WebviewPageOptions {
  title: string;
  /** `webview.cspSource`: the origin the webview serves the extension's local files from. */
  cspSource: string;
  /** A fresh random value per load (`createNonce()`): the only scripts allowed to run carry it. */
  nonce: string;
  /** `webview.asWebviewUri(...)` of the page's bundled script and stylesheet. */
  scriptUri: string;
  styleUri: string;
  /** The element the bundle renders into, e.g. `<main id="app"></main>`. */
  root: string;
  /**
   * Lit-based controls (@vscode-elements) add their own styles and read `window.litNonce`:
   * allow styles carrying the nonce and hand it to them.
   */
  litNonce?: boolean;
  /** `blob:` images, for a page that rasterises its own drawing (the topology's PNG export). */
  blobImages?: boolean;
}

/** 24 random bytes as base64: fresh per document, so no earlier script can reuse it. */
export function createNonce(): string {
  return randomBytes(24).toString("base64");
}

export function contentSecurityPolicy(options: Pick<WebviewPageOptions, "cspSource" | "nonce" | "litNonce" | "blobImages">): string {
  const { cspSource, nonce } = options;
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}${options.litNonce ? ` 'nonce-${nonce}'` : ""}`,
    `img-src ${cspSource}${options.blobImages ? " blob:" : ""} data:`,
    `font-src ${cspSource}`,
  ].join("; ");
}

export function webviewPage(options: WebviewPageOptions): string {
  const nonce = escapeAttribute(options.nonce);
  const litScript = options.litNonce ? `<script nonce="${nonce}">window.litNonce = "${nonce}";</script>\n` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>${escapeText(options.title)}</title>
</head>
<body>
${options.root}
${litScript}<script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
