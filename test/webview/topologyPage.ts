// Loads the real topology bundle into headless Chromium, in the same page the extension serves
// (src/extension/topology/html.ts, Content-Security-Policy included), over a loopback HTTP
// server. The only stand-in is VS Code's host API: `acquireVsCodeApi` records what the webview
// posts and keeps its state, and messages from the "extension" are posted to the window as VS
// Code does. Themes are VS Code's variables and body classes, set the way VS Code sets them.

import * as esbuild from "esbuild";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { analyze } from "../../src/core/analyze";
import { nodeHost } from "../../src/node/host";
import { topologyHtml } from "../../src/extension/topology/html";
import { topologyUpdate, type HostMessage, type UpdateMessage, type WebviewMessage } from "../../src/protocol/topology";

const ROOT = path.resolve(__dirname, "../..");
export const RESULTS = path.join(ROOT, "test-results", "topology");

export type Theme = "light" | "dark" | "high-contrast";

/** The variables the view reads, with the values of VS Code's default themes. */
const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: "vscode-light",
    vars: {
      "--vscode-font-family": "system-ui, 'DejaVu Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "'DejaVu Sans Mono', monospace",
      "--vscode-editor-background": "#ffffff",
      "--vscode-foreground": "#3b3b3b",
      "--vscode-descriptionForeground": "#717171",
      "--vscode-editorWidget-background": "#f8f8f8",
      "--vscode-editorWidget-border": "#c8c8c8",
      "--vscode-editorLineNumber-foreground": "#6e7681",
      "--vscode-panel-border": "#e5e5e5",
      "--vscode-sideBar-background": "#f8f8f8",
      "--vscode-focusBorder": "#005fb8",
      "--vscode-textLink-foreground": "#005fb8",
      "--vscode-list-hoverBackground": "#f2f2f2",
      "--vscode-list-inactiveSelectionBackground": "#e4e6f1",
      "--vscode-editor-wordHighlightBackground": "rgba(87, 87, 87, 0.25)",
      "--vscode-editorError-foreground": "#e51400",
      "--vscode-editorWarning-foreground": "#bf8803",
      "--vscode-editorInfo-foreground": "#1a85ff",
      "--vscode-charts-foreground": "#616161",
      "--vscode-charts-blue": "#1a85ff",
      "--vscode-charts-purple": "#652d90",
      "--vscode-charts-green": "#388a34",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#bf8803",
      "--vscode-charts-red": "#e51400",
      "--vscode-button-background": "#005fb8",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-secondaryBackground": "#e5e5e5",
      "--vscode-button-secondaryForeground": "#3b3b3b",
      "--vscode-button-secondaryHoverBackground": "#cccccc",
      "--vscode-dropdown-background": "#ffffff",
      "--vscode-dropdown-foreground": "#3b3b3b",
      "--vscode-dropdown-border": "#cecece",
      "--vscode-inputValidation-errorBackground": "#f2dede",
    },
  },
  dark: {
    bodyClass: "vscode-dark",
    vars: {
      "--vscode-font-family": "system-ui, 'DejaVu Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "'DejaVu Sans Mono', monospace",
      "--vscode-editor-background": "#1f1f1f",
      "--vscode-foreground": "#cccccc",
      "--vscode-descriptionForeground": "#9d9d9d",
      "--vscode-editorWidget-background": "#202020",
      "--vscode-editorWidget-border": "#454545",
      "--vscode-editorLineNumber-foreground": "#6e7681",
      "--vscode-panel-border": "#2b2b2b",
      "--vscode-sideBar-background": "#181818",
      "--vscode-focusBorder": "#0078d4",
      "--vscode-textLink-foreground": "#4daafc",
      "--vscode-list-hoverBackground": "#2a2d2e",
      "--vscode-list-inactiveSelectionBackground": "#37373d",
      "--vscode-editor-wordHighlightBackground": "rgba(87, 87, 87, 0.72)",
      "--vscode-editorError-foreground": "#f14c4c",
      "--vscode-editorWarning-foreground": "#cca700",
      "--vscode-editorInfo-foreground": "#3794ff",
      "--vscode-charts-foreground": "#cccccc",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#cca700",
      "--vscode-charts-red": "#f14c4c",
      "--vscode-button-background": "#0078d4",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-secondaryBackground": "#313131",
      "--vscode-button-secondaryForeground": "#cccccc",
      "--vscode-button-secondaryHoverBackground": "#3c3c3c",
      "--vscode-dropdown-background": "#313131",
      "--vscode-dropdown-foreground": "#cccccc",
      "--vscode-dropdown-border": "#3c3c3c",
      "--vscode-inputValidation-errorBackground": "#5a1d1d",
    },
  },
  "high-contrast": {
    bodyClass: "vscode-high-contrast",
    vars: {
      "--vscode-font-family": "system-ui, 'DejaVu Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "'DejaVu Sans Mono', monospace",
      "--vscode-editor-background": "#000000",
      "--vscode-foreground": "#ffffff",
      "--vscode-descriptionForeground": "rgba(255, 255, 255, 0.7)",
      "--vscode-editorWidget-background": "#0c141f",
      "--vscode-contrastBorder": "#6fc3df",
      "--vscode-contrastActiveBorder": "#f38518",
      "--vscode-focusBorder": "#f38518",
      "--vscode-textLink-foreground": "#21a6ff",
      "--vscode-editorError-foreground": "#f48771",
      "--vscode-editorWarning-foreground": "#ffd370",
      "--vscode-editorInfo-foreground": "#3794ff",
      "--vscode-charts-foreground": "#ffffff",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#ffd370",
      "--vscode-charts-red": "#f48771",
      "--vscode-button-background": "#000000",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-border": "#6fc3df",
    },
  },
};

