// The workbench as a user sees it (headless Chromium against code-server): open a broken model,
// read its problem in the Problems panel, follow its docs link, apply the quick fix from the
// light bulb and see the problem go, hover the fixed layer; then create a model with New Model
// from the command palette. Screenshots of each step land in test-results/.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { REPO_ROOT } from "../../scripts/vscode/codeServer";
import { acquireUiServer, type UiServer } from "../../scripts/vscode/uiServer";
import { launchBrowser, openWorkbench, screenshot } from "../../scripts/vscode/workbench";

const MODEL = "negative-dimension.nn.ts";

describe("workbench UI: a broken model's problem, its docs and quick fix; New Model", function () {
  this.timeout(180_000);
  let ui: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    ui = await acquireUiServer();
    browser = await launchBrowser();
    ({ context, page } = await openWorkbench(browser, ui.server, { folder: ui.workspace, extensionDevelopmentPath: REPO_ROOT }));
  });

  afterEach(async function () {
    // A failed step leaves a picture of the workbench as it was, to see why.
    if (this.currentTest?.state === "failed" && page !== undefined) await screenshot(page, "ui-failure.png");
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await ui?.release();
  });

  it("opens the model from Quick Open", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    // Without the leading ">", the command palette searches files.
    await input.fill(MODEL);
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: MODEL }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: MODEL }).waitFor();
    await page.locator(".monaco-editor .view-line", { hasText: "kernelSize: 7" }).waitFor();
  });

  it("shows the problem with its arithmetic in the Problems panel, and the error in the status bar", async () => {
    await page.keyboard.press("Control+Shift+M");
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "nn/negative-dimension" });
    await row.first().waitFor();
    const text = await row.first().innerText();
    assert.match(text, /kernelSize 7 is larger than the input height 5/);
    assert.match(text, /floor\(\(5 − 7\) \/ 1\) \+ 1 = −1/);
    const status = page.locator(".statusbar-item", { hasText: "kernel-too-large" });
    await status.waitFor();
    // The item's icons render as glyphs; what is left reads "kernel-too-large: ? params · 1".
    assert.match((await status.innerText()).replace(/\s+/g, " "), /kernel-too-large: \? params · 1$/);
    await screenshot(page, "ui-1-problem.png");
  });

  it("the problem's code opens its explanation in the docs", async () => {
    const problem = page.locator(".markers-panel .monaco-list-row", { hasText: "nn/negative-dimension" }).first();
    await problem.locator("a", { hasText: "nn/negative-dimension" }).click();
    await page.locator(".tab.active", { hasText: "diagnostics.md" }).waitFor();
    // The link puts the cursor on the code's section heading.
    const docs = fs.readFileSync(path.join(REPO_ROOT, "docs", "diagnostics.md"), "utf8").split(/\r?\n/);
    const heading = docs.findIndex((line) => line.startsWith("## nn/negative-dimension")) + 1;
    assert.ok(heading > 0, "docs/diagnostics.md has the section");
    await page.locator(".statusbar-item", { hasText: `Ln ${heading}, Col 1` }).waitFor();
    await screenshot(page, "ui-2-docs.png");
    // Back to the model for the fix.
    await page.locator(".tab", { hasText: "negative-dimension.nn.ts" }).click();
  });

  it("applies 'Use padding: \"same\"' from the light bulb, and the problem goes", async () => {
    // Double-clicking the problem puts the cursor on it in the focused editor; the editor's light
    // bulb appears for the fixes there.
    await page.locator(".markers-panel .monaco-list-row", { hasText: "nn/negative-dimension" }).first().dblclick();
    // The preferred fix makes it the "autofix" bulb.
    const bulb = page.locator(".monaco-editor .lightBulbWidget.codicon-lightbulb-autofix");
    await bulb.waitFor();
    await bulb.click();
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: 'Use padding: "same"' });
    await fix.waitFor();
    await screenshot(page, "ui-3-light-bulb.png");
    await fix.click();

    await page.locator(".monaco-editor .view-line", { hasText: 'padding: "same"' }).waitFor();
    await page.locator(".markers-panel .monaco-list-row", { hasText: "nn/negative-dimension" }).waitFor({ state: "detached" });
    // With "same" padding the sizes are known again: 400 + (5·5·8)·2 + 2 = 802 parameters, no error.
    const status = page.locator(".statusbar-item", { hasText: "kernel-too-large" }).filter({ hasText: "802 params" });
    await status.waitFor();
    assert.match((await status.innerText()).replace(/\s+/g, " "), /kernel-too-large: 802 params · 0$/);
    await screenshot(page, "ui-4-fixed.png");
  });

  it("hovering the fixed conv2d shows its shape and the 'same' padding arithmetic", async () => {
    await page.locator(".monaco-editor .view-line span", { hasText: /^conv2d$/ }).first().hover();
    const hover = page.locator(".monaco-hover", { hasText: "Output shape" });
    await hover.waitFor();
    const text = await hover.innerText();
    assert.match(text, /Output shape: \[5, 5, 8\]/);
    assert.match(text, /height: ceil\(5 \/ 1\) = 5/);
    await screenshot(page, "ui-5-hover.png");
  });

  it("New Model from the palette: pick a template, name the file, get a model without problems", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.fill(">NN Studio: New Model");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "New Model" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Small MLP (two spirals)" }).click();
    // The name prompt suggests "mlp.nn.ts" with "mlp" selected: typing replaces it.
    await page.locator(".quick-input-widget", { hasText: "File name" }).waitFor();
    await page.keyboard.type("two-spirals");
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "two-spirals.nn.ts" }).waitFor();
    await page.locator(".monaco-editor .view-line", { hasText: 'name: "two-spirals"' }).waitFor();
    const status = page.locator(".statusbar-item", { hasText: "two-spirals" });
    await status.waitFor();
    assert.match((await status.innerText()).replace(/\s+/g, " "), /two-spirals: 1,185 params · 0$/);
    assert.ok(fs.existsSync(path.join(ui.workspace, "broken", "two-spirals.nn.ts")), "created beside the active file");
    await screenshot(page, "ui-6-new-model.png");
  });
});
