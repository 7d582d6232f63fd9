/** Where a command writes; tests pass their own to capture output without a child process. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** Writes to stdout without a line break, for progress bars redrawn with "\r" on a terminal. */
  write?(text: string): void;
}

export const processIO: CommandIO = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  isTTY: Boolean(process.stdout.isTTY),
  write: (text) => process.stdout.write(text),
};
