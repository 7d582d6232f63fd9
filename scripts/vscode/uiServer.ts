// How the UI tests find the code-server the runner started: one JSON environment variable. Run
// alone (`npx mocha test/ui/…`), a UI test starts a server of its own instead.

import * as fs from "fs";
import * as path from "path";
import { type CodeServer, startCodeServer } from "./codeServer";
import { prepareWorkspace } from "./workspace";

export const UI_SERVER_ENV = "NN_STUDIO_UI_SERVER";

export interface UiServerInfo {
  url: string;
  port: number;
  root: string;
  /** A fresh workspace copy for the UI tests (not the one the host suites edited). */
  workspace: string;
}

export interface UiServer {
  server: Pick<CodeServer, "url" | "port" | "root">;
  workspace: string;
  /** Stops the server only when this test started it. */
  release(): Promise<void>;
}

export async function acquireUiServer(): Promise<UiServer> {
  const shared = process.env[UI_SERVER_ENV];
  if (shared !== undefined) {
    const info = JSON.parse(shared) as UiServerInfo;
    return { server: info, workspace: info.workspace, release: async () => undefined };
  }
  const server = await startCodeServer({ vscodeOptions: ["enable-smoke-test-driver"] });
  const workspace = prepareWorkspace(path.join(server.root, "ui"));
  fs.mkdirSync(workspace, { recursive: true });
  return { server, workspace, release: () => server.stop() };
}
