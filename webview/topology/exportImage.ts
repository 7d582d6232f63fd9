// Export of the current drawing as a standalone SVG document or a PNG. The live drawing is styled
// by CSS rules over VS Code's theme variables, which don't exist outside the webview, so the
// export copies each element's computed presentation into attributes, and paints the theme's
// background behind it.

import { SVG_NS } from "./dom";

/** The presentation properties the drawing's CSS sets; each becomes an attribute of the copy. */
const PROPERTIES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
] as const;

/**
 * A standalone SVG document of `content` (a group inside the live SVG), at 1:1 scale, sized to
 * its bounding box plus a margin.
 */
export function exportSvg(content: SVGGElement, background: string): { text: string; width: number; height: number } {
  const margin = 16;
  const box = content.getBBox();
  const width = Math.ceil(box.width + 2 * margin);
  const height = Math.ceil(box.height + 2 * margin);
  const copy = content.cloneNode(true) as SVGGElement;
  inlineStyles(content, copy);
  copy.removeAttribute("transform");
  copy.setAttribute("transform", `translate(${margin - box.x},${margin - box.y})`);
  for (const element of copy.querySelectorAll("[tabindex]")) element.removeAttribute("tabindex");

  const root = document.createElementNS(SVG_NS, "svg");
  root.setAttribute("xmlns", SVG_NS);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const owner = content.ownerSVGElement;
  const defs = owner?.querySelector("defs");
  if (defs) {
    const defsCopy = defs.cloneNode(true) as SVGDefsElement;
    inlineStyles(defs, defsCopy);
    root.append(defsCopy);
  }
  const backdrop = document.createElementNS(SVG_NS, "rect");
  backdrop.setAttribute("width", "100%");
  backdrop.setAttribute("height", "100%");
  backdrop.setAttribute("fill", background);
  root.append(backdrop, copy);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`, width, height };
}

/** Copies computed presentation from each original element onto the same element of the copy. */
function inlineStyles(original: Element, copy: Element): void {
  const sources = [original, ...original.querySelectorAll("*")];
  const targets = [copy, ...copy.querySelectorAll("*")];
  sources.forEach((source, i) => {
    const target = targets[i];
    if (target === undefined || !(source instanceof SVGElement) || source instanceof SVGTitleElement) return;
    const style = getComputedStyle(source);
    for (const property of PROPERTIES) {
      const value = style.getPropertyValue(property);
      if (value !== "" && value !== "normal") target.setAttribute(property, value);
    }
    target.removeAttribute("class");
  });
}

/** The SVG rasterised at `scale`, as base64 PNG bytes (without the data-URL prefix). */
export async function svgToPngBase64(svgText: string, width: number, height: number, scale: number): Promise<string> {
  // Browsers cap a canvas at about 16k pixels a side: a very long model is drawn smaller.
  const fitted = Math.min(scale, 16000 / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * fitted));
  canvas.height = Math.max(1, Math.round(height * fitted));
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    image.src = url;
    await image.decode();
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("no 2-D canvas context");
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  const dataUrl = canvas.toDataURL("image/png");
  return dataUrl.slice(dataUrl.indexOf(",") + 1);
}
