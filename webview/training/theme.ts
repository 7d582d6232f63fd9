// Colours from the VS Code theme. The workbench injects its colours into every webview as CSS
// variables (`--vscode-*`) and marks the body with the theme kind; a canvas can't use CSS
// variables, so the charts read the resolved values here and are redrawn when the theme changes.

export interface ChartTheme {
  foreground: string;
  grid: string;
  /** Series colours: training, validation, then the overlaid runs. */
  palette: string[];
  /** True in high-contrast themes: lines are drawn thicker. */
  highContrast: boolean;
}

const PALETTE_VARIABLES = [
  ["--vscode-charts-blue", "#3794ff"],
  ["--vscode-charts-orange", "#d18616"],
  ["--vscode-charts-green", "#89d185"],
  ["--vscode-charts-purple", "#b180d7"],
  ["--vscode-charts-red", "#f14c4c"],
  ["--vscode-charts-yellow", "#cca700"],
] as const;

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = read("--vscode-charts-foreground", read("--vscode-foreground", "#cccccc"));
  return {
    foreground,
    grid: read("--vscode-charts-lines", "rgba(128, 128, 128, 0.35)"),
    palette: PALETTE_VARIABLES.map(([name, fallback]) => read(name, fallback)),
    highContrast: document.body.classList.contains("vscode-high-contrast") || document.body.classList.contains("vscode-high-contrast-light"),
  };
}

/** Calls `onChange` whenever the workbench switches theme (it rewrites the body's class). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ["class", "data-vscode-theme-kind"] });
}

/** The same colour with an alpha, for faint raw batch values under their smoothed curve. */
export function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour);
  if (hex !== null) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join("") : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(colour);
  if (rgb !== null) return `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})`;
  return colour;
}
