// Opens the VS Code workbench served by code-server in headless Debian Chromium (playwright-core).
// With the smoke-test driver enabled, a workbench opened with `extensionTestsPath` in its payload
// runs that mocha suite inside the real extension host, forwards the host's console output to
// `window.codeAutomationLog` and its exit code to `window.codeAutomationExit`
// (shared/VSCODE-TESTING.md).

import * as fs from "fs";
import * as path from "path";
import * as util from "util";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { CodeServer } from "./codeServer";

/** Printed by test/vscode/index.ts around the suite's own output. */
export const SUITE_BEGIN = "--- nn-studio suite begin ---";
export const SUITE_END = "--- nn-studio suite end ---";

type ServerAddress = Pick<CodeServer, "url" | "port">;

export const CHROMIUM = process.env.NN_STUDIO_CHROMIUM ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

export interface WorkbenchOptions {
  /** The folder to open (on the server's file system). */
  folder: string;
  extensionDevelopmentPath: string;
  /** A compiled module exporting `run(): Promise<void>`; omit to open the workbench for a user. */
  extensionTestsPath?: string;
}

/** The workbench URL with the folder and the development extension (and test suite) in its payload. */
export function workbenchUrl(server: ServerAddress, options: WorkbenchOptions): string {
  const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
  const payload: [string, string][] = [
    ["extensionDevelopmentPath", remote(options.extensionDevelopmentPath)],
    ["skipWelcome", "true"],
  ];
  if (options.extensionTestsPath !== undefined) payload.push(["extensionTestsPath", remote(options.extensionTestsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface SuiteResult {
  exitCode: number;
  /** The extension host's console output, one entry per line. */
  log: string[];
}

/**
 * Runs the mocha suite at `extensionTestsPath` inside the extension host of a fresh workbench
 * and resolves with its exit code. Each line the host prints is passed to `onLine` as it comes.
 */
export async function runSuiteInWorkbench(
  browser: Browser,
  server: ServerAddress,
  options: WorkbenchOptions & {
    extensionTestsPath: string;
    timeoutMs: number;
    onLine?: (line: string) => void;
    /** Pass on the workbench's console too, not only the suite's. */
    allOutput?: boolean;
  },
): Promise<SuiteResult> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const log: string[] = [];
  let settle: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (settle = resolve));
  // The page forwards the workbench's console as well as the extension host's; the suite marks
  // its own output with SUITE_BEGIN / SUITE_END lines, and only what lies between is the suite's.
  let inSuite = false;
  await page.exposeFunction("codeAutomationLog", (_type: unknown, args: unknown) => {
    const text = Array.isArray(args) ? util.format(...(args as unknown[])) : String(args);
    for (const line of text.split("\n")) {
      if (line === SUITE_BEGIN) inSuite = true;
      else if (line === SUITE_END) inSuite = false;
      else if (inSuite || options.allOutput === true) {
        log.push(line);
        options.onLine?.(line);
      }
    }
  });
  await page.exposeFunction("codeAutomationExit", (code: unknown) => settle(typeof code === "number" ? code : 1));
  try {
    await page.goto(workbenchUrl(server, options));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        log.push(`The suite did not finish within ${options.timeoutMs / 1000} s.`);
        resolve(124);
      }, options.timeoutMs);
    });
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return { exitCode, log };
  } finally {
    await context.close();
  }
}

/** A workbench page for a person-like test (the UI test), with the development extension loaded. */
export async function openWorkbench(
  browser: Browser,
  server: ServerAddress,
  options: WorkbenchOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(workbenchUrl(server, options));
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  return { context, page };
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const directory = path.resolve(__dirname, "..", "..", "test-results");
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, name);
  await page.screenshot({ path: file });
  return file;
}