/** Bundles webview/topology/main.ts as esbuild.js does, into a temporary folder. */
async function bundle(): Promise<{ js: string; css: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-topology-"));
  await esbuild.build({
    entryPoints: [path.join(ROOT, "webview/topology/main.ts")],
    outfile: path.join(dir, "topology.js"),
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "chrome114",
    logLevel: "warning",
  });
  const result = { js: fs.readFileSync(path.join(dir, "topology.js"), "utf8"), css: fs.readFileSync(path.join(dir, "topology.css"), "utf8") };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

export class TopologyHarness {
  private constructor(
    readonly browser: Browser,
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<TopologyHarness> {
    const files = await bundle();
    let origin = "";
    const server = http.createServer((request, response) => {
      const url = request.url ?? "/";
      if (url === "/topology.js") {
        response.writeHead(200, { "content-type": "text/javascript" }).end(files.js);
      } else if (url === "/topology.css") {
        response.writeHead(200, { "content-type": "text/css" }).end(files.css);
      } else if (url === "/") {
        const page = topologyHtml({ cspSource: origin, nonce: "dGVzdC1ub25jZS0xMjM0", scriptUri: `${origin}/topology.js`, styleUri: `${origin}/topology.css` });
        response.writeHead(200, { "content-type": "text/html" }).end(page);
      } else if (url === "/favicon.ico") {
        response.writeHead(204).end();
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    return new TopologyHarness(browser, server, origin);
  }

  /** A fresh page with the view loaded and ready (it has posted "ready"). */
  async open(options: { theme?: Theme; width?: number; height?: number; state?: unknown } = {}): Promise<TopologyPage> {
    const theme = THEMES[options.theme ?? "light"];
    const page = await this.browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 800 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    // A string, not a function: tsx's transform would add helpers the page doesn't have.
    await page.addInitScript(`(() => {
      const w = window;
      const vars = ${JSON.stringify(theme.vars)};
      w.__posted = [];
      w.__state = ${JSON.stringify(options.state ?? null)};
      w.__violations = [];
      w.acquireVsCodeApi = () => ({
        postMessage: (message) => w.__posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => w.__state,
        setState: (next) => { w.__state = JSON.parse(JSON.stringify(next)); },
      });
      document.addEventListener("securitypolicyviolation", (event) => w.__violations.push(event.violatedDirective + " " + event.blockedURI));
      document.addEventListener("DOMContentLoaded", () => {
        for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(${JSON.stringify(theme.bodyClass)});
      });
    })();`);
    await page.goto(this.origin);
    const view = new TopologyPage(page, errors);
    await view.waitForPosted((m) => m.type === "ready");
    return view;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export class TopologyPage {
  constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  /** Posts a message to the webview as the extension would. */
  async send(message: HostMessage | Record<string, unknown>): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, "*"), message);
  }

  /** Sends an update and waits until the drawing shows its model. */
  async show(update: UpdateMessage): Promise<void> {
    await this.send(update);
    const name = update.models[0]?.name;
    if (name !== undefined) await this.page.waitForSelector(`svg.drawing[aria-label="Topology of ${name}"] [data-layer]`);
  }

  async posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
  }

  async waitForPosted(predicate: (message: WebviewMessage) => boolean): Promise<WebviewMessage> {
    for (;;) {
      const found = (await this.posted()).find(predicate);
      if (found !== undefined) return found;
      await this.page.waitForFunction((count) => (window as unknown as { __posted: unknown[] }).__posted.length > count, (await this.posted()).length);
    }
  }

  async violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  async state(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** The core's analysis of an example model, as the panel controller sends it. */
export function exampleUpdate(file: string, version = 1): UpdateMessage {
  const fileName = path.join(ROOT, "examples", file);
  return topologyUpdate(analyze(fs.readFileSync(fileName, "utf8"), fileName, nodeHost), version);
}

/** The core's analysis of model source text (for broken models and generated ones). */
export function sourceUpdate(text: string, fileName = path.join(ROOT, "examples", "scratch.nn.ts"), version = 1): UpdateMessage {
  return topologyUpdate(analyze(text, fileName, nodeHost), version);
}
