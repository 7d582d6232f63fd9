// Recurrent layers (simpleRnn, lstm, gru) and the bidirectional wrapper. A cell with g gates
// holds kernel [d, g·u], recurrent_kernel [u, g·u] and bias [g·u], as tfjs-layers builds them.

import { type Inference, type LayerRule, type ResolvedOptions, multiply, rankSpec } from "./rule";
import { ACTIVATIONS, NAME_OPTION, option, type OptionSpec } from "./schema";
import type { Dim } from "../types";

const RECURRENT_TYPES = ["simpleRnn", "lstm", "gru"] as const;

function recurrentOptions(recurrentActivation: string | null): OptionSpec[] {
  const options: OptionSpec[] = [
    option("units", { kind: "integer", min: 1 }, "The size of the hidden state: the output's last axis.", "32", { required: true }),
    option("activation", { kind: "enum", values: ACTIVATIONS }, "The activation of the candidate state and output.", '"relu"', { default: "tanh" }),
  ];
  if (recurrentActivation !== null) {
    options.push(
      option("recurrentActivation", { kind: "enum", values: ACTIVATIONS }, "The activation of the gates.", '"sigmoid"', { default: recurrentActivation }),
    );
  }
  options.push(
    option("returnSequences", { kind: "boolean" }, "Return the output of every step ([length, units]) instead of only the last ([units]).", "true", {
      default: false,
    }),
    option("dropout", { kind: "number", min: 0, max: 1, exclusiveMax: true }, "The fraction of the inputs dropped while training, in [0, 1).", "0.2", {
      default: 0,
    }),
    option(
      "recurrentDropout",
      { kind: "number", min: 0, max: 1, exclusiveMax: true },
      "The fraction of the recurrent state dropped while training, in [0, 1).",
      "0.2",
      { default: 0 },
    ),
    NAME_OPTION,
  );
  return options;
}

/** The shape and weights of a recurrent layer with `gates` gate blocks. */
function inferRecurrent(options: ResolvedOptions, input: Dim[], gates: number): Inference {
  const units = options.number("units");
  const returnSequences = options.boolean("returnSequences");
  const [steps, features] = input;
  const width = multiply(gates, units);
  let output: Dim[] | null;
  if (returnSequences === null) output = null;
  else output = returnSequences ? [steps, units] : [units];
  return {
    output,
    weights: [
      { name: "kernel", shape: [features, width], trainable: true },
      { name: "recurrent_kernel", shape: [units, width], trainable: true },
      { name: "bias", shape: [width], trainable: true },
    ],
    // Per step: the input and the previous state each go through their kernel.
    multiplyAdds: multiply(steps, width, features === null || units === null ? null : features + units),
    arithmetic: [],
    issues: [],
  };
}

function recurrent(type: (typeof RECURRENT_TYPES)[number], tfjsClass: string, gates: number, gateActivation: string | null, doc: string): LayerRule {
  return {
    type,
    tfjsClass,
    doc,
    options: recurrentOptions(gateActivation),
    input: rankSpec(2, "[steps, features]"),
    infer: (options, input) => inferRecurrent(options, input, gates),
  };
}

export const simpleRnn = recurrent("simpleRnn", "SimpleRNN", 1, null, "A fully connected recurrent layer: [steps, features] → [units] (or [steps, units]).");
export const lstm = recurrent("lstm", "LSTM", 4, "sigmoid", "Long short-term memory: [steps, features] → [units] (or [steps, units]); 4 gate blocks.");
// TensorFlow.js's GRU has no resetAfter, so it holds 3·(d·u + u·u + u) parameters.
export const gru = recurrent("gru", "GRU", 3, "hardSigmoid", "Gated recurrent unit: [steps, features] → [units] (or [steps, units]); 3 gate blocks.");

export const bidirectional: LayerRule = {
  type: "bidirectional",
  tfjsClass: "Bidirectional",
  doc: "Runs a recurrent layer forwards and backwards over the sequence and merges both outputs.",
  options: [
    option("layer", { kind: "layer", types: RECURRENT_TYPES }, "The recurrent layer to run in both directions: simpleRnn, lstm or gru.", "lstm({ units: 32 })", {
      required: true,
    }),
    option(
      "mergeMode",
      { kind: "enum", values: ["concat", "sum", "mul", "ave"] },
      'How the two outputs are merged: "concat" doubles the last axis; "sum", "mul" and "ave" keep it.',
      '"sum"',
      { default: "concat" },
    ),
    NAME_OPTION,
  ],
  input: rankSpec(2, "[steps, features]"),
  infer(options, input, context): Inference {
    const inner = context.inner;
    if (inner === undefined) return { output: null, weights: [], multiplyAdds: null, arithmetic: [], issues: [] };
    const one = inner.rule.infer(inner.options, input, context);
    const mergeMode = options.string("mergeMode");
    let output = one.output;
    if (output !== null && mergeMode === "concat") output = [...output.slice(0, -1), multiply(output[output.length - 1], 2)];
    else if (output !== null && mergeMode === null) output = [...output.slice(0, -1), null];
    return {
      output,
      weights: [
        ...one.weights.map((w) => ({ ...w, name: `forward/${w.name}` })),
        ...one.weights.map((w) => ({ ...w, name: `backward/${w.name}` })),
      ],
      multiplyAdds: multiply(one.multiplyAdds, 2),
      arithmetic: [],
      issues: one.issues,
    };
  },
};
