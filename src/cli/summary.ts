// `nn-studio summary <file>`: each model as a Keras-style table (or JSON), and its diagnostics.

import { analyze } from "../core/analyze";
import { analysisToJson, diagnosticsToJson } from "../core/json";
import { formatSummary } from "../core/summary";
import { nodeHost } from "../node/host";
import { parseArgs } from "./args";
import { readModelFile } from "./check";
import { CliError } from "./errors";
import type { CommandIO } from "./io";

export function runSummary(argv: string[], io: CommandIO): number {
  const args = parseArgs(argv, { booleans: ["json"], values: ["model"] }, "summary");
  if (args.positionals.length !== 1) throw new CliError("summary: give exactly one model file, e.g. nn-studio summary examples/mnist.nn.ts");
  const file = args.positionals[0];
  const analysis = analyze(readModelFile(file, "summary"), file, nodeHost);
  const wanted = args.values.get("model");
  const models = wanted === undefined ? analysis.models : analysis.models.filter((m) => m.name === wanted || m.exportName === wanted);
  if (models.length === 0) {
    const names = analysis.models.map((m) => m.name).join(", ");
    throw new CliError(wanted === undefined ? `summary: ${file} exports no model(...).` : `summary: no model named '${wanted}' in ${file}${names ? ` (it has: ${names})` : ""}.`);
  }
  const errors = analysis.diagnostics.filter((d) => d.severity === "error").length;
  if (args.flags.has("json")) {
    const json = analysisToJson(analysis, file);
    json.models = json.models.filter((m) => models.some((model) => model.name === m.name));
    io.out(JSON.stringify(json, null, 2));
    return errors > 0 ? 1 : 0;
  }
  io.out(models.map(formatSummary).join("\n\n"));
  for (const d of diagnosticsToJson(analysis)) {
    io.err(`${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
  }
  return errors > 0 ? 1 : 0;
}
