// Loads the training panel's real bundle into headless Chromium, in the real page the extension
// serves (panelHtml: same Content-Security-Policy, same nonce scheme), with VS Code's theme
// variables on the page as the workbench sets them. The only stand-in is `acquireVsCodeApi`, a
// page-level shim that records what the panel posts and keeps its state like VS Code does (it
// survives a reload). Messages from "the extension" are dispatched as window message events,
// which is how a webview receives them.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as esbuild from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { panelHtml } from "../../src/extension/training/panelHtml";
import type { ExtensionToPanelMessage, PanelToExtensionMessage } from "../../src/protocol/panel";
import type { WorkerEvent } from "../../src/protocol/worker";
import type { ChartData } from "../../webview/training/lineChart";

const ROOT = path.resolve(__dirname, "../..");
const ORIGIN = "https://panel.test";
export const FIXTURES = path.join(ROOT, "test/fixtures/training");
export const RESULTS = path.join(ROOT, "test-results");

export type ThemeName = "light" | "dark" | "high-contrast";

/**
 * The colours VS Code's default themes (Light Modern, Dark Modern, Dark High Contrast) give the
 * variables the panel uses, as the workbench injects them into a webview.
 */
const THEMES: Record<ThemeName, { bodyClass: string; kind: string; variables: Record<string, string> }> = {
  light: {
    bodyClass: "vscode-light",
    kind: "vscode-light",
    variables: {
      "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-font-weight": "normal",
      "--vscode-foreground": "#3b3b3b",
      "--vscode-descriptionForeground": "#717171",
      "--vscode-panel-background": "#f8f8f8",
      "--vscode-editor-background": "#ffffff",
      "--vscode-panel-border": "#e5e5e5",
      "--vscode-widget-border": "#e5e5e5",
      "--vscode-button-background": "#005fb8",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-hoverBackground": "#0258a8",
      "--vscode-button-secondaryBackground": "#e5e5e5",
      "--vscode-button-secondaryForeground": "#3b3b3b",
      "--vscode-button-secondaryHoverBackground": "#cccccc",
      "--vscode-button-border": "#0000001a",
      "--vscode-settings-checkboxBackground": "#f8f8f8",
      "--vscode-settings-checkboxBorder": "#cecece",
      "--vscode-settings-checkboxForeground": "#3b3b3b",
      "--vscode-focusBorder": "#005fb8",
      "--vscode-progressBar-background": "#005fb8",
      "--vscode-textLink-foreground": "#005fb8",
      "--vscode-textLink-activeForeground": "#005fb8",
      "--vscode-errorForeground": "#f85149",
      "--vscode-editorWarning-foreground": "#bf8803",
      "--vscode-inputValidation-infoBackground": "#d6ecf2",
      "--vscode-inputValidation-infoBorder": "#007acc",
      "--vscode-inputValidation-warningBackground": "#f6f5d2",
      "--vscode-inputValidation-warningBorder": "#b89500",
      "--vscode-editor-selectionBackground": "#add6ff",
      "--vscode-charts-foreground": "#3b3b3b",
      "--vscode-charts-lines": "rgba(59, 59, 59, 0.25)",
      "--vscode-charts-blue": "#1a85ff",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-green": "#388a34",
      "--vscode-charts-purple": "#652d90",
      "--vscode-charts-red": "#e51400",
      "--vscode-charts-yellow": "#bf8803",
      "--vscode-settings-headerBorder": "#e5e5e5",
      "--vscode-panelTitle-activeForeground": "#3b3b3b",
      "--vscode-panelTitle-activeBorder": "#005fb8",
      "--vscode-panelTitle-inactiveForeground": "#3b3b3b",
      "--vscode-testing-iconPassed": "#388a34",
    },
  },
  dark: {
    bodyClass: "vscode-dark",
    kind: "vscode-dark",
    variables: {
      "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-font-weight": "normal",
      "--vscode-foreground": "#cccccc",
      "--vscode-descriptionForeground": "#9d9d9d",
      "--vscode-panel-background": "#181818",
      "--vscode-editor-background": "#1f1f1f",
      "--vscode-panel-border": "#2b2b2b",
      "--vscode-widget-border": "#313131",
      "--vscode-button-background": "#0078d4",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-hoverBackground": "#026ec1",
      "--vscode-button-secondaryBackground": "#313131",
      "--vscode-button-secondaryForeground": "#cccccc",
      "--vscode-button-secondaryHoverBackground": "#3c3c3c",
      "--vscode-button-border": "#ffffff12",
      "--vscode-settings-checkboxBackground": "#313131",
      "--vscode-settings-checkboxBorder": "#3c3c3c",
      "--vscode-settings-checkboxForeground": "#cccccc",
      "--vscode-focusBorder": "#0078d4",
      "--vscode-progressBar-background": "#0078d4",
      "--vscode-textLink-foreground": "#4daafc",
      "--vscode-textLink-activeForeground": "#4daafc",
      "--vscode-errorForeground": "#f85149",
      "--vscode-editorWarning-foreground": "#cca700",
      "--vscode-inputValidation-infoBackground": "#063b49",
      "--vscode-inputValidation-infoBorder": "#007acc",
      "--vscode-inputValidation-warningBackground": "#352a05",
      "--vscode-inputValidation-warningBorder": "#b89500",
      "--vscode-editor-selectionBackground": "#264f78",
      "--vscode-charts-foreground": "#cccccc",
      "--vscode-charts-lines": "rgba(204, 204, 204, 0.2)",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-red": "#f14c4c",
      "--vscode-charts-yellow": "#cca700",
      "--vscode-settings-headerBorder": "#2b2b2b",
      "--vscode-panelTitle-activeForeground": "#cccccc",
      "--vscode-panelTitle-activeBorder": "#0078d4",
      "--vscode-panelTitle-inactiveForeground": "#9d9d9d",
      "--vscode-testing-iconPassed": "#73c991",
    },
  },
  "high-contrast": {
    bodyClass: "vscode-high-contrast",
    kind: "vscode-high-contrast",
    variables: {
      "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-font-weight": "normal",
      "--vscode-foreground": "#ffffff",
      "--vscode-descriptionForeground": "#ffffffb3",
      "--vscode-panel-background": "#000000",
      "--vscode-editor-background": "#000000",
      "--vscode-panel-border": "#6fc3df",
      "--vscode-contrastBorder": "#6fc3df",
      "--vscode-button-background": "#000000",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-border": "#6fc3df",
      "--vscode-button-secondaryBackground": "#000000",
      "--vscode-button-secondaryForeground": "#ffffff",
      "--vscode-settings-checkboxBackground": "#000000",
      "--vscode-settings-checkboxBorder": "#6fc3df",
      "--vscode-settings-checkboxForeground": "#ffffff",
      "--vscode-focusBorder": "#f38518",
      "--vscode-progressBar-background": "#6fc3df",
      "--vscode-textLink-foreground": "#21a6ff",
      "--vscode-textLink-activeForeground": "#21a6ff",
      "--vscode-errorForeground": "#f48771",
      "--vscode-editorWarning-foreground": "#ffd370",
      "--vscode-charts-foreground": "#ffffff",
      "--vscode-charts-lines": "rgba(255, 255, 255, 0.5)",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-red": "#f14c4c",
      "--vscode-charts-yellow": "#cca700",
      "--vscode-settings-headerBorder": "#6fc3df",
      "--vscode-panelTitle-activeForeground": "#ffffff",
      "--vscode-panelTitle-activeBorder": "#6fc3df",
      "--vscode-panelTitle-inactiveForeground": "#ffffff",
    },
  },
};

