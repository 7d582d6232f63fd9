// Collects the front end's diagnostics. A helper evaluated once per call site, or a layer shared
// by two models, would otherwise report the same problem at the same place several times.

import type { Diagnostic } from "../types";

export class Reporter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  report(diagnostic: Diagnostic): void {
    const key = `${diagnostic.code} ${diagnostic.span.start} ${diagnostic.span.end} ${diagnostic.model ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  /** Everything reported, in source order. */
  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
}
