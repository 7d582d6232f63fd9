// Runs the `nn-studio` command in-process from the repository root, capturing what it prints.

import * as path from "path";
import { main } from "../../src/cli/cli";
import type { CommandIO } from "../../src/cli/io";

export const ROOT = path.resolve(__dirname, "../..");

export async function runCli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (line) => out.push(line), err: (line) => err.push(line), isTTY: false };
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return { code: await main(args, io), out, err };
  } finally {
    process.chdir(cwd);
  }
}
