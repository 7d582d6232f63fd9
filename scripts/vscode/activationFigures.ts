// What test/vscode/activation.probe.ts measures inside the extension host and bench/activation.ts
// prints: one line on the host's console, this prefix followed by the figures as JSON.

export const BENCH_PREFIX = "NN_STUDIO_BENCH ";

export interface ActivationFigures {
  /** False when VS Code had activated the extension before the probe could time it. */
  timedByProbe: boolean;
  /** From before loading the bundle to the end of activate(). */
  activationMs: number;
  /** The part of it spent loading (parsing and running) dist/extension.js. */
  moduleLoadMs: number;
  /** The extension's own activate() call (the rest is VS Code preparing the extension context). */
  ownActivateMs: number;
  /** The median of nine more loads of the bundle (from the file cache, JIT cold each time). */
  moduleReloadMedianMs: number;
  /** Modules under node_modules/typescript or @tensorflow loaded by the time activation ended. */
  heavyModulesAtActivation: string[];
  firstCheckMs: number;
  /** Median time of the core's analysis of the 200-layer model alone, warm. */
  analysisMs: number;
  keystrokeToDiagnosticsMs: { delay: number; median: number; p90: number; samples: number[] }[];
}
