// Layer rules for every layer of "nn-studio" and the sequential analysis built on them.

export { analyzeLayers, type LayerContext } from "./sequential";
export { LAYER_RULES } from "./registry";
export { countParams, type ParamCount } from "./params";
export { ACTIVATIONS, type Json, type OptionSpec, type OptionType } from "./schema";
export type { FixPlan, InferContext, Inference, InputSpec, Issue, LayerRule, ResolvedOptions, WeightSpec } from "./rule";
