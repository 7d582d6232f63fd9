/** Where a command writes; tests pass their own to capture output without a child process. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
}

export const processIO: CommandIO = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  isTTY: Boolean(process.stdout.isTTY),
};
