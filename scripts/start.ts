// `npm start`: build, package the extension with @vscode/vsce, and open examples/ in VS Code with
// it installed: the local `code` command when there is one, otherwise code-server (a real VS
// Code in the browser, installed by scripts/setup-vscode.sh on first use) on 127.0.0.1, printing
// the URL to open. code-server keeps its settings and extensions in ~/.cache/nn-studio/vscode/state and runs
// until Ctrl+C.
//
// Options: --port N (code-server's port; default 8080 when free), --no-open (package only).

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, startCodeServer, vscodeCacheDir } from "./vscode/codeServer";

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}


async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf("--port");
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 8080;
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const vsix = path.join(REPO_ROOT, "out", `nn-studio-${version}.vsix`);
  const examples = path.join(REPO_ROOT, "examples");

  console.log("Building (production bundles)…");
  run(process.execPath, [path.join(REPO_ROOT, "esbuild.js"), "--production"]);
  console.log("Packaging with @vscode/vsce…");
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  run("npx", ["--no-install", "@vscode/vsce", "package", "--no-update-package-json", "--allow-missing-repository", "--skip-license", "--no-rewrite-relative-links", "-o", vsix]);
  if (args.includes("--no-open")) {
    console.log(`Packaged ${path.relative(REPO_ROOT, vsix)}.`);
    return;
  }

  if (onPath("code")) {
    run("code", ["--install-extension", vsix, "--force"]);
    run("code", [examples]);
    console.log(`Opened ${examples} in VS Code with NN Studio ${version} installed.`);
    return;
  }

  if (!fs.existsSync(path.join(vscodeCacheDir(), "server", "node_modules", "code-server"))) {
    console.log("No `code` command here: installing code-server (a real VS Code that runs in the browser)…");
    run("bash", [path.join(REPO_ROOT, "scripts", "setup-vscode.sh")]);
  }
  const server = await startCodeServer({
    stateDir: path.join(vscodeCacheDir(), "state"),
    port: Number.isInteger(port) && port > 0 ? port : undefined,
    install: [vsix],
  });
  const url = `${server.url}/?folder=${encodeURIComponent(examples)}`;
  console.log(`\nNN Studio ${version} is installed in code-server. Open this in a browser:\n\n  ${url}\n\nCtrl+C stops the server.`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
