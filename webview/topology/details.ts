// The panel beside the drawing: the whole model's figures when nothing is selected, else the
// selected layer's — parameters (trainable or not), FLOPs, activation memory, receptive field,
// the per-axis arithmetic with its picture, and its diagnostics in full.

import { formatBytes, formatCount, formatFlops, formatShape } from "../../src/core/format";
import type { ReceptiveField } from "../../src/core/receptiveField";
import type { TopologyDiagnostic, TopologyLayer, TopologyModel } from "../../src/protocol/topology";
import { arithmeticFigure } from "./arithmeticFigure";
import { html } from "./dom";
import { droppedText, SEVERITY_ICON } from "./graphModel";
import { elementCount } from "./labels";

/** Bytes per value: the models train in float32. */
const BYTES_PER_VALUE = 4;

export function modelDetails(model: TopologyModel, diagnostics: readonly TopologyDiagnostic[]): HTMLElement {
  const section = html("section", { class: "details", "aria-label": "Model details" });
  section.append(html("h2", {}, model.name));
  section.append(
    table([
      ["input", formatShape(model.inputShape)],
      ["output", formatShape(model.outputShape)],
      ["layers", String(model.layers.length)],
      ["parameters", formatCount(model.totalParams)],
      ["trainable", formatCount(model.trainableParams)],
      ["non-trainable", formatCount(model.nonTrainableParams)],
      ["FLOPs", model.flops === null ? "?" : `${formatFlops(model.flops)} (${formatCount(model.flops)})`],
    ]),
  );
  if (diagnostics.length > 0) section.append(diagnosticList(diagnostics));
  section.append(html("p", { class: "hint" }, "Select a layer to see its arithmetic, receptive field and memory. Arrow keys move between layers; Enter shows the source."));
  return section;
}

export function layerDetails(layer: TopologyLayer, field: ReceptiveField, diagnostics: readonly TopologyDiagnostic[]): HTMLElement {
  const section = html("section", { class: "details", "aria-label": `Details of ${layer.name}` });
  const heading = html("h2", {}, layer.name);
  if (layer.name !== layer.type && !layer.name.startsWith(`${layer.type}_`)) heading.append(html("span", { class: "type" }, ` ${layer.type}`));
  section.append(heading);
  if (diagnostics.length > 0) section.append(diagnosticList(diagnostics));

  const trainable = layer.trainableParams;
  const frozen = layer.params === null || trainable === null ? null : layer.params - trainable;
  const values = elementCount(layer.outputShape);
  section.append(
    table([
      ["input", formatShape(layer.inputShape)],
      ["output", formatShape(layer.outputShape)],
      ["parameters", formatCount(layer.params)],
      ["trainable", formatCount(trainable)],
      ["non-trainable", formatCount(frozen)],
      ["FLOPs", layer.flops === null ? "?" : layer.flops === 0 ? "0" : `${formatFlops(layer.flops)} (${formatCount(layer.flops)})`],
      ["activations", values === null ? "?" : `${formatCount(values)} values · ${formatBytes(values * BYTES_PER_VALUE)} per example`],
    ]),
  );

  if (layer.weights.length > 0) {
    section.append(html("h3", {}, "Weights"));
    section.append(
      table(layer.weights.map((w) => [w.name, `[${w.shape.join(", ")}] · ${formatCount(elementCount(w.shape))}${w.trainable ? "" : " · not trainable"}`])),
    );
  }

  section.append(html("h3", {}, "Receptive field"));
  section.append(receptiveFieldView(field));

  if (layer.arithmetic.length > 0) {
    section.append(html("h3", {}, "Output size"));
    const list = html("div", { class: "arith" });
    for (const axis of layer.arithmetic) {
      const row = html("div", { class: "arith-row", "data-axis": axis.axis });
      row.append(html("span", { class: "arith-axis" }, `${axis.axis}:`), html("code", { class: "arith-text" }, axis.text));
      row.append(html("div", { class: "arith-formula" }, axis.formula));
      if (axis.dropped !== undefined && axis.dropped > 0) {
        row.append(html("div", { class: "arith-dropped" }, `⚠ the last ${droppedText(axis.axis, axis.dropped)} of the input ${axis.dropped === 1 ? "is" : "are"} never covered by a window`));
      }
      list.append(row);
    }
    section.append(list);
    const figure = arithmeticFigure(layer.type, layer.arithmetic);
    if (figure !== null) section.append(figure);
  }
  return section;
}

function receptiveFieldView(field: ReceptiveField): HTMLElement {
  switch (field.kind) {
    case "none":
      return html("p", { class: "rf rf-none" }, "— not a spatial map");
    case "spatial":
    case "global": {
      const rows: [string, string][] = field.axes.map((axis) => [
        axis.axis,
        `${axis.size === null ? "?" : formatNumber(axis.size)} px` +
          (field.kind === "spatial" ? ` · jump ${axis.jump === null ? "?" : formatNumber(axis.jump)}` : "") +
          ` · centre ${axis.start === null ? "?" : formatNumber(axis.start)}`,
      ]);
      const view = table(rows);
      view.classList.add("rf", `rf-${field.kind}`);
      if (field.kind === "global") view.append(html("caption", {}, "each output sees the whole map"));
      return view;
    }
  }
}

function diagnosticList(diagnostics: readonly TopologyDiagnostic[]): HTMLElement {
  const list = html("ul", { class: "diagnostics" });
  for (const d of diagnostics) {
    list.append(
      html("li", { class: `diagnostic text-${d.severity}`, "data-code": d.code }, `${SEVERITY_ICON[d.severity]} `, html("code", {}, d.code), ` ${d.message}`),
    );
  }
  return list;
}

function table(rows: [string, string][]): HTMLTableElement {
  const element = html("table", { class: "facts" });
  for (const [key, value] of rows) element.append(html("tr", {}, html("th", {}, key), html("td", {}, value)));
  return element;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
