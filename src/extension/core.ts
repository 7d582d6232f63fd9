// The core is loaded on first use, not at activation: its parser is TypeScript itself (several
// megabytes) and its own code is most of the extension's, while activation must stay under 50 ms
// (DESIGN.md budgets). So it is bundled on its own, as dist/core.js beside dist/extension.js
// (esbuild.js, entry src/extension/coreEntry.ts), and required here when the first model is
// analysed.

import { createRequire } from "module";
import * as path from "path";

export interface Core {
  analyze: typeof import("../core/analyze").analyze;
  formatSummary: typeof import("../core/summary").formatSummary;
}

export type FullAnalysis = import("../core/analyze").FullAnalysis;
export type AnalyzedModel = import("../core/analyze").AnalyzedModel;

/** dist/core.js, beside the bundle this module is part of. */
const CORE_BUNDLE = path.join(__dirname, "core.js");

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  // A promise, so callers need not care that loading happens to be synchronous today.
  loading ??= Promise.resolve().then(() => createRequire(__filename)(CORE_BUNDLE) as Core);
  return loading;
}
