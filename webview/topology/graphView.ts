// Draws the laid-out graph as SVG: a box per node with its lines of text, and the edges between
// them. Colours come from CSS classes (style.css maps them to VS Code theme variables), so a
// theme change restyles the drawing without a redraw.

import { svg, px } from "./dom";
import { LINE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, type GraphNode, type TopologyGraph } from "./graphModel";
import type { Layout, Point } from "./layout";

/** Baseline of the first line inside a node: the padding plus the font's ascent. */
const FIRST_BASELINE = NODE_PADDING_Y + 12;
const ACCENT_WIDTH = 4;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Draws everything at once: the export, and small graphs. */
export function drawGraph(graph: TopologyGraph, layout: Layout): SVGGElement {
  const view = new GraphView(graph, layout, () => undefined);
  view.update(null);
  return view.root;
}

/**
 * The graph drawn as a window onto it: only nodes and edges near the visible area are in the
 * DOM, so a 500-layer model costs what its visible dozen nodes cost to draw, and panning adds
 * the rest as it comes into view. `keep` lists nodes that stay drawn wherever they are (the
 * focused and selected ones, so focus is never lost).
 */
export class GraphView {
  readonly root = svg("g", { class: "graph" });
  private readonly edgeLayer = svg("g", { class: "edges" });
  private readonly nodeLayer = svg("g", { class: "nodes" });
  private readonly nodes = new Map<string, SVGGElement>();
  private readonly edges = new Map<number, SVGPathElement>();
  private readonly byId: Map<string, GraphNode>;
  private readonly edgeBoxes: Box[];

  constructor(
    private readonly graph: TopologyGraph,
    private readonly layout: Layout,
    /** Called for each node element as it is created, to apply selection and focus state. */
    private readonly decorate: (node: GraphNode, element: SVGGElement) => void,
  ) {
    this.root.append(this.edgeLayer, this.nodeLayer);
    this.byId = new Map(graph.nodes.map((n) => [n.id, n]));
    this.edgeBoxes = layout.edges.map((edge) => {
      const xs = edge.points.map((p) => p.x);
      const ys = edge.points.map((p) => p.y);
      return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
    });
  }

  /** The node's element, drawn now if it wasn't. */
  element(id: string): SVGGElement | undefined {
    const existing = this.nodes.get(id);
    if (existing !== undefined) return existing;
    const node = this.byId.get(id);
    const place = this.layout.nodes.get(id);
    if (node === undefined || place === undefined) return undefined;
    const element = drawNode(node, place.width);
    element.setAttribute("transform", `translate(${px(place.x)},${px(place.y)})`);
    this.decorate(node, element);
    this.nodes.set(id, element);
    this.nodeLayer.append(element);
    return element;
  }

  /** The node elements in the DOM now. */
  drawn(): IterableIterator<SVGGElement> {
    return this.nodes.values();
  }

  /** Draws what meets `window` (drawing coordinates; null: everything) and drops what is far from it. */
  update(window: Box | null, keep: ReadonlySet<string> = new Set()): void {
    const near = (box: Box) =>
      window === null || (box.x <= window.x + window.width && window.x <= box.x + box.width && box.y <= window.y + window.height && window.y <= box.y + box.height);
    for (const node of this.graph.nodes) {
      const place = this.layout.nodes.get(node.id);
      if (place === undefined) continue;
      if (near(place)) this.element(node.id);
      else if (!keep.has(node.id)) {
        this.nodes.get(node.id)?.remove();
        this.nodes.delete(node.id);
      }
    }
    this.layout.edges.forEach((edge, index) => {
      const shown = this.edges.get(index);
      if (near(this.edgeBoxes[index])) {
        if (shown !== undefined) return;
        const path = svg("path", { class: "edge", d: edgePath(edge.points), "marker-end": "url(#arrow)", "data-from": edge.from, "data-to": edge.to });
        this.edges.set(index, path);
        this.edgeLayer.append(path);
      } else if (shown !== undefined) {
        shown.remove();
        this.edges.delete(index);
      }
    });
  }
}

function drawNode(node: GraphNode, width: number): SVGGElement {
  const classes = ["node", `family-${node.family}`];
  if (node.severity !== null) classes.push(`severity-${node.severity}`);
  const group = svg("g", {
    class: classes.join(" "),
    "data-id": node.id,
    "data-layer": node.layer,
    tabindex: -1,
    role: "button",
    "aria-label": ariaLabel(node),
  });
  group.append(svg("title", {}, node.lines.map((line) => line.text + (line.right === undefined ? "" : `  ${line.right}`)).join("\n")));
  group.append(svg("rect", { class: "node-box", width: px(width), height: px(node.height), rx: 5 }));
  group.append(svg("rect", { class: "node-accent", width: ACCENT_WIDTH, height: px(node.height), rx: 2 }));
  node.lines.forEach((line, i) => {
    const y = FIRST_BASELINE + i * LINE_HEIGHT;
    const classNames = [`line`, `line-${line.kind}`];
    if (line.severity !== undefined) classNames.push(`text-${line.severity}`);
    group.append(svg("text", { class: classNames.join(" "), x: NODE_PADDING_X, y }, line.text));
    if (line.right !== undefined) {
      group.append(svg("text", { class: "line line-right", x: px(width - NODE_PADDING_X), y, "text-anchor": "end" }, line.right));
    }
  });
  return group;
}

function ariaLabel(node: GraphNode): string {
  const parts = [`${node.name}`, node.type === node.name ? "" : node.type, `output ${node.shape}`];
  const right = node.lines[0]?.right;
  if (right !== undefined) parts.push(right);
  for (const d of node.diagnostics) parts.push(`${d.severity}: ${d.message}`);
  return parts.filter((p) => p !== "").join(", ");
}

/** A straight segment for neighbours; a smooth curve through dagre's bends otherwise. */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  if (rest.length === 1) return `M${px(first.x)},${px(first.y)}L${px(rest[0].x)},${px(rest[0].y)}`;
  // Quadratic pieces between midpoints: passes near every bend without sharp corners.
  let d = `M${px(first.x)},${px(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += `Q${px(points[i].x)},${px(points[i].y)} ${i === points.length - 2 ? `${px(points[i + 1].x)},${px(points[i + 1].y)}` : `${px(mid.x)},${px(mid.y)}`}`;
  }
  return d;
}

