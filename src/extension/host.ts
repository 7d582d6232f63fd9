// The core reads files (a CSV the model trains on, IDX headers) only through a Host. In the
// editor, a file that is open wins over the disk: the user sees the unsaved text, so the
// analysis must too. Every path read is recorded, so a change to it can re-check its models.

import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import type { Host } from "../core/types";

export interface RecordingHost extends Host {
  /** Absolute paths this host was asked for, found or not. */
  readonly reads: ReadonlySet<string>;
}

export function createEditorHost(): RecordingHost {
  const reads = new Set<string>();
  return {
    reads,
    readFile(file: string): string | undefined {
      const absolute = path.resolve(file);
      reads.add(absolute);
      const open = vscode.workspace.textDocuments.find((document) => fsPathOf(document) === absolute);
      if (open !== undefined) return open.getText();
      try {
        return fs.readFileSync(absolute, "utf8");
      } catch {
        // A missing file, a folder or no access: the core reports it in its own words.
        return undefined;
      }
    },
    resolvePath(fromFile: string, relative: string): string {
      return path.resolve(path.dirname(fromFile), relative);
    },
  };
}

/** The file-system path a document stands for, or undefined for documents without one. */
export function fsPathOf(document: vscode.TextDocument): string | undefined {
  return document.uri.scheme === "file" ? path.resolve(document.uri.fsPath) : undefined;
}
