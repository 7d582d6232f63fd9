// Collects the front end's diagnostics. A helper evaluated once per call site, or a layer shared
// by two models, would otherwise report the same problem at the same place several times.

import type { Diagnostic, Span } from "../types";

export class Reporter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  report(diagnostic: Diagnostic): void {
    const key = Reporter.key(diagnostic.code, diagnostic.span, diagnostic.model);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  /** Whether this problem was reported already: then its message need not be built again. */
  has(code: Diagnostic["code"], span: Span, model?: string): boolean {
    return this.seen.has(Reporter.key(code, span, model));
  }

  private static key(code: Diagnostic["code"], span: Span, model: string | undefined): string {
    return `${code} ${span.start} ${span.end} ${model ?? ""}`;
  }

  /** Everything reported, in source order. */
  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
}
