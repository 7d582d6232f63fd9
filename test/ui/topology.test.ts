// The topology panel as a user drives it (headless Chromium against code-server): open the MNIST
// example, run Show Topology from the command palette, click the second conv2d's node in the
// webview and see the editor select that layer's call; then click into another layer's line in
// the editor and see its node highlighted. The extension-host suite (test/vscode/topology.test.ts)
// only sends the reveal message itself; here the click travels the whole way through the
// workbench's webview frames. Screenshots of each step land in test-results/.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { REPO_ROOT } from "../../scripts/vscode/codeServer";
import { acquireUiServer, type UiServer } from "../../scripts/vscode/uiServer";
import { launchBrowser, openWorkbench, screenshot } from "../../scripts/vscode/workbench";

const MODEL = "examples/mnist.nn.ts";

/** 1-based line and column of `text` in the model, and the call it starts up to its closing ")". */
function locate(source: string, text: string): { line: number; column: number; call: string } {
  const at = source.indexOf(text);
  assert.ok(at >= 0, `${MODEL} contains ${text}`);
  const before = source.slice(0, at).split("\n");
  const end = source.indexOf(")", at);
  return { line: before.length, column: before[before.length - 1].length + 1, call: source.slice(at, end + 1) };
}

/**
 * The frame that holds the topology drawing. A webview is an iframe (VS Code's host page, class
 * "webview") with the extension's page in an iframe inside it ("active-frame"); the only webview
 * the test opens is the topology panel's.
 */
function topologyFrame(page: Page): FrameLocator {
  return page.locator("iframe.webview").contentFrame().locator("iframe#active-frame").contentFrame();
}

describe("workbench UI: topology panel, node click selects the layer's source and the cursor highlights its node", function () {
  this.timeout(180_000);
  let ui: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let frame: FrameLocator;
  const source = fs.readFileSync(path.join(REPO_ROOT, MODEL), "utf8");

  before(async () => {
    ui = await acquireUiServer();
    browser = await launchBrowser();
    ({ context, page } = await openWorkbench(browser, ui.server, { folder: ui.workspace, extensionDevelopmentPath: REPO_ROOT }));
  });

  afterEach(async function () {
    // A failed step leaves a picture of the workbench as it was, to see why.
    if (this.currentTest?.state === "failed" && page !== undefined) await screenshot(page, "ui-topology-failure.png");
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await ui?.release();
  });

  it("opens the MNIST example from Quick Open", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(MODEL);
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "mnist.nn.ts" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "mnist.nn.ts" }).waitFor();
    await page.locator(".monaco-editor .view-line", { hasText: "filters: 64" }).waitFor();
  });

  it("Show Topology from the command palette draws every layer in a webview beside the editor", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.fill(">NN Studio: Show Topology");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Show Topology" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab", { hasText: "Topology: mnist" }).waitFor();
    frame = topologyFrame(page);
    // Input and seven layers: eight nodes, the drawing counting them in data-items.
    await frame.locator('svg.drawing[data-items="8"]').waitFor();
    await frame.locator('g.node[data-layer="2"]', { hasText: "conv2d_1" }).waitFor();
    await screenshot(page, "ui-topology-1-shown.png");
  });

  it("clicking the second conv2d's node selects its call in the editor", async () => {
    const target = locate(source, "conv2d({ filters: 64");
    await frame.locator('g.node[data-layer="2"]').click();
    await frame.locator('g.node.selected[data-layer="2"]').waitFor();
    // The selection runs from the call's start to its end; the status bar shows where the cursor
    // (the selection's active end) is and how many characters are selected.
    const endColumn = target.column + target.call.length;
    const status = page.locator(".statusbar-item", { hasText: `Ln ${target.line}, Col ${endColumn} (${target.call.length} selected)` });
    await status.waitFor();
    // The editor is focused again, and the selection is drawn over the call's line only.
    await page.locator(".tab.active", { hasText: "mnist.nn.ts" }).waitFor();
    assert.strictEqual(await page.locator(".monaco-editor .view-overlays .selected-text").count(), 1, "one selected range on one line");
    // With the cursor inside conv2d_1, the webview marks that node as the cursor's too.
    await frame.locator('g.node.cursor[data-layer="2"]').waitFor();
    await screenshot(page, "ui-topology-2-revealed.png");
  });

  it("moving the editor's cursor to the dense layer (Go to Line) highlights the dense node", async () => {
    const dense = locate(source, "dense({ units: 10");
    // Go to Line (the palette's ":" mode) moves the cursor as a user would, without depending on
    // where the editor has scrolled the line to.
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.fill(`:${dense.line}:${dense.column}`);
    await page.locator(".quick-input-widget", { hasText: `line ${dense.line}` }).waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".statusbar-item", { hasText: new RegExp(`^\\s*Ln ${dense.line}, Col ${dense.column}\\s*$`) }).waitFor();
    await frame.locator('g.node.cursor[data-layer="6"]').waitFor();
    assert.strictEqual(await frame.locator("g.node.cursor").count(), 1, "only the dense node is the cursor's");
    assert.strictEqual(await frame.locator('g.node.cursor[data-layer="2"]').count(), 0);
    await screenshot(page, "ui-topology-3-cursor.png");
  });
});
