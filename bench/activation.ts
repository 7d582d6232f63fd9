// Extension activation time and keystroke-to-diagnostics time, measured in a real VS Code
// (code-server, installed by scripts/setup-vscode.sh) by test/vscode/activation.probe.ts running
// inside its extension host. Budgets (DESIGN.md): activation under 50 ms with neither TypeScript
// nor TensorFlow.js loaded. Figures are printed, not asserted. Run alone: `npx tsx bench/activation.ts`.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { type ActivationFigures, BENCH_PREFIX } from "../scripts/vscode/activationFigures";
import { bundleSuites, SUITE_OUT } from "../scripts/vscode/bundleSuites";
import { REPO_ROOT, startCodeServer } from "../scripts/vscode/codeServer";
import { launchBrowser, runSuiteInWorkbench } from "../scripts/vscode/workbench";

export async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, "esbuild.js")], { cwd: REPO_ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("the build failed");
  await bundleSuites();

  const server = await startCodeServer({ vscodeOptions: ["enable-smoke-test-driver"] });
  const browser = await launchBrowser();
  try {
    // An empty folder: nothing activates the extension before the probe times it.
    const folder = path.join(server.root, "bench-workspace");
    fs.mkdirSync(folder, { recursive: true });
    const result = await runSuiteInWorkbench(browser, server, {
      folder,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(SUITE_OUT, "activation.probe.js"),
      timeoutMs: 180_000,
    });
    const line = result.log.find((entry) => entry.startsWith(BENCH_PREFIX));
    if (result.exitCode !== 0 || line === undefined) throw new Error(`the probe failed:\n${result.log.join("\n")}`);
    report(JSON.parse(line.slice(BENCH_PREFIX.length)) as ActivationFigures);
  } finally {
    await browser.close();
    await server.stop();
  }
}

function report(figures: ActivationFigures): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`activation (require + activate())   ${ms(figures.activationMs)}${figures.timedByProbe ? "" : " (VS Code activated it first: not timed)"}   budget 50 ms`);
  console.log(`  of which loading dist/extension.js  ${ms(figures.moduleLoadMs)} (median of 9 reloads: ${ms(figures.moduleReloadMedianMs)})`);
  console.log(
    `heavy modules loaded by activation  ${figures.heavyModulesAtActivation.length === 0 ? "none (no TypeScript, no TensorFlow.js)" : figures.heavyModulesAtActivation.join(", ")}`,
  );
  console.log(`first check of a 200-layer model    ${ms(figures.firstCheckMs)} (opens the file, loads TypeScript once)`);
  console.log(`analysis of the 200-layer model alone  median ${ms(figures.analysisMs)} (warm, in the extension host)`);
  for (const series of figures.keystrokeToDiagnosticsMs) {
    console.log(
      `keystroke → diagnostics, delay ${String(series.delay).padStart(3)} ms   median ${ms(series.median)}, p90 ${ms(series.p90)} (${series.samples.length} edits)`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
