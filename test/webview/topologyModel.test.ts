// The topology view's pure parts, in Node: message guards, node labels, the graph model (with
// a functional model's branches) and the layout (chains contracted, branches side by side).

import { strict as assert } from "assert";
import { isHostMessage, isWebviewMessage, type TopologyLayer, type TopologyModel } from "../../src/protocol/topology";
import { buildGraph, layerAt, wrap } from "../../webview/topology/graphModel";
import { keyOptions } from "../../webview/topology/labels";
import { layoutGraph } from "../../webview/topology/layout";

describe("topology protocol guards", () => {
  const fromWebview: { message: unknown; valid: boolean }[] = [
    { message: { type: "ready" }, valid: true },
    { message: { type: "reveal", model: "default", layer: 3 }, valid: true },
    { message: { type: "reveal", model: "default", layer: -1 }, valid: true },
    { message: { type: "reveal", model: "default", layer: -2 }, valid: false },
    { message: { type: "reveal", model: "default", layer: 1.5 }, valid: false },
    { message: { type: "reveal", layer: 1 }, valid: false },
    { message: { type: "export", format: "svg", data: "<svg/>", fileName: "mnist.svg" }, valid: true },
    { message: { type: "export", format: "gif", data: "x", fileName: "mnist.gif" }, valid: false },
    { message: { type: "export", format: "svg", data: "", fileName: "mnist.svg" }, valid: false },
    { message: { type: "export", format: "svg", data: "<svg/>", fileName: "../../etc/passwd" }, valid: false },
    { message: { type: "export", format: "svg", data: "<svg/>", fileName: ".bashrc" }, valid: false },
    { message: { type: "drawn", version: 3, model: "default", labels: ["input", "conv2d · 32 filters"] }, valid: true },
    { message: { type: "drawn", version: -1, model: "default", labels: [] }, valid: false },
    { message: { type: "run", command: "rm" }, valid: false },
    { message: "ready", valid: false },
    { message: null, valid: false },
  ];
  for (const row of fromWebview) {
    it(`webview → extension ${JSON.stringify(row.message)}: ${row.valid ? "accepted" : "rejected"}`, () => assert.equal(isWebviewMessage(row.message), row.valid));
  }

  const fromHost: { message: unknown; valid: boolean }[] = [
    { message: { type: "cursor", offset: 10 }, valid: true },
    { message: { type: "cursor", offset: -1 }, valid: false },
    { message: { type: "showModel", model: "small" }, valid: true },
    { message: { type: "update", fileName: "a.nn.ts", version: 1, models: [], diagnostics: [] }, valid: true },
    { message: { type: "update", fileName: "a.nn.ts", version: 1, models: [{ name: "x" }], diagnostics: [] }, valid: false },
    { message: { type: "update", fileName: "a.nn.ts", version: 1, models: [], diagnostics: [{ code: "rm -rf", severity: "error", message: "", span: { start: 0, end: 1 } }] }, valid: false },
  ];
  for (const row of fromHost) {
    it(`extension → webview ${JSON.stringify(row.message).slice(0, 90)}: ${row.valid ? "accepted" : "rejected"}`, () => assert.equal(isHostMessage(row.message), row.valid));
  }
});

