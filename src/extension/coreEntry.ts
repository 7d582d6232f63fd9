// The entry of dist/core.js: the analysis the extension loads on first use, bundled apart from
// dist/extension.js so that activation neither parses its code nor loads TypeScript
// (src/extension/core.ts loads it).

export { analyze } from "../core/analyze";
export { formatSummary } from "../core/summary";
