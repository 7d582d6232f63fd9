// Each diagnostic's code links to its explanation in docs/diagnostics.md inside the installed
// extension (a file URI: it matches the installed version and opens offline). VS Code opens a
// file link in the editor and honours a line fragment (`#L12`) but not a Markdown anchor, so the
// link names the line of the code's section; the anchor (`#nn-negative-dimension`) is the
// fallback should the file not be readable.

import * as fs from "fs";
import * as vscode from "vscode";
import type { DiagnosticCode } from "../core/types";
import type { Logger } from "./logger";

export class DocsLinks {
  private readonly file: vscode.Uri;
  /** 1-based line of each code's section heading, read once on first use. */
  private lines: Map<string, number> | undefined;

  constructor(extensionUri: vscode.Uri, private readonly logger: Logger) {
    this.file = vscode.Uri.joinPath(extensionUri, "docs", "diagnostics.md");
  }

  target(code: DiagnosticCode): vscode.Uri {
    this.lines ??= this.readSections();
    const line = this.lines.get(code);
    return this.file.with({ fragment: line === undefined ? docsAnchor(code) : `L${line}` });
  }

  private readSections(): Map<string, number> {
    const lines = new Map<string, number>();
    try {
      fs.readFileSync(this.file.fsPath, "utf8")
        .split(/\r?\n/)
        .forEach((text, index) => {
          // Sections read "## nn/negative-dimension — error".
          const heading = /^##\s+(nn\/[a-z-]+)/.exec(text);
          if (heading !== null && !lines.has(heading[1])) lines.set(heading[1], index + 1);
        });
    } catch (error) {
      this.logger.warn(`diagnostic docs unreadable at ${this.file.fsPath}: ${String(error)}`);
    }
    return lines;
  }
}

/** `nn/negative-dimension` → `nn-negative-dimension`, the anchor of its section in docs/diagnostics.md. */
export function docsAnchor(code: DiagnosticCode): string {
  return code.replace("/", "-");
}
