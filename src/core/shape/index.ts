// Pure output-size arithmetic that also explains itself ("floor((28 − 3) / 1) + 1 = 26"), shared
// by the layer rules, hovers, diagnostics and the topology view.

export { MINUS, TIMES, num } from "./text";
export { windowAxis, type PaddingMode, type WindowAxis } from "./window";
export { transposeAxis, upsampleAxis, zeroPadAxis, type TransposeAxis } from "./resize";
