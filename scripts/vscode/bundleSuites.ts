// The suites that run inside the extension host are TypeScript; the host runs JavaScript. Each
// test file (and the suite's `run()` entry) is bundled on its own into out/test/vscode/, with
// `vscode` and mocha left to the host and node_modules.

import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./codeServer";

export const SUITE_OUT = path.join(REPO_ROOT, "out", "test", "vscode");

/** Bundles test/vscode and returns the path of the suite's entry (`index.js`). */
export async function bundleSuites(): Promise<string> {
  const source = path.join(REPO_ROOT, "test", "vscode");
  const entryPoints = fs
    .readdirSync(source)
    .filter((file) => file === "index.ts" || file.endsWith(".test.ts") || file.endsWith(".probe.ts"))
    .map((file) => path.join(source, file));
  fs.rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  return path.join(SUITE_OUT, "index.js");
}
