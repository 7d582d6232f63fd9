// Restricted mode as a user meets it: a folder VS Code has not been told to trust (workspace trust
// on, the startup prompt off, so the folder opens untrusted). The extension declares limited
// support for untrusted workspaces (package.json "capabilities"): a broken model still gets its
// problem in the Problems panel, its inlay hints and its code lens, because models are only read;
// Train Model says that training needs a trusted workspace instead of starting (or failing).
//
// Trust is a server start option, so this test starts a code-server of its own rather than using
// the one the runner shares. VS Code does not load an extension under development
// (extensionDevelopmentPath) in an untrusted folder at all, so the test packages the extension with
// @vscode/vsce and installs the .vsix, as a user would (and as `npm start` does). The server takes
// 2 s and the workbench 10 s; packaging takes longer the more files the checkout holds, because
// vsce matches every file against .vscodeignore's allowlist (about 15 s; 45 s back when the
// code-server install lived inside the checkout, which is why it now lives in ~/.cache).

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type CodeServer, REPO_ROOT, startCodeServer } from "../../scripts/vscode/codeServer";
import { launchBrowser, screenshot } from "../../scripts/vscode/workbench";
import { prepareWorkspace } from "../../scripts/vscode/workspace";

const MODEL = "negative-dimension.nn.ts";

/** Packages the built extension (dist/ as it is) into a .vsix inside `folder`, as scripts/start.ts does. */
function packageExtension(folder: string): string {
  const vsix = path.join(folder, "nn-studio.vsix");
  const args = ["--no-install", "@vscode/vsce", "package", "--no-update-package-json", "--allow-missing-repository", "--skip-license", "--no-rewrite-relative-links", "-o", vsix];
  const result = spawnSync("npx", args, { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`vsce package failed:\n${result.stdout}${result.stderr}`);
  return vsix;
}

describe("workbench UI (restricted mode): checking, hints and code lenses work untrusted; training asks for trust", function () {
  this.timeout(120_000);
  let server: CodeServer;
  let packageDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    packageDir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-studio-vsix-"));
    server = await startCodeServer({
      install: [packageExtension(packageDir)],
      workspaceTrust: true,
      // No modal question at startup: the folder simply opens in restricted mode, as it does
      // for a user who dismissed the question.
      settings: { "security.workspace.trust.startupPrompt": "never" },
    });
    const workspace = prepareWorkspace(path.join(server.root, "restricted"));
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    // The installed extension, so no extensionDevelopmentPath in the payload.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify([["skipWelcome", "true"]]))}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page !== undefined) await screenshot(page, "ui-restricted-failure.png");
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (packageDir !== undefined) fs.rmSync(packageDir, { recursive: true, force: true });
  });

  it("the folder is open in restricted mode", async () => {
    await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).waitFor();
  });

  it("a broken model's problem reaches the Problems panel, with its inlay hints and code lens", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(MODEL);
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: MODEL }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: MODEL }).waitFor();

    await page.keyboard.press("Control+Shift+M");
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "nn/negative-dimension" }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /kernelSize 7 is larger than the input height 5/);

    // The code lens above the model: its parameter count is unknown ("?") while the conv2d's
    // output size is negative.
    const lens = page.locator(".monaco-editor .codelens-decoration", { hasText: "params" });
    await lens.waitFor();
    assert.match(await lens.innerText(), /Train/);
    assert.match(await lens.innerText(), /\? params/);
    // The inlay hints after the layer calls: the conv2d's channels and parameters are known, its
    // spatial size is not; flatten's and dense's parameter counts follow as unknown, not as errors.
    await page.locator(".monaco-editor .view-line", { hasText: "[?, ?, 8] · 400 params" }).waitFor();
    await page.locator(".monaco-editor .view-line", { hasText: "[2] · ? params" }).waitFor();
    await screenshot(page, "ui-restricted-1-checked.png");
  });

  it("Train Model says that training needs a trusted workspace", async () => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.fill(">NN Studio: Train Model");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Train Model" }).first().waitFor();
    await page.keyboard.press("Enter");
    const toast = page.locator(".notification-toast", { hasText: "Training needs a trusted workspace" });
    await toast.waitFor();
    assert.ok(await toast.locator(".monaco-button", { hasText: "Manage Workspace Trust" }).isVisible());
    // The trust message comes first: nothing says the broken model was refused or failed.
    assert.strictEqual(await page.locator(".notification-toast", { hasText: "was not trained" }).count(), 0);
    await screenshot(page, "ui-restricted-2-train.png");
  });
});
