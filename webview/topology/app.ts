// The topology view's state and wiring: which model and layer are shown, the toolbar, keyboard
// navigation, selection, cursor highlight, and redraws that keep zoom and selection. The
// drawing itself is graphView/stripView; the numbers all come from the analysis it is sent.

import { formatCount, formatFlops } from "../../src/core/format";
import { receptiveFields, type ReceptiveField } from "../../src/core/receptiveField";
import { isHostMessage, type TopologyDiagnostic, type TopologyModel, type UpdateMessage } from "../../src/protocol/topology";
import { layerDetails, modelDetails } from "./details";
import { html, svg } from "./dom";
import { exportSvg, svgToPngBase64 } from "./exportImage";
import { buildGraph, layerAt, layerId, SEVERITY_ICON, type TopologyGraph } from "./graphModel";
import { drawGraph, GraphView, type Box } from "./graphView";
import { layoutGraph, type Layout } from "./layout";
import { PanZoom, type Transform } from "./panZoom";
import { drawStrip } from "./stripView";
import type { VsCodeApi } from "./vscodeApi";

export type ViewKind = "graph" | "maps";

/** What survives hiding the panel: the view, the model, the selection and each drawing's zoom. */
interface SavedState {
  view: ViewKind;
  model: string | null;
  selected: number | null;
  transforms: Record<string, Transform>;
}

function readState(value: unknown): SavedState {
  const fallback: SavedState = { view: "graph", model: null, selected: null, transforms: {} };
  if (typeof value !== "object" || value === null) return fallback;
  const v = value as Partial<Record<keyof SavedState, unknown>>;
  const transforms: Record<string, Transform> = {};
  if (typeof v.transforms === "object" && v.transforms !== null) {
    for (const [key, t] of Object.entries(v.transforms as Record<string, unknown>)) {
      const candidate = t as Partial<Transform> | null;
      if (candidate !== null && [candidate.x, candidate.y, candidate.k].every((n) => typeof n === "number" && Number.isFinite(n))) {
        transforms[key] = candidate as Transform;
      }
    }
  }
  return {
    view: v.view === "maps" ? "maps" : "graph",
    model: typeof v.model === "string" ? v.model : null,
    selected: typeof v.selected === "number" && Number.isInteger(v.selected) ? v.selected : null,
    transforms,
  };
}

/** One item of the drawing (graph node or strip block) that can be focused and selected. */
interface Item {
  layer: number;
  /** Where it is in the graph; strip blocks are measured when needed. */
  box: Box | null;
}

export class TopologyApp {
  private state: SavedState;
  private update: UpdateMessage | null = null;
  private model: TopologyModel | null = null;
  private diagnostics: TopologyDiagnostic[] = [];
  private fields: ReceptiveField[] = [];
  private graph: TopologyGraph | null = null;
  private layout: Layout | null = null;
  /** The graph view draws lazily (only what is near the visible area); the strip draws all. */
  private graphView: GraphView | null = null;
  private stripBlocks: Map<number, SVGGElement> | null = null;
  private windowPending = false;
  private items = new Map<number, Item>();
  /** Data-flow neighbours in the graph view, for arrow-key navigation. */
  private successors = new Map<number, number[]>();
  private predecessors = new Map<number, number[]>();
  private cursorLayer: number | null = null;
  private focused: number | null = null;

  private readonly toolbar: HTMLElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly summary: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly drawing: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly details: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly panZoom: PanZoom;
  private readonly viewButtons: Record<ViewKind, HTMLButtonElement>;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = readState(vscode.getState());

    this.modelSelect = html("select", { class: "model-select", "aria-label": "Model", hidden: "" });
    this.modelSelect.addEventListener("change", () => this.chooseModel(this.modelSelect.value));
    this.viewButtons = {
      graph: this.button("Graph", "Layers and the arithmetic of each output size", () => this.setView("graph")),
      maps: this.button("Feature maps", "Each layer's output drawn to scale: size and channels", () => this.setView("maps")),
    };
    const views = html("div", { class: "segmented", role: "group", "aria-label": "View" }, this.viewButtons.graph, this.viewButtons.maps);
    const zoom = html(
      "div",
      { class: "group", role: "group", "aria-label": "Zoom" },
      this.button("−", "Zoom out (−)", () => this.panZoom.zoomBy(1 / 1.25), "zoom-out"),
      this.button("Fit", "Fit to view (0)", () => this.panZoom.fit(), "fit"),
      this.button("+", "Zoom in (+)", () => this.panZoom.zoomBy(1.25), "zoom-in"),
    );
    const exports = html(
      "div",
      { class: "group", role: "group", "aria-label": "Export" },
      this.button("SVG", "Export the drawing as SVG", () => void this.export("svg"), "export-svg"),
      this.button("PNG", "Export the drawing as PNG", () => void this.export("png"), "export-png"),
    );
    this.summary = html("span", { class: "summary", "aria-live": "polite" });
    this.toolbar = html("header", { class: "toolbar", role: "toolbar", "aria-label": "Topology" }, this.modelSelect, views, zoom, exports, this.summary);