/** Builds the panel's bundle as esbuild.js does (browser, IIFE, chrome114), into a temp folder. */
export async function buildBundle(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nn-training-panel-"));
  await esbuild.build({
    entryPoints: [path.join(ROOT, "webview/training/main.ts")],
    outfile: path.join(out, "training.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome114",
    minify: true,
    logLevel: "error",
  });
  return out;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

export interface PanelPage {
  page: Page;
  /** Messages from the extension, dispatched as the webview receives them, then drawn at once. */
  send(...messages: ExtensionToPanelMessage[]): Promise<void>;
  /** Worker events, forwarded as the extension does. */
  replay(events: WorkerEvent[]): Promise<void>;
  /** Everything the panel posted to the extension so far. */
  posted(): Promise<PanelToExtensionMessage[]>;
  charts(): Promise<ChartData[]>;
  setTheme(theme: ThemeName): Promise<void>;
  /** Security-policy violations and page errors seen so far. */
  problems: string[];
}

export async function openPanel(browser: Browser, bundleDir: string, theme: ThemeName, viewport = { width: 1200, height: 760 }): Promise<PanelPage> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  if (process.env.PANEL_DEBUG) page.on("console", (m) => console.log("[page]", m.type(), m.text()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/index.html") {
      const html = panelHtml({ scriptUri: `${ORIGIN}/training.js`, styleUri: `${ORIGIN}/training.css`, cspSource: ORIGIN, nonce: "dGVzdC1ub25jZS0xMjM0NTY3ODkw" });
      return route.fulfill({ status: 200, contentType: "text/html", body: html });
    }
    const file = path.join(bundleDir, path.basename(url.pathname));
    if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ status: 200, contentType: file.endsWith(".css") ? "text/css" : "text/javascript", body: fs.readFileSync(file) });
  });
  // A string, not a function: the test runner's transpiler would wrap named functions in a helper
  // that does not exist in the page.
  await page.addInitScript(`(() => {
    const themes = ${JSON.stringify(THEMES)};
    const posted = [];
    window.__posted = posted;
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(event.violatedDirective + ": " + event.blockedURI);
    });
    // VS Code keeps a webview's state across reloads; sessionStorage does the same here.
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => JSON.parse(sessionStorage.getItem("vscode-state") ?? "null"),
      setState: (state) => sessionStorage.setItem("vscode-state", JSON.stringify(state)),
    });
    window.__applyTheme = (name) => {
      const theme = themes[name];
      for (const [key, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(key, value);
      if (document.body !== null) {
        document.body.className = theme.bodyClass;
        document.body.dataset.vscodeThemeKind = theme.kind;
      }
    };
    const initial = sessionStorage.getItem("vscode-theme") ?? ${JSON.stringify(theme)};
    // Applied as soon as <body> exists, before the panel's script runs.
    const observer = new MutationObserver(() => {
      if (document.body !== null) {
        window.__applyTheme(initial);
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  })();`);
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.nnStudioTrainingPanel !== undefined);
  await page.evaluate((name) => sessionStorage.setItem("vscode-theme", name), theme);

  const send = async (...messages: ExtensionToPanelMessage[]) => {
    await page.evaluate((batch) => {
      for (const data of batch) window.dispatchEvent(new MessageEvent("message", { data }));
      window.nnStudioTrainingPanel?.renderNow();
    }, messages);
  };
  return {
    page,
    problems,
    send,
    replay: (events) => send(...events.map((event): ExtensionToPanelMessage => ({ type: "worker", event }))),
    posted: () => page.evaluate(() => (window as unknown as { __posted: PanelToExtensionMessage[] }).__posted),
    charts: () => page.evaluate(() => window.nnStudioTrainingPanel?.chartData() ?? []),
    setTheme: async (name) => {
      await page.evaluate((next) => {
        sessionStorage.setItem("vscode-theme", next);
        (window as unknown as { __applyTheme: (n: string) => void }).__applyTheme(next);
      }, name);
      // The panel redraws its charts on the theme's class change, at the next frame.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    },
  };
}

/** CSP violations the page reported. */
export async function violations(panel: PanelPage): Promise<string[]> {
  return panel.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

export function readEvents(name: string): WorkerEvent[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as WorkerEvent);
}

export async function screenshot(panel: PanelPage, name: string): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, name);
  await panel.page.screenshot({ path: file, fullPage: true });
  return file;
}