describe("topology node labels", () => {
  const rows: { type: string; config: Record<string, unknown>; label: string }[] = [
    { type: "conv2d", config: { filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: "valid", dilationRate: [1, 1], activation: "relu" }, label: "32 filters · 3×3 · relu" },
    { type: "conv2d", config: { filters: 64, kernelSize: [5, 3], strides: [2, 2], padding: "same", dilationRate: [1, 1], activation: "linear" }, label: "64 filters · 5×3 · stride 2×2 · same" },
    { type: "conv2d", config: { filters: null, kernelSize: [3, 3], strides: [1, 1], padding: "valid" }, label: "? filters · 3×3" },
    { type: "conv1d", config: { filters: 8, kernelSize: [5], strides: [1], padding: "valid", dilationRate: [2] }, label: "8 filters · 5 · dilation 2" },
    { type: "maxPool2d", config: { poolSize: [2, 2], strides: [2, 2], padding: "valid" }, label: "2×2" },
    { type: "maxPool2d", config: { poolSize: [3, 3], strides: [2, 2], padding: "valid" }, label: "3×3 · stride 2×2" },
    { type: "zeroPadding2d", config: { padding: [[2, 2], [2, 2]] }, label: "padding 2" },
    { type: "zeroPadding2d", config: { padding: [[1, 2], [0, 0]] }, label: "padding [[1, 2], [0, 0]]" },
    { type: "dense", config: { units: 10, activation: "softmax" }, label: "10 units · softmax" },
    { type: "dense", config: { units: 64, activation: "linear" }, label: "64 units" },
    { type: "dropout", config: { rate: 0.5 }, label: "rate 0.5" },
    { type: "lstm", config: { units: 32, returnSequences: true }, label: "32 units · sequences" },
    { type: "embedding", config: { inputDim: 10000, outputDim: 16 }, label: "10000 ids → 16" },
    { type: "flatten", config: {}, label: "" },
  ];
  for (const row of rows) {
    it(`${row.type} ${JSON.stringify(row.config)} → "${row.label}"`, () => assert.equal(keyOptions(row.type, row.config), row.label));
  }

  const wraps: { text: string; chars: number; lines: number; expected: string[] }[] = [
    { text: "short", chars: 10, lines: 2, expected: ["short"] },
    { text: "one two three four five", chars: 9, lines: 2, expected: ["one two", "three…"] },
    { text: "aaaaaaaaaaaaaaa", chars: 6, lines: 2, expected: ["aaaaa…"] },
  ];
  for (const row of wraps) {
    it(`wraps "${row.text}" to ${row.lines}×${row.chars}`, () => assert.deepEqual(wrap(row.text, row.chars, row.lines), row.expected));
  }
});

function layer(index: number, type: string, outputShape: number[], inputs?: number[]): TopologyLayer {
  const result: TopologyLayer = {
    index,
    type,
    name: `${type}_${index}`,
    span: { start: index * 100, end: index * 100 + 50 },
    inputShape: null,
    outputShape,
    config: {},
    weights: [],
    params: 0,
    trainableParams: 0,
    flops: 0,
    arithmetic: [],
  };
  if (inputs !== undefined) result.inputs = inputs;
  return result;
}

/** A residual block: input → conv → conv → add(input, conv) → dense. */
const RESIDUAL: TopologyModel = {
  name: "residual",
  exportName: "default",
  inputShape: [8, 8, 4],
  inputSpan: { start: 5000, end: 5020 },
  layers: [layer(0, "conv2d", [8, 8, 4], [-1]), layer(1, "conv2d", [8, 8, 4], [0]), layer(2, "add", [8, 8, 4], [-1, 1]), layer(3, "globalAvgPool2d", [4], [2])],
  outputShape: [4],
  totalParams: 0,
  trainableParams: 0,
  nonTrainableParams: 0,
  flops: 0,
};

