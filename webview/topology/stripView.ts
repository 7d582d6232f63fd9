// The feature-map strip, in the manner of NN-SVG's AlexNet/LeNet diagrams: each layer that
// changes the tensor's shape is a block whose height follows its spatial size, whose thickness
// follows its channel count, and whose receding side follows its width, so the image shrinking
// while the channels grow is visible at a glance. Vectors (after flatten, dense) are thin bars
// whose height follows their length. Element-wise layers (activation, dropout, normalisation)
// are left out: they would repeat the block before them.

import { svg, px } from "./dom";
import type { TopologyModel } from "../../src/protocol/topology";
import type { Shape } from "../../src/core/types";
import { layerFamily, type LayerFamily } from "./labels";

export interface DrawnStrip {
  root: SVGGElement;
  width: number;
  height: number;
  /** Block elements by layer index (−1 is the input). */
  blocks: Map<number, SVGGElement>;
}

interface Item {
  layer: number;
  name: string;
  shape: Shape;
}

/** Families whose layers act element-wise and keep the shape; a convolution that keeps it still counts. */
const KEEPS_SHAPE = new Set<LayerFamily>(["activation", "regularization", "normalization"]);
const MAX_SPATIAL_PX = 170;
const MAX_CHANNEL_PX = 90;
const MAX_VECTOR_PX = 170;
const GAP = 22;
const LABEL_CHAR = 6.6;
/** The receding side is drawn at 45°, shortened to this fraction, as in an oblique projection. */
const RECEDE = 0.45;

export function drawStrip(model: TopologyModel): DrawnStrip {
  const items: Item[] = [{ layer: -1, name: "input", shape: model.inputShape }];
  for (const layer of model.layers) {
    if (!KEEPS_SHAPE.has(layerFamily(layer.type)) || !sameShape(layer.inputShape, layer.outputShape)) {
      items.push({ layer: layer.index, name: layer.name, shape: layer.outputShape });
    }
  }
  const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null && v > 0);
  const spatial = known(items.flatMap((i) => (i.shape !== null && i.shape.length >= 2 ? i.shape.slice(0, -1) : [])));
  const channels = known(items.map((i) => (i.shape !== null && i.shape.length >= 2 ? i.shape[i.shape.length - 1] : null)));
  const vectors = known(items.map((i) => (i.shape !== null && i.shape.length === 1 ? i.shape[0] : null)));
  // One scale per quantity for the whole model: proportional, so sizes compare across blocks.
  const spatialScale = Math.min(4, MAX_SPATIAL_PX / Math.max(1, ...spatial));
  const channelScale = Math.min(1.5, MAX_CHANNEL_PX / Math.max(1, ...channels));
  const vectorScale = Math.min(1, MAX_VECTOR_PX / Math.max(1, ...vectors));

  const root = svg("g", { class: "strip" });
  const blocks = new Map<number, SVGGElement>();
  const centreY = MAX_SPATIAL_PX / 2 + MAX_SPATIAL_PX * RECEDE * 0.7 + 24;
  // `x` is where the previous item's drawing (block or label) ends; labels are centred under
  // the front face, so a thin block gets room for its label on both sides.
  let x = 16;
  for (const item of items) {
    const block = svg("g", { class: "strip-block", "data-layer": item.layer, tabindex: -1, role: "button", "aria-label": `${item.name} ${shapeText(item.shape)}` });
    block.append(svg("title", {}, `${item.name}: ${shapeText(item.shape)}`));
    const { front, depth, body } = blockBody(item.shape, spatialScale, channelScale, vectorScale);
    const labelWidth = Math.max(item.name.length, shapeText(item.shape).length) * LABEL_CHAR;
    const overhang = Math.max(0, labelWidth / 2 - front.width / 2);
    const left = x + overhang;
    body.setAttribute("transform", `translate(${px(left)},${px(centreY - front.height / 2)})`);
    block.append(body);
    const labelX = left + front.width / 2;
    const labelY = centreY + MAX_SPATIAL_PX / 2 + 20;
    block.append(svg("text", { class: "strip-name", x: px(labelX), y: px(labelY), "text-anchor": "middle" }, item.name));
    block.append(svg("text", { class: "strip-shape", x: px(labelX), y: px(labelY + 15), "text-anchor": "middle" }, shapeText(item.shape)));
    root.append(block);
    blocks.set(item.layer, block);
    x = Math.max(left + front.width + depth, labelX + labelWidth / 2) + GAP;
  }
  const height = centreY + MAX_SPATIAL_PX / 2 + 48;
  return { root, width: x, height, blocks };
}

/** The block for one shape: front face (thickness × height), top and side faces receding. */
function blockBody(shape: Shape, spatialScale: number, channelScale: number, vectorScale: number) {
  const body = svg("g", {});
  if (shape === null || shape.length === 0 || shape.some((d) => d === null)) {
    // An unknown size is drawn as a dashed outline with "?": never guessed.
    body.append(svg("rect", { class: "strip-unknown", width: 24, height: 40 }));
    body.append(svg("text", { class: "strip-shape", x: 12, y: 25, "text-anchor": "middle" }, "?"));
    return { front: { width: 24, height: 40 }, depth: 0, body };
  }
  const dims = shape as number[];
  if (dims.length === 1) {
    const height = Math.max(3, dims[0] * vectorScale);
    body.append(svg("rect", { class: "strip-vector", width: 6, height: px(height) }));
    return { front: { width: 6, height }, depth: 0, body };
  }
  const h = Math.max(2, dims[0] * spatialScale);
  const w = dims.length >= 3 ? Math.max(2, dims[1] * spatialScale) : 2;
  const c = Math.max(2, dims[dims.length - 1] * channelScale);
  const dx = w * RECEDE * Math.SQRT1_2;
  const dy = -w * RECEDE * Math.SQRT1_2;
  const points = (list: [number, number][]) => list.map(([a, b]) => `${px(a)},${px(b)}`).join(" ");
  body.append(svg("polygon", { class: "strip-face strip-top", points: points([[0, 0], [c, 0], [c + dx, dy], [dx, dy]]) }));
  body.append(svg("polygon", { class: "strip-face strip-side", points: points([[c, 0], [c + dx, dy], [c + dx, h + dy], [c, h]]) }));
  body.append(svg("rect", { class: "strip-face strip-front", width: px(c), height: px(h) }));
  return { front: { width: c, height: h }, depth: dx, body };
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a === null || b === null) return false;
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** "26×26×32", with "?" for unknown sizes. */
export function shapeText(shape: Shape): string {
  if (shape === null) return "?";
  return shape.map((d) => (d === null ? "?" : String(d))).join("×");
}
