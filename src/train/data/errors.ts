// A data error is the user's to fix (a missing file, a bad cell), so it carries a message that
// names the file, line and column, and the CLI and the training panel print just that message.

export interface DataErrorLocation {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export class DataError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, location: DataErrorLocation = {}) {
    super(message);
    this.name = "DataError";
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
  }
}

/** The message of a Node error without its stack: "ENOENT: no such file or directory, open '…'". */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
