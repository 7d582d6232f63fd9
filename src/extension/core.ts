// The core is loaded on first use, not at activation: its parser is TypeScript itself (several
// megabytes), and activation must stay under 50 ms (DESIGN.md budgets). esbuild keeps a dynamic
// import() lazy inside the bundle, so `typescript` is required only when the first model is
// analysed.

export interface Core {
  analyze: typeof import("../core/analyze").analyze;
  formatSummary: typeof import("../core/summary").formatSummary;
}

export type FullAnalysis = import("../core/analyze").FullAnalysis;
export type AnalyzedModel = import("../core/analyze").AnalyzedModel;

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  loading ??= Promise.all([import("../core/analyze"), import("../core/summary")]).then(([analysis, summary]) => ({
    analyze: analysis.analyze,
    formatSummary: summary.formatSummary,
  }));
  return loading;
}
