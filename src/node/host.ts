// The file-system host for the CLI and the training worker. The editor has its own host, which
// prefers the text of open (possibly unsaved) documents.

import * as fs from "fs";
import * as path from "path";
import type { Host } from "../core/types";

export const nodeHost: Host = {
  readFile(file: string): string | undefined {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  resolvePath(fromFile: string, relative: string): string {
    return path.resolve(path.dirname(fromFile), relative);
  },
};
