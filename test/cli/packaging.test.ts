// What the packaged extension (.vsix) holds, as `vsce ls` lists it (offline, from .vscodeignore's
// allowlist): every file the bundles load at run time, found by following their require() and
// import() literals through node_modules, plus the assets read from disk; and nothing of the
// sources, tests, examples, caches or source maps.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const BUNDLES = ["dist/extension.js", "dist/core.js", "dist/worker.js", "dist/cli.js"];

function vsceList(): string[] {
  const result = spawnSync("npx", ["--no-install", "@vscode/vsce", "ls"], { cwd: ROOT, encoding: "utf8" });
  assert.strictEqual(result.status, 0, `vsce ls failed:\n${result.stdout}${result.stderr}`);
  return result.stdout.split("\n").map((line) => line.trim()).filter((line) => line !== "");
}

/**
 * The files reachable from the bundles through literal require("…") / import("…") of packages
 * and their relative files, as paths relative to the repository (realpaths, so linked packages
 * count as their target). A specifier that does not resolve here is optional (a try/require);
 * Node's built-in modules and `vscode` are not files of the package.
 */
function runtimeClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((entry) => path.join(ROOT, entry));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.(c?js)$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) {
      const specifier = match[1];
      if (specifier === "vscode" || isBuiltin(specifier)) continue;
      let resolved: string;
      try {
        resolved = fs.realpathSync(require.resolve(specifier, { paths: [path.dirname(file)] }));
      } catch {
        continue;
      }
      queue.push(resolved);
    }
  }
  return new Set([...seen].map((file) => path.relative(ROOT, file)));
}

describe("packaging: the .vsix holds what runs and nothing else (vsce ls)", function () {
  this.timeout(120_000);
  let listed: Set<string>;

  before(() => {
    // The bundles are build outputs; build them when a fresh checkout has none yet.
    if (!BUNDLES.every((bundle) => fs.existsSync(path.join(ROOT, bundle)))) {
      const build = spawnSync(process.execPath, ["esbuild.js"], { cwd: ROOT, encoding: "utf8" });
      assert.strictEqual(build.status, 0, build.stderr);
    }
    listed = new Set(vsceList());
  });

  const required: string[] = [
    "package.json",
    "README.md",
    ...BUNDLES,
    "dist/webview/topology.js",
    "dist/webview/topology.css",
    "dist/webview/training.js",
    "dist/webview/training.css",
    // Served by the TS server plugin, opened by the diagnostics' code links, the panel's icon.
    "types/nn-studio.d.ts",
    "docs/diagnostics.md",
    "media/training.svg",
    // The TS server plugin, loaded by name from node_modules.
    "ts-plugin/index.js",
    "node_modules/nn-studio-ts-plugin/index.js",
    "node_modules/nn-studio-ts-plugin/package.json",
    // Read from disk by the wasm backend, not required.
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm",
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm",
  ];
  for (const file of required) {
    it(`lists ${file}`, () => assert.ok(listed.has(file), `${file} is not packaged`));
  }

  it("lists every file the bundles load through node_modules, and each package's package.json", () => {
    const closure = [...runtimeClosure(BUNDLES)].filter((file) => file.startsWith("node_modules/"));
    // TensorFlow.js, TypeScript and csv-parse at least: the closure is not trivially empty.
    assert.ok(closure.includes("node_modules/@tensorflow/tfjs/dist/tf.node.js"), closure.join("\n"));
    assert.ok(closure.includes("node_modules/typescript/lib/typescript.js"), closure.join("\n"));
    assert.ok(closure.includes("node_modules/csv-parse/dist/cjs/sync.cjs"), closure.join("\n"));
    const manifests = closure.map((file) => {
      const parts = file.split("/");
      return [...parts.slice(0, parts[1].startsWith("@") ? 3 : 2), "package.json"].join("/");
    });
    const missing = [...new Set([...closure, ...manifests])].filter((file) => !listed.has(file));
    assert.deepStrictEqual(missing, []);
  });

  const forbidden: [string, RegExp][] = [
    ["sources", /^src\//],
    ["webview sources", /^webview\//],
    ["tests", /^test\//],
    ["examples", /^examples\//],
    ["tools", /^(scripts|bench)\//],
    ["caches and local state", /^(\.cache|\.nn-studio|\.vscode-test|out|test-results)\//],
    ["source maps", /\.map$/],
    ["declarations other than the plugin's", /\.d\.c?ts$/],
    ["packaged extensions", /\.vsix$/],
  ];
  for (const [what, pattern] of forbidden) {
    it(`lists no ${what}`, () => {
      const offending = [...listed].filter((file) => pattern.test(file) && file !== "types/nn-studio.d.ts");
      assert.deepStrictEqual(offending, []);
    });
  }
});
