// `npm run test:vscode`: builds the extension, starts one code-server (a real VS Code, installed
// by scripts/setup-vscode.sh), runs the mocha suites of test/vscode inside its extension host,
// then the workbench UI tests of test/ui against the same server, and exits non-zero if any
// failed. Each suite prints mocha's own "N passing / N failing" lines.
//
// Options: --grep <pattern> narrows both suites; --no-ui skips the UI tests; --verbose echoes
// code-server's own output.

import { spawnSync } from "child_process";
import * as fs from "fs";
import Mocha from "mocha";
import * as path from "path";
import { bundleSuites } from "./vscode/bundleSuites";
import { REPO_ROOT, startCodeServer } from "./vscode/codeServer";
import { UI_SERVER_ENV, type UiServerInfo } from "./vscode/uiServer";
import { launchBrowser, runSuiteInWorkbench } from "./vscode/workbench";
import { prepareWorkspace } from "./vscode/workspace";

const SUITE_TIMEOUT_MS = 5 * 60_000;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const grepIndex = args.indexOf("--grep");
  const grep = grepIndex >= 0 ? args[grepIndex + 1] : undefined;
  const verbose = args.includes("--verbose");
  const withUi = !args.includes("--no-ui");

  const started = Date.now();
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, "esbuild.js")], { cwd: REPO_ROOT, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("test:vscode: the build failed; no VS Code test ran.");
    return 1;
  }
  const suite = await bundleSuites();

  if (grep !== undefined) process.env.NN_STUDIO_TEST_GREP = grep;
  const server = await startCodeServer({ vscodeOptions: ["enable-smoke-test-driver"], verbose });
  const browser = await launchBrowser();
  let exitCode = 0;
  try {
    const workspace = prepareWorkspace(server.root);
    console.log(`\nExtension host suites (test/vscode) in code-server ${server.url}`);
    const result = await runSuiteInWorkbench(browser, server, {
      folder: workspace,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      timeoutMs: SUITE_TIMEOUT_MS,
      onLine: (line) => console.log(`  ${line}`),
      allOutput: verbose,
    });
    if (result.exitCode !== 0) {
      exitCode = 1;
      if (!result.log.some((line) => /^\s*\d+ failing/.test(line))) {
        // The suite died before mocha's summary (a crash, a timeout): count it as a failure.
        console.log("  1 failing");
        console.log(`  (the extension host suite ended with exit code ${result.exitCode})`);
        if (!verbose) console.log(server.output().split("\n").slice(-40).join("\n"));
      }
    }

    if (withUi) {
      console.log("\nWorkbench UI tests (test/ui)");
      const info: UiServerInfo = { url: server.url, port: server.port, root: server.root, workspace: prepareWorkspace(path.join(server.root, "ui")) };
      process.env[UI_SERVER_ENV] = JSON.stringify(info);
      const mocha = new Mocha({ ui: "bdd", reporter: "spec", timeout: 120_000, ...(grep === undefined ? {} : { grep }) });
      const uiDir = path.join(REPO_ROOT, "test", "ui");
      for (const file of fs.readdirSync(uiDir).filter((name) => name.endsWith(".test.ts")).sort()) mocha.addFile(path.join(uiDir, file));
      const failures = await new Promise<number>((resolve) => mocha.run(resolve));
      if (failures > 0) exitCode = 1;
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`\ntest:vscode finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    console.log("  1 failing");
    process.exit(1);
  },
);
