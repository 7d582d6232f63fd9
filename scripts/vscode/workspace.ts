// The folder the test workbench opens: a fresh copy of test/fixtures/vscode (broken and small
// models made for the tests) with the repository's examples/ inside it, so tests may edit, save
// and create files without touching the repository.

import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./codeServer";

export function prepareWorkspace(parent: string): string {
  const workspace = path.join(parent, "workspace");
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(REPO_ROOT, "test", "fixtures", "vscode"), workspace, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, "examples"), path.join(workspace, "examples"), { recursive: true });
  return workspace;
}
