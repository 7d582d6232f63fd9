// Zoom and pan of one SVG drawing: a transform on an inner group, driven by the wheel (with
// Ctrl/⌘ or a pinch it zooms around the pointer, without it scrolls), by dragging the
// background, and by the toolbar and keyboard. The transform is plain data so the webview can
// keep it across redraws and in its saved state.

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 4;

export interface Bounds {
  width: number;
  height: number;
}

export class PanZoom {
  private transform: Transform = { x: 0, y: 0, k: 1 };
  private content: Bounds = { width: 0, height: 0 };
  private drag: { pointer: number; x: number; y: number; moved: boolean } | null = null;

  constructor(
    private readonly svgElement: SVGSVGElement,
    private readonly viewport: SVGGElement,
    private readonly onChange: (transform: Transform) => void,
  ) {
    svgElement.addEventListener("wheel", (event) => this.onWheel(event), { passive: false });
    svgElement.addEventListener("pointerdown", (event) => this.onPointerDown(event));
    svgElement.addEventListener("pointermove", (event) => this.onPointerMove(event));
    svgElement.addEventListener("pointerup", (event) => this.onPointerUp(event));
    svgElement.addEventListener("pointercancel", (event) => this.onPointerUp(event));
  }

  /** The size of what is drawn, in drawing units; needed to fit it. */
  setContent(bounds: Bounds): void {
    this.content = bounds;
  }

  get current(): Transform {
    return { ...this.transform };
  }

  set(transform: Transform): void {
    this.transform = { x: transform.x, y: transform.y, k: clamp(transform.k, MIN_SCALE, MAX_SCALE) };
    this.viewport.setAttribute("transform", `translate(${round(this.transform.x)},${round(this.transform.y)}) scale(${round(this.transform.k, 4)})`);
    this.onChange(this.current);
  }

  private get view(): Bounds {
    const rect = this.svgElement.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  }

  /** The largest scale fitting may use: 1:1 for the graph's text; the strip may grow. */
  maxFitScale = 1;

  /** Shows the whole drawing, centred, never enlarged beyond `maxFitScale`. */
  fit(): void {
    const { width, height } = this.view;
    if (this.content.width === 0 || this.content.height === 0 || width === 0 || height === 0) return;
    const k = clamp(Math.min(width / this.content.width, height / this.content.height, this.maxFitScale), MIN_SCALE, MAX_SCALE);
    this.set({ k, x: (width - this.content.width * k) / 2, y: (height - this.content.height * k) / 2 });
  }

  /**
   * The first view of a drawing: fitted when that keeps text legible; a long stack is instead
   * fitted to the width and shown from its input, and the user scrolls or fits from there.
   */
  initial(): void {
    const { width, height } = this.view;
    if (this.content.width === 0 || width === 0 || height === 0) return;
    const fitted = Math.min(width / this.content.width, height / this.content.height, this.maxFitScale);
    if (fitted >= 0.45) {
      this.fit();
      return;
    }
    const k = clamp(Math.min(width / this.content.width, 1), 0.45, MAX_SCALE);
    this.set({ k, x: Math.max(0, (width - this.content.width * k) / 2), y: 0 });
  }

  zoomBy(factor: number, around?: { x: number; y: number }): void {
    const { width, height } = this.view;
    const centre = around ?? { x: width / 2, y: height / 2 };
    const k = clamp(this.transform.k * factor, MIN_SCALE, MAX_SCALE);
    const ratio = k / this.transform.k;
    this.set({ k, x: centre.x - (centre.x - this.transform.x) * ratio, y: centre.y - (centre.y - this.transform.y) * ratio });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.transform, x: this.transform.x + dx, y: this.transform.y + dy });
  }

  /** Pans the least needed to bring a drawing-space box into view (with a margin). */
  reveal(box: { x: number; y: number; width: number; height: number }): void {
    const { width, height } = this.view;
    const margin = 24;
    const { x, y, k } = this.transform;
    const left = box.x * k + x;
    const top = box.y * k + y;
    const right = left + box.width * k;
    const bottom = top + box.height * k;
    let dx = 0;
    let dy = 0;
    if (right > width - margin) dx = width - margin - right;
    if (left + dx < margin) dx = margin - left;
    if (bottom > height - margin) dy = height - margin - bottom;
    if (top + dy < margin) dy = margin - top;
    if (dx !== 0 || dy !== 0) this.panBy(dx, dy);
  }

  /** True while a drag has moved the view, so the click that ends it doesn't select a node. */
  get dragged(): boolean {
    return this.drag?.moved ?? false;
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.svgElement.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey) {
      this.zoomBy(Math.exp(-event.deltaY * 0.002), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    } else {
      this.panBy(-event.deltaX, -event.deltaY);
    }
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.drag === null || this.drag.pointer !== event.pointerId) return;
    const dx = event.clientX - this.drag.x;
    const dy = event.clientY - this.drag.y;
    if (!this.drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!this.drag.moved) {
      this.drag.moved = true;
      this.svgElement.setPointerCapture(event.pointerId);
      this.svgElement.classList.add("panning");
    }
    this.drag.x = event.clientX;
    this.drag.y = event.clientY;
    this.panBy(dx, dy);
  }

  private onPointerUp(event: PointerEvent): void {
    if (this.drag === null || this.drag.pointer !== event.pointerId) return;
    const moved = this.drag.moved;
    this.svgElement.classList.remove("panning");
    if (this.svgElement.hasPointerCapture(event.pointerId)) this.svgElement.releasePointerCapture(event.pointerId);
    // The click event fires after pointerup: keep `dragged` true until then.
    if (moved) setTimeout(() => (this.drag = null), 0);
    else this.drag = null;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number, digits = 2): string {
  const scale = 10 ** digits;
  return String(Math.round(value * scale) / scale);
}
