// Parsing with TypeScript's own parser (no type checker): the syntax tree every later step reads,
// and the parser's own errors as `nn/syntax` diagnostics. The parser recovers from errors, so
// whatever can still be read is analysed after them.

import ts from "typescript";
import type { Diagnostic, Span } from "../types";

/** At most this many syntax errors are reported: a binary file would otherwise flood the editor. */
const MAX_SYNTAX_DIAGNOSTICS = 100;

export interface ParsedSource {
  /** Null only when the parser itself gave up (brackets nested too deeply for its recursion). */
  sourceFile: ts.SourceFile | null;
  diagnostics: Diagnostic[];
}

// The parser keeps its errors on the source file; the field is internal but has been stable
// across TypeScript versions, and it is the only way to get them without building a Program.
type SourceFileWithErrors = ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] };

export function parseSource(text: string, fileName: string): ParsedSource {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  } catch (error) {
    // TypeScript's recursive-descent parser overflows the stack on brackets nested several hundred
    // levels deep. That is a property of the text, so it is reported like any syntax error.
    if (!(error instanceof RangeError)) throw error;
    const at = deepestNesting(text);
    return {
      sourceFile: null,
      diagnostics: [
        {
          code: "nn/syntax",
          severity: "error",
          message: `Brackets are nested ${at.depth} levels deep here, too deep for the TypeScript parser, so the file can't be read. Nest less deeply.`,
          span: { start: at.offset, end: Math.min(text.length, at.offset + 1) },
        },
      ],
    };
  }
  const errors = (sourceFile as SourceFileWithErrors).parseDiagnostics ?? [];
  const diagnostics: Diagnostic[] = [];
  for (const error of errors.slice(0, MAX_SYNTAX_DIAGNOSTICS)) {
    const start = Math.min(error.start, text.length);
    diagnostics.push({
      code: "nn/syntax",
      severity: "error",
      message: ts.flattenDiagnosticMessageText(error.messageText, "\n"),
      span: { start, end: Math.min(text.length, start + error.length) },
    });
  }
  return { sourceFile, diagnostics };
}

/** Where bracket nesting is deepest (ignoring strings and comments: this is only for the message). */
function deepestNesting(text: string): { offset: number; depth: number } {
  let depth = 0;
  let best = { offset: 0, depth: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > best.depth) best = { offset: i, depth };
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return best;
}

/** The node's range without its leading trivia (comments, whitespace). */
export function spanOf(node: ts.Node, sourceFile: ts.SourceFile): Span {
  const end = node.end;
  // A node the parser invented while recovering has no text; its start may then lie past its end.
  const start = Math.min(node.getStart(sourceFile), end);
  return { start, end };
}
