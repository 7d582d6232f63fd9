// The language front end's entry point: text in, model IR out (DSL.md §1–3). Parsing, import
// resolution, static evaluation and IR building live in ./frontend; this module ties them
// together and is what the analysis, the editor and the tests call.

import { ALL_EXPORTS } from "./exports";
import { Evaluator } from "./frontend/evaluate";
import { FileImports, type ImportInfo, importDiagnostics, type ImportTable, readImports } from "./frontend/imports";
import { buildModels } from "./frontend/models";
import { Reporter } from "./frontend/report";
import { scanFile } from "./frontend/scan";
import { parseSource } from "./frontend/syntax";
import type { Diagnostic, ModelNode } from "./types";

export type { ImportInfo } from "./frontend/imports";
export { defaultModelName } from "./frontend/models";

export interface ParsedFile {
  models: ModelNode[];
  imports: ImportInfo;
  /** The front end's diagnostics (nn/syntax, nn/unknown-name, nn/not-static, nn/missing-input, nn/invalid-option), in source order. */
  diagnostics: Diagnostic[];
}

const NO_IMPORTS: ImportTable = { named: [], namespaces: [], defaults: [], foreign: new Map(), declarations: [], lastImport: undefined };

/** Reads every model a `.nn.ts` file exports. Never throws on any input, and never runs the file. */
export function parseModelFile(text: string, fileName: string): ParsedFile {
  const parsed = parseSource(text, fileName);
  const reporter = new Reporter();
  for (const diagnostic of parsed.diagnostics) reporter.report(diagnostic);
  const sourceFile = parsed.sourceFile;
  if (sourceFile === null) return { models: [], imports: new FileImports(text, null, NO_IMPORTS), diagnostics: reporter.sorted() };

  const table = readImports(sourceFile);
  const imports = new FileImports(text, sourceFile, table);
  let models: ModelNode[] = [];
  try {
    const watched = new Set(table.named.filter((named) => !named.typeOnly && !ALL_EXPORTS.has(named.exportName)).map((named) => named.local));
    const scan = scanFile(sourceFile, new Set(table.namespaces), watched);
    for (const diagnostic of importDiagnostics(table, scan, sourceFile)) reporter.report(diagnostic);
    const syntaxErrors = parsed.diagnostics.map((diagnostic) => diagnostic.span.start);
    const evaluator = new Evaluator(sourceFile, reporter, scan.mutated, imports, syntaxErrors);
    for (const site of scan.mutationSites) evaluator.reportMutation(site);
    const module = evaluator.evaluateModule(table);
    models = buildModels(module.exports, { text, fileName, reporter, imports, unknownSpreads: evaluator.unknownSpreads });
  } catch (error) {
    // The evaluator bounds its own recursion, but it may be entered with little stack left (deep
    // inside a host). Running out is a property of the input, so it ends as a diagnostic.
    if (!(error instanceof RangeError)) throw error;
    reporter.report({
      code: "nn/not-static",
      severity: "warning",
      message: "This file is nested too deeply to evaluate, so its models are unknown. Nest expressions less deeply.",
      span: { start: 0, end: 0 },
    });
    models = [];
  }
  return { models, imports, diagnostics: reporter.sorted() };
}
