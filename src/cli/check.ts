// `nn-studio check`: a linter for CI. Compiler-style lines (or one JSON document) and exit 1 when
// any model file has an error.

import * as fs from "fs";
import { analyze } from "../core/analyze";
import { analysisToJson, diagnosticsToJson, type FileJson } from "../core/json";
import { nodeHost } from "../node/host";
import { parseArgs } from "./args";
import { CliError } from "./errors";
import { expandModelFiles } from "./files";
import type { CommandIO } from "./io";

export function readModelFile(file: string, command: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "EISDIR" ? "is a folder" : "can't be read";
    throw new CliError(`${command}: ${file} ${reason}.`);
  }
}

export function runCheck(argv: string[], io: CommandIO): number {
  const args = parseArgs(argv, { booleans: ["json"] }, "check");
  const files = expandModelFiles(args.positionals, "check");
  const results: FileJson[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const analysis = analyze(readModelFile(file, "check"), file, nodeHost);
    for (const d of analysis.diagnostics) {
      if (d.severity === "error") errors++;
      else if (d.severity === "warning") warnings++;
    }
    if (args.flags.has("json")) {
      results.push(analysisToJson(analysis, file));
      continue;
    }
    for (const d of diagnosticsToJson(analysis)) {
      io.out(`${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
    }
  }
  if (args.flags.has("json")) {
    io.out(JSON.stringify({ files: results }, null, 2));
  } else {
    const models = files.length === 1 ? "1 file" : `${files.length} files`;
    io.err(`${models} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`);
  }
  return errors > 0 ? 1 : 0;
}
