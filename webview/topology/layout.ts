// Where each node goes. The layered (Sugiyama) layout is dagre's (@dagrejs/dagre), chosen over
// elkjs because it is synchronous (a redraw as the user types can't race a pending promise),
// small (about 50 KB against elkjs's 1.6 MB GWT-compiled bundle, which every panel would load),
// and lays out the branches and merges of functional models in data-flow order — the part of
// ELK we would use. Both are actively maintained.
//
// Neither library is fast on long chains: dagre takes 200–900 ms for a 500-node sequential stack
// on this machine, mostly ranking and crossing-reduction work that a chain does not need. So runs
// of nodes joined one-to-one (every edge of a sequential model, and the stretches between
// branches of a functional one) are contracted into a single tall node before dagre sees the
// graph, and laid out top to bottom afterwards. A 500-layer stack becomes a one-node graph; a
// ResNet becomes a few nodes per residual block.

import dagre from "@dagrejs/dagre";

export interface Point {
  x: number;
  y: number;
}

export interface LayoutInputNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutInputEdge {
  from: string;
  to: string;
}

export interface PlacedNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: Point[];
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** Vertical gap between consecutive nodes. */
  rankSep: number;
  /** Horizontal gap between nodes side by side. */
  nodeSep: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { rankSep: 26, nodeSep: 40, margin: 20 };

export function layoutGraph(nodes: readonly LayoutInputNode[], edges: readonly LayoutInputEdge[], options: LayoutOptions = DEFAULT_LAYOUT): Layout {
  const chains = findChains(nodes, edges);
  const chainOf = new Map<string, number>();
  const positionInChain = new Map<string, number>();
  chains.forEach((chain, index) =>
    chain.forEach((node, position) => {
      chainOf.set(node.id, index);
      positionInChain.set(node.id, position);
    }),
  );
  // An edge is internal when it links consecutive members of one chain; all others go to dagre.
  const isInternal = (edge: LayoutInputEdge) =>
    chainOf.get(edge.from) === chainOf.get(edge.to) && (positionInChain.get(edge.from) ?? -2) + 1 === positionInChain.get(edge.to);

  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "TB", ranksep: options.rankSep, nodesep: options.nodeSep, marginx: options.margin, marginy: options.margin });
  graph.setDefaultEdgeLabel(() => ({}));
  chains.forEach((chain, index) => {
    const width = Math.max(...chain.map((n) => n.width));
    const height = chain.reduce((sum, n) => sum + n.height, 0) + (chain.length - 1) * options.rankSep;
    graph.setNode(String(index), { width, height });
  });
  edges.forEach((edge, index) => {
    const from = chainOf.get(edge.from);
    const to = chainOf.get(edge.to);
    if (from !== undefined && to !== undefined && !isInternal(edge)) graph.setEdge(String(from), String(to), {}, String(index));
  });
  dagre.layout(graph);

  const placed = new Map<string, PlacedNode>();
  chains.forEach((chain, index) => {
    const box = graph.node(String(index));
    const centreX = box.x ?? 0;
    let top = (box.y ?? 0) - box.height / 2;
    for (const node of chain) {
      placed.set(node.id, { id: node.id, x: centreX - node.width / 2, y: top, width: node.width, height: node.height });
      top += node.height + options.rankSep;
    }
  });

  const placedEdges: PlacedEdge[] = [];
  edges.forEach((edge, index) => {
    const source = placed.get(edge.from);
    const target = placed.get(edge.to);
    if (source === undefined || target === undefined) return;
    const start = { x: source.x + source.width / 2, y: source.y + source.height };
    const end = { x: target.x + target.width / 2, y: target.y };
    if (isInternal(edge)) {
      placedEdges.push({ from: edge.from, to: edge.to, points: [start, end] });
      return;
    }
    // dagre routed it between the chains' boxes: keep its bends, attach the ends to the real nodes.
    const routed = graph.edge(String(chainOf.get(edge.from)), String(chainOf.get(edge.to)), String(index));
    const bends = (routed?.points ?? []).slice(1, -1).map((p: Point) => ({ x: p.x, y: p.y }));
    placedEdges.push({ from: edge.from, to: edge.to, points: [start, ...bends, end] });
  });

  const size = graph.graph();
  return { nodes: placed, edges: placedEdges, width: size.width ?? 0, height: size.height ?? 0 };
}

/**
 * Maximal runs u₁ → u₂ → … where each link is the only edge out of uᵢ and the only edge into
 * uᵢ₊₁. Every node is in exactly one chain (a node with branches is a chain of one).
 */
function findChains(nodes: readonly LayoutInputNode[], edges: readonly LayoutInputEdge[]): LayoutInputNode[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    if (!byId.has(edge.from) || !byId.has(edge.to) || edge.from === edge.to) continue;
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge.to]);
    incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  }
  const next = (id: string): string | null => {
    const out = outgoing.get(id) ?? [];
    if (out.length !== 1) return null;
    return (incoming.get(out[0]) ?? []).length === 1 ? out[0] : null;
  };
  const hasChainPredecessor = new Set<string>();
  for (const node of nodes) {
    const following = next(node.id);
    if (following !== null) hasChainPredecessor.add(following);
  }
  const chains: LayoutInputNode[][] = [];
  const seen = new Set<string>();
  const walk = (start: LayoutInputNode) => {
    const chain: LayoutInputNode[] = [];
    let current: string | null = start.id;
    while (current !== null && !seen.has(current)) {
      seen.add(current);
      chain.push(byId.get(current) as LayoutInputNode);
      current = next(current);
    }
    chains.push(chain);
  };
  for (const node of nodes) if (!hasChainPredecessor.has(node.id)) walk(node);
  // A cycle made only of one-to-one links has no start; break it anywhere (the core reports cycles).
  for (const node of nodes) if (!seen.has(node.id)) walk(node);
  return chains;
}