    this.banner = html("div", { class: "banner", role: "status", hidden: "" });
    this.viewport = svg("g", { class: "viewport" });
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svg("path", { class: "arrow-head", d: "M0,1 L9,5 L0,9 z" }));
    this.drawing = svg("svg", { class: "drawing", role: "group", "aria-label": "Topology" }, svg("defs", {}, marker), this.viewport);
    this.canvas = html("div", { class: "canvas" }, this.drawing);
    this.details = html("aside", { class: "side", "aria-label": "Details" });
    this.empty = html("div", { class: "empty", hidden: "" });
    root.append(this.toolbar, this.banner, html("main", { class: "body" }, this.canvas, this.details), this.empty);

    this.panZoom = new PanZoom(this.drawing, this.viewport, (transform) => {
      this.saveTransform(transform);
      this.scheduleWindow();
    });
    this.canvas.addEventListener("keydown", (event) => this.onKey(event));
    this.drawing.addEventListener("click", (event) => this.onClick(event));
    this.drawing.addEventListener("focusin", (event) => this.onFocusIn(event));
    this.renderViewButtons();
  }

  /** Messages from the extension: validated, then applied. Anything else is ignored. */
  receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    switch (data.type) {
      case "update":
        this.applyUpdate(data);
        break;
      case "cursor":
        this.highlightOffset(data.offset);
        break;
      case "showModel":
        if (this.update === null) this.state.model = data.model;
        else if (data.model !== this.state.model && this.update.models.some((m) => m.exportName === data.model)) {
          this.modelSelect.value = data.model;
          this.chooseModel(data.model);
        }
        break;
    }
  }

  private applyUpdate(message: UpdateMessage): void {
    const previous = this.update;
    if (previous !== null && previous.fileName === message.fileName && message.version < previous.version) return;
    if (previous !== null && previous.fileName !== message.fileName) {
      // Another document: its drawings start fitted, with nothing selected.
      this.state.transforms = {};
      this.state.selected = null;
    }
    this.update = message;
    this.modelSelect.replaceChildren(...message.models.map((m) => html("option", { value: m.exportName }, m.name)));
    this.modelSelect.hidden = message.models.length < 2;
    const chosen = message.models.find((m) => m.exportName === this.state.model) ?? message.models[0] ?? null;
    this.state.model = chosen?.exportName ?? null;
    if (chosen !== null) this.modelSelect.value = chosen.exportName;
    this.show(chosen);
  }

  private chooseModel(exportName: string): void {
    if (this.update === null) return;
    this.state.model = exportName;
    this.state.selected = null;
    this.show(this.update.models.find((m) => m.exportName === exportName) ?? null);
  }

  private setView(view: ViewKind): void {
    if (this.state.view === view) return;
    this.state.view = view;
    this.renderViewButtons();
    this.show(this.model);
  }

  private renderViewButtons(): void {
    for (const [view, button] of Object.entries(this.viewButtons)) button.setAttribute("aria-pressed", String(view === this.state.view));
  }

  /** Draws the model in the current view, keeping zoom and selection where they still apply. */
  private show(model: TopologyModel | null): void {
    this.model = model;
    const all = this.update?.diagnostics ?? [];
    this.viewport.replaceChildren();
    this.items.clear();
    this.graphView = null;
    this.stripBlocks = null;
    this.layout = null;
    this.successors.clear();
    this.predecessors.clear();
    if (model === null) {
      this.graph = null;
      this.showBanner(all);
      this.empty.hidden = false;
      this.empty.textContent = "No model in this file. A model is `export default model({ input, layers })` (see DSL.md).";
      this.details.replaceChildren();
      this.summary.textContent = "";
      this.vscode.setState(this.state);
      return;
    }
    this.empty.hidden = true;
    this.fields = receptiveFields(model);
    this.graph = buildGraph(model, all);
    this.diagnostics = all.filter((d) => this.graph !== null && (d.model === model.name || d.model === undefined));
    this.showBanner([...this.graph.unplaced, ...all.filter((d) => d.model === undefined && d.layer === undefined && layerAt(model, d.span.start) === null)]);
    this.summary.textContent = `${model.name} · ${formatCount(model.totalParams)} params · ${model.flops === null ? "?" : formatFlops(model.flops)}`;

    performance.mark("topology:draw-start");
    const size = this.state.view === "graph" ? this.drawGraphView(this.graph) : this.drawStripView(model);
    performance.measure("topology:draw", "topology:draw-start");
    this.panZoom.setContent(size);
    this.panZoom.maxFitScale = this.state.view === "graph" ? 1 : 1.6;
    const saved = this.state.transforms[this.transformKey()];
    if (saved !== undefined) this.panZoom.set(saved);
    else this.panZoom.initial();

    const selected = this.state.selected;
    this.updateWindow();
    this.select(selected !== null && this.items.has(selected) ? selected : null, false);
    this.drawing.setAttribute("aria-label", `Topology of ${model.name}`);
    this.drawing.setAttribute("data-items", String(this.items.size));
    if (this.update !== null) {
      const labels = this.graph.nodes.map((n) => n.lines.filter((l) => l.kind === "title" || l.kind === "options").map((l) => l.text).join(" · "));
      this.vscode.postMessage({ type: "drawn", version: this.update.version, model: model.exportName, labels });
    }
    if (this.cursorLayer !== null) this.markCursor(this.cursorLayer);
  }

  private drawGraphView(graph: TopologyGraph): { width: number; height: number } {
    performance.mark("topology:layout-start");
    const layout: Layout = layoutGraph(graph.nodes, graph.edges);
    performance.measure("topology:layout", "topology:layout-start");
    this.layout = layout;
    this.graphView = new GraphView(graph, layout, (node, element) => this.decorate(node.layer, element));
    this.viewport.append(this.graphView.root);
    for (const node of graph.nodes) {
      const place = layout.nodes.get(node.id);
      if (place !== undefined) this.items.set(node.layer, { layer: node.layer, box: place });
    }
    const layerOf = new Map(graph.nodes.map((n) => [n.id, n.layer]));
    for (const edge of graph.edges) {
      const from = layerOf.get(edge.from);
      const to = layerOf.get(edge.to);
      if (from === undefined || to === undefined) continue;
      this.successors.set(from, [...(this.successors.get(from) ?? []), to]);
      this.predecessors.set(to, [...(this.predecessors.get(to) ?? []), from]);
    }
    return { width: layout.width, height: layout.height };
  }

  private drawStripView(model: TopologyModel): { width: number; height: number } {
    const strip = drawStrip(model);
    this.viewport.append(strip.root);
    this.stripBlocks = strip.blocks;
    const order = [...strip.blocks.keys()];
    order.forEach((layer, i) => {
      this.decorate(layer, strip.blocks.get(layer) as SVGGElement);
      this.items.set(layer, { layer, box: null });
      if (i > 0) {
        this.successors.set(order[i - 1], [layer]);
        this.predecessors.set(layer, [order[i - 1]]);
      }
    });
    return { width: strip.width, height: strip.height };
  }

  /** The item's element, drawn now if the graph hadn't drawn it yet. */
  private elementOf(layer: number): SVGGElement | undefined {
    return this.graphView !== null ? this.graphView.element(layerId(layer)) : this.stripBlocks?.get(layer);
  }

  private drawnElements(): Iterable<SVGGElement> {
    return this.graphView !== null ? this.graphView.drawn() : (this.stripBlocks?.values() ?? []);
  }

  /** Selection, cursor and tab stop, for an element just drawn or redrawn. */
  private decorate(layer: number, element: SVGGElement): void {
    element.classList.toggle("selected", layer === this.state.selected);
    element.classList.toggle("cursor", layer === this.cursorLayer);
    element.setAttribute("tabindex", layer === this.tabStop() ? "0" : "-1");
  }

  /** Draws the part of the graph near the visible area (once per frame while panning). */
  private scheduleWindow(): void {
    if (this.windowPending || this.graphView === null) return;
    this.windowPending = true;
    requestAnimationFrame(() => {
      this.windowPending = false;
      this.updateWindow();
    });
  }

  private updateWindow(): void {
    if (this.graphView === null) return;
    const rect = this.drawing.getBoundingClientRect();
    const { x, y, k } = this.panZoom.current;
    // Half a screen of margin on every side, so panning rarely shows an empty edge.
    const marginX = rect.width / k / 2;
    const marginY = rect.height / k / 2;
    const keep = new Set([this.state.selected, this.focused, this.tabStop()].filter((l): l is number => l !== null).map(layerId));
    this.graphView.update({ x: -x / k - marginX, y: -y / k - marginY, width: rect.width / k + 2 * marginX, height: rect.height / k + 2 * marginY }, keep);
    const stop = this.tabStop();
    if (stop !== null) this.elementOf(stop);
  }

  /** One tab stop for the whole drawing: the focused (or first) item. */
  private tabStop(): number | null {
    if (this.focused !== null && this.items.has(this.focused)) return this.focused;
    return this.items.keys().next().value ?? null;
  }

  private setRovingFocus(): void {
    const stop = this.tabStop();
    if (stop !== null) this.elementOf(stop);
    for (const element of this.drawnElements()) element.setAttribute("tabindex", Number(element.dataset.layer) === stop ? "0" : "-1");
  }

  private showBanner(diagnostics: readonly TopologyDiagnostic[]): void {
    this.banner.replaceChildren(
      ...diagnostics.map((d) => html("div", { class: `banner-item text-${d.severity}`, "data-code": d.code }, `${SEVERITY_ICON[d.severity]} ${d.code}: ${d.message}`)),
    );
    this.banner.hidden = diagnostics.length === 0;
  }

  /** Selects a layer (null: the model), shows its details, and optionally asks the editor to reveal it. */
  private select(layer: number | null, reveal: boolean): void {
    this.state.selected = layer;
    if (layer !== null) this.elementOf(layer);
    for (const element of this.drawnElements()) element.classList.toggle("selected", Number(element.dataset.layer) === layer);
    this.renderDetails();
    this.vscode.setState(this.state);
    if (reveal && layer !== null && this.model !== null) this.vscode.postMessage({ type: "reveal", model: this.model.exportName, layer });
  }

  private renderDetails(): void {
    const model = this.model;
    if (model === null) return;
    const layer = this.state.selected;
    const nodeDiagnostics = (index: number) => this.graph?.nodes.find((n) => n.layer === index)?.diagnostics ?? [];
    if (layer === null) {
      this.details.replaceChildren(modelDetails(model, this.diagnostics));
    } else if (layer === -1) {
      const input = modelDetails(model, nodeDiagnostics(-1));
      this.details.replaceChildren(input);
    } else {
      const analysis = model.layers[layer];
      if (analysis === undefined) return;
      this.details.replaceChildren(layerDetails(analysis, this.fields[layer] ?? { kind: "none" }, nodeDiagnostics(layer)));
    }
  }

  private itemFromEvent(event: Event): Item | null {
    const target = event.target instanceof Element ? event.target.closest<SVGGElement>("[data-layer]") : null;
    if (target === null) return null;
    return this.items.get(Number(target.dataset.layer)) ?? null;
  }

  private onClick(event: MouseEvent): void {
    if (this.panZoom.dragged) return;
    const item = this.itemFromEvent(event);
    if (item === null) {
      if (event.target === this.drawing) this.select(null, false);
      return;
    }
    this.focus(item.layer);
    this.select(item.layer, true);
  }

  private onFocusIn(event: FocusEvent): void {
    const item = this.itemFromEvent(event);
    if (item !== null) this.focused = item.layer;
  }

  private focus(layer: number): void {
    const item = this.items.get(layer);
    const element = this.elementOf(layer);
    if (item === undefined || element === undefined) return;
    this.focused = layer;
    this.setRovingFocus();
    element.focus({ preventScroll: true });
    this.reveal(item, element);
  }

  private reveal(item: Item, element: SVGGElement): void {
    if (item.box !== null) this.panZoom.reveal(item.box);
    else this.revealElement(element);
  }

  /** Strip blocks have no layout box: measure them where they are drawn. */
  private revealElement(element: SVGGElement): void {
    const box = element.getBBox();
    this.panZoom.reveal({ x: box.x, y: box.y, width: box.width, height: box.height });
  }

  private onKey(event: KeyboardEvent): void {
    const current = this.focused ?? this.state.selected;
    const move = (layer: number | undefined | null) => {
      if (layer === undefined || layer === null) return;
      event.preventDefault();
      this.focus(layer);
      this.select(layer, false);
    };
    const order = [...this.items.keys()];
    const at = current === null ? -1 : order.indexOf(current);
    switch (event.key) {
      case "ArrowDown":
        move(current === null ? order[0] : (this.successors.get(current)?.[0] ?? (this.state.view === "maps" ? order[at + 1] : undefined)));
        return;
      case "ArrowUp":
        move(current === null ? order[0] : this.predecessors.get(current)?.[0]);
        return;
      case "ArrowRight":
        move(current === null ? order[0] : (this.beside(current, +1) ?? order[at + 1]));
        return;
      case "ArrowLeft":
        move(current === null ? order[0] : (this.beside(current, -1) ?? order[at - 1]));
        return;
      case "Home":
        move(order[0]);
        return;
      case "End":
        move(order[order.length - 1]);
        return;
      case "Enter":
      case " ":
        if (current !== null) {
          event.preventDefault();
          this.select(current, true);
        }
        return;
      case "Escape":
        this.select(null, false);
        return;
      case "+":
      case "=":
        event.preventDefault();
        this.panZoom.zoomBy(1.25);
        return;
      case "-":
        event.preventDefault();
        this.panZoom.zoomBy(1 / 1.25);
        return;
      case "0":
        event.preventDefault();
        this.panZoom.fit();
        return;
      default:
        return;
    }
  }

  /** In the graph, the nearest node level with this one to its left or right (branches). */
  private beside(layer: number, direction: 1 | -1): number | undefined {
    if (this.state.view !== "graph") return undefined;
    const here = this.items.get(layer)?.box;
    if (here === undefined || here === null) return undefined;
    let best: { layer: number; dx: number } | undefined;
    for (const other of this.items.values()) {
      const box = other.box;
      if (box === null || other.layer === layer) continue;
      const overlaps = box.y < here.y + here.height && here.y < box.y + box.height;
      const dx = (box.x - here.x) * direction;
      if (overlaps && dx > 0 && (best === undefined || dx < best.dx)) best = { layer: other.layer, dx };
    }
    return best?.layer;
  }

  private highlightOffset(offset: number): void {
    if (this.model === null) return;
    const layer = layerAt(this.model, offset);
    this.cursorLayer = layer;
    this.markCursor(layer);
    const item = layer === null ? undefined : this.items.get(layer);
    const element = layer === null ? undefined : this.elementOf(layer);
    if (item !== undefined && element !== undefined) this.reveal(item, element);
  }

  private markCursor(layer: number | null): void {
    for (const element of this.drawnElements()) element.classList.toggle("cursor", Number(element.dataset.layer) === layer);
  }

  private transformKey(): string {
    return `${this.state.view}:${this.state.model ?? ""}`;
  }

  private saveTransform(transform: Transform): void {
    this.state.transforms[this.transformKey()] = transform;
    this.vscode.setState(this.state);
  }

  private async export(format: "svg" | "png"): Promise<void> {
    if (this.model === null) return;
    // The graph on screen holds only what is near the view: the export draws all of it, in a
    // hidden group of the live SVG so the theme's styles apply and can be copied.
    const staging = this.graph !== null && this.layout !== null ? drawGraph(this.graph, this.layout) : null;
    if (staging !== null) {
      staging.classList.add("export-staging");
      this.drawing.append(staging);
    }
    const content = staging ?? this.viewport.firstElementChild;
    if (!(content instanceof SVGGElement)) return;
    const background = getComputedStyle(document.body).backgroundColor || "#ffffff";
    let image: ReturnType<typeof exportSvg>;
    try {
      image = exportSvg(content, background);
    } finally {
      staging?.remove();
    }
    const base = `${this.model.name.replace(/[^\w.-]+/g, "-").replace(/^[.-]+/, "") || "model"}${this.state.view === "maps" ? "-feature-maps" : ""}`;
    if (format === "svg") {
      this.vscode.postMessage({ type: "export", format, data: image.text, fileName: `${base}.svg` });
      return;
    }
    const data = await svgToPngBase64(image.text, image.width, image.height, 2);
    this.vscode.postMessage({ type: "export", format, data, fileName: `${base}.png` });
  }

  private button(label: string, title: string, action: () => void, name?: string): HTMLButtonElement {
    const element = html("button", { type: "button", title, "aria-label": title, "data-action": name });
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }
}
