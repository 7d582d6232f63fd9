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
  readBytes(file: string, length: number): Uint8Array | undefined {
    // Only the first bytes are read, so the analyser can check an IDX header on every keystroke.
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, "r");
      const buffer = Buffer.alloc(length);
      const read = fs.readSync(fd, buffer, 0, length, 0);
      return buffer.subarray(0, read);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  resolvePath(fromFile: string, relative: string): string {
    return path.resolve(path.dirname(fromFile), relative);
  },
};
