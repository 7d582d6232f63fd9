// RuleTester-style helpers (as typescript-eslint's): run the whole analysis on a source and
// compare diagnostics by code and 1-based position, never by prose.

import { strict as assert } from "assert";
import { analyze } from "../../src/core/analyze";
import { lineColumnAt, lineStarts } from "../../src/core/position";
import type { Diagnostic, Host } from "../../src/core/types";

export interface ExpectedDiagnostic {
  code: Diagnostic["code"];
  line: number;
  column: number;
}

/** A host over an in-memory file table, so tests never depend on the working folder. */
export function memoryHost(files: Record<string, string> = {}): Host {
  return {
    readFile: (file) => files[file],
    resolvePath: (fromFile, relative) => {
      const folder = fromFile.includes("/") ? fromFile.slice(0, fromFile.lastIndexOf("/")) : ".";
      return `${folder}/${relative}`.replace(/^\.\//, "");
    },
  };
}

export function positioned(source: string, diagnostics: Diagnostic[]): ExpectedDiagnostic[] {
  const starts = lineStarts(source);
  return diagnostics.map((d) => ({ code: d.code, ...lineColumnAt(starts, d.span.start) }));
}

export function assertDiagnostics(source: string, expected: ExpectedDiagnostic[], host: Host = memoryHost(), fileName = "model.nn.ts"): void {
  const analysis = analyze(source, fileName, host);
  assert.deepEqual(positioned(source, analysis.diagnostics), expected, analysis.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
}

/** Applies a fix's edits (back to front, so earlier offsets stay valid). */
export function applyEdits(source: string, edits: { span: { start: number; end: number }; text: string }[]): string {
  return [...edits]
    .sort((a, b) => b.span.start - a.span.start)
    .reduce((text, edit) => text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end), source);
}
