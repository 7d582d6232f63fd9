// Starts code-server (a real VS Code 1.139 as a server, installed by scripts/setup-vscode.sh)
// on a free loopback port, with every folder it writes to (config, data, cache, sockets) inside
// one temporary folder of its own, so runs never see each other or the user's VS Code.

import { type ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The run's private folder; the workspace and the user data live inside it. */
  root: string;
  /** Everything code-server printed, for a failure report. */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** User settings for the run (merged over quiet defaults). */
  settings?: Record<string, unknown>;
  /** Extra `--vscode-option` values, e.g. "enable-smoke-test-driver". */
  vscodeOptions?: string[];
  /** Log every line code-server prints as it comes. */
  verbose?: boolean;
  /**
   * A folder kept between runs (npm start) instead of a temporary one removed at stop; settings,
   * installed extensions and window state survive there.
   */
  stateDir?: string;
  /** A port to listen on; by default a free one. */
  port?: number;
  /** .vsix files to install before the server starts. */
  install?: string[];
  /**
   * Let VS Code ask for workspace trust (restricted mode) instead of trusting every folder, as
   * the tests do by default.
   */
  workspaceTrust?: boolean;
}

/** Where setup-vscode.sh installs Node 24 and code-server (the same default as that script). */
export function vscodeCacheDir(): string {
  return process.env.NN_STUDIO_VSCODE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "nn-studio", "vscode");
}

/** The folder setup-vscode.sh installed into, and the two programs in it. */
export function toolPaths(): { node: string; entry: string } {
  const cache = vscodeCacheDir();
  const node = path.join(cache, "node", "node_modules", "node", "bin", "node");
  const entry = path.join(cache, "server", "node_modules", "code-server", "out", "node", "entry.js");
  for (const file of [node, entry]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run scripts/setup-vscode.sh first.`);
  }
  return { node, entry };
}

const QUIET_SETTINGS: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "update.mode": "none",
  "git.enabled": false,
  "security.workspace.trust.enabled": false,
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const { node, entry } = toolPaths();
  const root = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "nn-studio-vscode-"));
  const dirs = serverDirs(root);
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, "User"), { recursive: true });
  const settingsFile = path.join(dirs.userData, "User", "settings.json");
  if (options.stateDir === undefined || !fs.existsSync(settingsFile)) {
    const trust = options.workspaceTrust === true ? { "security.workspace.trust.enabled": true } : {};
    fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }, null, 2));
  }
  const env = serverEnv(dirs);
  for (const vsix of options.install ?? []) {
    const result = spawnSync(node, [entry, ...dirArgs(dirs), "--install-extension", vsix, "--force"], { env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}${result.stderr}`);
  }

  const port = options.port ?? (await freePort());
  const args = [
    entry,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    ...dirArgs(dirs),
    "--disable-telemetry",
    "--disable-update-check",
    ...(options.workspaceTrust === true ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    ...(options.vscodeOptions ?? []).flatMap((option) => ["--vscode-option", option]),
  ];
  const child = spawn(node, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.verbose) process.stderr.write(text.replace(/^/gm, "[code-server] "));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    port,
    root,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      if (options.stateDir === undefined) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

type ServerDirs = Record<"config" | "data" | "cache" | "tmp" | "userData" | "extensions", string>;

function serverDirs(root: string): ServerDirs {
  return {
    config: path.join(root, "xdg-config"),
    data: path.join(root, "xdg-data"),
    cache: path.join(root, "xdg-cache"),
    tmp: path.join(root, "tmp"),
    userData: path.join(root, "user-data"),
    extensions: path.join(root, "extensions"),
  };
}

function dirArgs(dirs: ServerDirs): string[] {
  return ["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions];
}

function serverEnv(dirs: ServerDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    // The extension host runs on Node 24 here; the project's Node options are not for it.
    NODE_OPTIONS: "",
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits for code-server's "HTTP server listening" line (about a second after the start), then
 * confirms with /healthz. Gives up after 60 s or when the process exits.
 */
function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = () => {
      if (!output().includes("HTTP server listening")) return;
      fetch(`${url}/healthz`).then(
        (response) => finish(response.ok ? undefined : new Error(`${url}/healthz answered ${response.status}`)),
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const onExit = (code: number | null) => finish(new Error(`code-server exited with ${code}:\n${output()}`));
    const timer = setTimeout(() => finish(new Error(`code-server did not start within 60 s:\n${output()}`)), 60_000);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    onData();
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