describe("topology graph and layout", () => {
  it("makes one node per layer plus the input, and an edge per data flow", () => {
    const graph = buildGraph(RESIDUAL, []);
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      ["input", "layer-0", "layer-1", "layer-2", "layer-3"],
    );
    assert.deepEqual(
      graph.edges.map((e) => `${e.from}→${e.to}`),
      ["input→layer-0", "layer-0→layer-1", "input→layer-2", "layer-1→layer-2", "layer-2→layer-3"],
    );
  });

  it("places diagnostics on their layer, input diagnostics on the input, and the rest above the drawing", () => {
    const graph = buildGraph(RESIDUAL, [
      { code: "nn/negative-dimension", severity: "error", message: "too small", span: { start: 110, end: 112 }, model: "residual", layer: 1 },
      { code: "nn/data-input-mismatch", severity: "error", message: "data is [28, 28, 1]", span: { start: 9000, end: 9010 }, model: "residual" },
      { code: "nn/not-static", severity: "warning", message: "not static", span: { start: 205, end: 210 }, model: "residual" },
      { code: "nn/loss-activation", severity: "warning", message: "loss", span: { start: 9500, end: 9510 }, model: "residual" },
      { code: "nn/syntax", severity: "error", message: "other model", span: { start: 0, end: 1 }, model: "another" },
    ]);
    const codes = (id: string) => graph.nodes.find((n) => n.id === id)?.diagnostics.map((d) => d.code);
    assert.deepEqual(codes("layer-1"), ["nn/negative-dimension"]);
    assert.deepEqual(codes("input"), ["nn/data-input-mismatch"]);
    assert.deepEqual(codes("layer-2"), ["nn/not-static"]);
    assert.deepEqual(
      graph.unplaced.map((d) => d.code),
      ["nn/loss-activation"],
    );
    assert.equal(graph.nodes.find((n) => n.id === "layer-1")?.severity, "error");
  });

  const offsets: { offset: number; layer: number | null }[] = [
    { offset: 120, layer: 1 },
    { offset: 175, layer: null },
    { offset: 5010, layer: -1 },
  ];
  for (const row of offsets) {
    it(`finds the layer at offset ${row.offset}: ${row.layer}`, () => assert.equal(layerAt(RESIDUAL, row.offset), row.layer));
  }

  it("lays a chain out top to bottom in order, one column", () => {
    const nodes = ["a", "b", "c", "d"].map((id, i) => ({ id, width: 200 + i * 10, height: 40 }));
    const edges = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "d" },
    ];
    const layout = layoutGraph(nodes, edges, { rankSep: 20, nodeSep: 40, margin: 10 });
    const placed = nodes.map((n) => layout.nodes.get(n.id)!);
    assert.deepEqual(
      placed.map((p) => p.y),
      [10, 70, 130, 190],
    );
    // Centred on one axis whatever their widths.
    assert.deepEqual(new Set(placed.map((p) => p.x + p.width / 2)).size, 1);
    assert.deepEqual(
      layout.edges.map((e) => e.points),
      placed.slice(1).map((p, i) => [
        { x: placed[i].x + placed[i].width / 2, y: placed[i].y + 40 },
        { x: p.x + p.width / 2, y: p.y },
      ]),
    );
  });

  it("lays out a branch and its merge: the skip path beside the main path, the merge below both", () => {
    const graph = buildGraph(RESIDUAL, []);
    const layout = layoutGraph(graph.nodes, graph.edges);
    const at = (id: string) => layout.nodes.get(id)!;
    assert.ok(at("layer-0").y > at("input").y);
    assert.ok(at("layer-1").y > at("layer-0").y);
    assert.ok(at("layer-2").y > at("layer-1").y + at("layer-1").height);
    assert.ok(at("layer-3").y > at("layer-2").y);
    // The skip edge input → add is routed around the convolutions, not through them.
    const skip = layout.edges.find((e) => e.from === "input" && e.to === "layer-2")!;
    const conv = at("layer-0");
    const crosses = skip.points.some((p) => p.x > conv.x && p.x < conv.x + conv.width && p.y > conv.y && p.y < conv.y + conv.height);
    assert.equal(crosses, false);
  });

  it("lays out 500 chained layers without asking dagre to rank 500 nodes", () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, width: 220, height: 60 }));
    const edges = nodes.slice(1).map((n, i) => ({ from: `n${i}`, to: n.id }));
    const layout = layoutGraph(nodes, edges, { rankSep: 20, nodeSep: 40, margin: 10 });
    assert.equal(layout.nodes.get("n499")!.y, 10 + 499 * 80);
    assert.equal(layout.height, 2 * 10 + 500 * 60 + 499 * 20);
  });
});
