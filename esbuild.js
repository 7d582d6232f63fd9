// One build for every entry point. Node bundles keep the runtime dependencies external
// (TensorFlow.js ships native and wasm files, TypeScript is loaded lazily), browser bundles
// are self-contained so that webviews load only local, bundled files.
const esbuild = require("esbuild");
const fs = require("fs");
const pkg = require("./package.json");

const nodeExternal = [
  "vscode",
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
];

/** @type {import("esbuild").BuildOptions[]} */
const entries = [
  { entryPoints: ["src/cli/cli.ts"], outfile: "dist/cli.js", platform: "node", banner: { js: "#!/usr/bin/env node" } },
  { entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js", platform: "node" },
  // The analysis, loaded by the extension on first use (src/extension/core.ts).
  { entryPoints: ["src/extension/coreEntry.ts"], outfile: "dist/core.js", platform: "node" },
  { entryPoints: ["src/train/worker.ts"], outfile: "dist/worker.js", platform: "node" },
  { entryPoints: ["webview/topology/main.ts"], outfile: "dist/webview/topology.js", platform: "browser" },
  { entryPoints: ["webview/training/main.ts"], outfile: "dist/webview/training.js", platform: "browser" },
];

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

async function main() {
  const builds = entries
    // Entry points of features still being built are skipped until their file exists.
    .filter((entry) => fs.existsSync(entry.entryPoints[0]))
    .map((entry) => ({
      bundle: true,
      sourcemap: !production,
      minify: production,
      target: entry.platform === "node" ? "node20" : "chrome114",
      format: entry.platform === "node" ? "cjs" : "iife",
      external: entry.platform === "node" ? nodeExternal : [],
      logLevel: "warning",
      ...entry,
    }));
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const cli = "dist/cli.js";
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
