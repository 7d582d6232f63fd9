// Small DOM builders: the view is made of SVG and a few HTML panels, built directly (no
// framework) so a 500-node graph is one pass of createElementNS calls.

export const SVG_NS = "http://www.w3.org/2000/svg";

type Attributes = Record<string, string | number | undefined>;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
}

/** Rounds coordinates so the SVG text stays short and diffs of exports stay readable. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
