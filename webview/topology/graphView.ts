// Draws the laid-out graph as SVG: a box per node with its lines of text, and the edges between
// them. Colours come from CSS classes (style.css maps them to VS Code theme variables), so a
// theme change restyles the drawing without a redraw.

import { svg, px } from "./dom";
import { LINE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, type GraphNode, type TopologyGraph } from "./graphModel";
import type { Layout, Point } from "./layout";

export interface DrawnGraph {
  root: SVGGElement;
  /** Node elements by node id. */
  nodes: Map<string, SVGGElement>;
}

/** Baseline of the first line inside a node: the padding plus the font's ascent. */
const FIRST_BASELINE = NODE_PADDING_Y + 12;
const ACCENT_WIDTH = 4;

export function drawGraph(graph: TopologyGraph, layout: Layout): DrawnGraph {
  const root = svg("g", { class: "graph" });
  const edgeLayer = svg("g", { class: "edges" });
  const nodeLayer = svg("g", { class: "nodes" });
  root.append(edgeLayer, nodeLayer);

  for (const edge of layout.edges) {
    edgeLayer.append(svg("path", { class: "edge", d: edgePath(edge.points), "marker-end": "url(#arrow)", "data-from": edge.from, "data-to": edge.to }));
  }

  const nodes = new Map<string, SVGGElement>();
  for (const node of graph.nodes) {
    const place = layout.nodes.get(node.id);
    if (place === undefined) continue;
    const element = drawNode(node, place.width);
    element.setAttribute("transform", `translate(${px(place.x)},${px(place.y)})`);
    nodeLayer.append(element);
    nodes.set(node.id, element);
  }
  return { root, nodes };
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

