// Turns a rule's fix plans (in terms of options and layers) into text edits on the model file.
// A fix that cannot be written safely (an options object that is not written in place, say) is
// left out rather than offered half-done.

import type { CallValue, Fix, LayerNode, ObjectValue, Span, TextEdit } from "../types";
import type { FixPlan } from "./rule";

export interface EditContext {
  text: string;
  imports: { ensureImported(exportName: string): { reference: string; edits: TextEdit[] } };
}

export function planToFix(plan: FixPlan, node: LayerNode, ctx: EditContext): Fix | null {
  switch (plan.kind) {
    case "setOption": {
      const property = node.options.get(plan.option);
      if (property !== undefined && property.value !== undefined) {
        return { title: plan.title, edits: [{ span: property.span, text: plan.text }] };
      }
      const edit = insertProperty(node.call, `${plan.option}: ${plan.text}`, ctx.text);
      return edit === null ? null : { title: plan.title, edits: [edit] };
    }
    case "renameOption": {
      const property = node.options.get(plan.from);
      if (property === undefined) return null;
      const shorthand = property.span.start === property.keySpan.start && property.span.end === property.keySpan.end;
      // `{ filter }` binds a const of that name: keep the value, rename only the key.
      const text = shorthand ? `${plan.to}: ${ctx.text.slice(property.span.start, property.span.end)}` : plan.to;
      return { title: plan.title, edits: [{ span: property.keySpan, text }] };
    }
    case "insertLayerBefore": {
      const { reference, edits } = ctx.imports.ensureImported(plan.layer);
      const at = node.call.span.start;
      const lineStart = ctx.text.lastIndexOf("\n", at - 1) + 1;
      const indent = ctx.text.slice(lineStart, at);
      // On its own line the new layer gets a line of its own with the same indentation.
      const insert = /^[ \t]*$/.test(indent) ? `${reference}(),\n${indent}` : `${reference}(), `;
      return { title: plan.title, edits: [...edits, { span: { start: at, end: at }, text: insert }] };
    }
  }
}

function isObject(value: unknown): value is ObjectValue {
  return typeof value === "object" && value !== null && (value as { kind?: string }).kind === "object";
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Adds `property` to the call's options object literal, or adds the object when there is none. */
export function insertProperty(call: CallValue, property: string, text: string): TextEdit | null {
  const literal = call.args.find((arg) => isObject(arg.value) && sameSpan(arg.span, arg.value.span) && text[arg.span.start] === "{");
  if (literal !== undefined) return insertIntoObject(literal.span, property, text);
  if (call.args.some((arg) => isObject(arg.value))) return null; // an options object written elsewhere
  const close = call.span.end - 1;
  if (text[close] !== ")") return null;
  if (call.args.length === 0) return { span: { start: close, end: close }, text: `{ ${property} }` };
  const last = call.args[call.args.length - 1];
  return { span: { start: last.span.end, end: last.span.end }, text: `, { ${property} }` };
}

function insertIntoObject(span: Span, property: string, text: string): TextEdit {
  const close = span.end - 1;
  let before = close - 1;
  while (before > span.start && /\s/.test(text[before])) before--;
  if (before === span.start) return { span: { start: close, end: close }, text: ` ${property} ` };
  const trailingComma = text[before] === ",";
  const at = before + 1;
  const multiline = text.slice(at, close).includes("\n");
  if (!multiline) return { span: { start: at, end: at }, text: trailingComma ? ` ${property}` : `, ${property}` };
  const lineStart = text.lastIndexOf("\n", before) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  return { span: { start: at, end: at }, text: `${trailingComma ? "" : ","}\n${indent}${property}${trailingComma ? "," : ""}` };
}
