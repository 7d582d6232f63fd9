// Reads a layer call's options against its rule's schema: unknown names (with a did-you-mean),
// missing required options, values of the wrong type or range, and defaults for the rest.

import { closest } from "../suggest";
import type { LayerNode } from "../types";
import { type Issue, type LayerRule, ResolvedOptions } from "./rule";
import { describeValue } from "../describe";
import { type Json, type OptionSpec, resolveOption } from "./schema";

const INPUT_OPTIONS: readonly string[] = ["inputShape", "batchInputShape", "batchSize", "dtype", "inputLength"];

export interface Resolved {
  options: ResolvedOptions;
  issues: Issue[];
}

export function resolveLayerOptions(rule: LayerRule, node: LayerNode): Resolved {
  const issues: Issue[] = [];
  const names = optionNames(rule);
  for (const key of node.options.keys()) {
    if (names.includes(key)) continue;
    const suggestion = closest(key, names);
    let advice = suggestion === undefined ? `Its options are ${names.join(", ")}.` : `Did you mean '${suggestion}'?`;
    // Keras habits: the shape and dtype of the input belong to the model's input(...), once.
    if (INPUT_OPTIONS.includes(key)) advice = `The input's shape and dtype are given once, by the model's input([...], { dtype }).`;
    const issue: Issue = {
      code: "nn/unknown-option",
      option: key,
      onKey: true,
      message: `${rule.type} has no option '${key}'; it is ignored. ${advice}`,
    };
    // Renaming onto an option that is already written would only create a duplicate key.
    if (suggestion !== undefined && !INPUT_OPTIONS.includes(key) && !node.options.has(suggestion)) {
      issue.fixes = [{ kind: "renameOption", title: `Rename '${key}' to '${suggestion}'`, from: key, to: suggestion }];
    }
    issues.push(issue);
  }

  const values = new Map<string, Json>();
  const written = new Set<string>();
  const derived: OptionSpec[] = [];
  for (const spec of rule.options) {
    const property = node.options.get(spec.name);
    if (property === undefined || property.value === undefined) {
      if (spec.required) {
        issues.push({
          code: "nn/missing-option",
          message: `${rule.type}: the required option ${spec.name} is missing (${lowerFirst(spec.doc).replace(/\.$/, "")}). Add it, e.g. ${rule.type}({ ${spec.name}: ${spec.example} }).`,
        });
        values.set(spec.name, null);
      } else if (spec.defaultFrom !== undefined) {
        derived.push(spec);
      } else {
        values.set(spec.name, normalizeDefault(spec));
      }
      continue;
    }
    written.add(spec.name);
    const resolution = resolveOption(spec.type, property.value);
    switch (resolution.status) {
      case "valid":
        values.set(spec.name, resolution.value);
        break;
      case "unknown":
        values.set(spec.name, null);
        break;
      case "invalid": {
        values.set(spec.name, null);
        const issue: Issue = {
          code: "nn/invalid-option",
          option: spec.name,
          message:
            `${rule.type}: ${spec.name} must be ${resolution.expected}, got ${describeValue(property.value)}. ` +
            (resolution.suggestion === undefined
              ? `For example ${spec.name}: ${spec.example}.`
              : `Did you mean "${resolution.suggestion}"?`),
        };
        if (resolution.suggestion !== undefined) {
          issue.fixes = [
            { kind: "setOption", title: `Change to "${resolution.suggestion}"`, option: spec.name, text: JSON.stringify(resolution.suggestion) },
          ];
        }
        issues.push(issue);
        break;
      }
    }
  }
  // Defaults that copy another option (pooling strides = poolSize) once that one is known.
  for (const spec of derived) values.set(spec.name, values.get(spec.defaultFrom ?? "") ?? null);
  return { options: new ResolvedOptions(values, written), issues };
}

const NAMES = new WeakMap<LayerRule, readonly string[]>();

function optionNames(rule: LayerRule): readonly string[] {
  let names = NAMES.get(rule);
  if (names === undefined) {
    names = rule.options.map((spec) => spec.name);
    NAMES.set(rule, names);
  }
  return names;
}

/** A size default is written as one number in the schema and used as one per axis. */
function normalizeDefault(spec: OptionSpec): Json {
  const value = spec.default ?? null;
  if (spec.type.kind === "size" && typeof value === "number") return new Array<Json>(spec.type.rank).fill(value);
  return value;
}

function lowerFirst(text: string): string {
  const trimmed = text.endsWith(".") ? text.slice(0, -1) : text;
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
