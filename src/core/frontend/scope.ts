// Name bindings of the evaluator: the module scope (imports, consts, functions) and one scope
// per function call. Lookups walk outwards, as JavaScript's do.

import type { Value } from "../types";

export type Binding =
  /** A const, parameter or function. `ready` is false in the const's temporal dead zone. */
  | { kind: "value"; value: Value; ready: boolean; mutated: boolean }
  /** A named import of a function "nn-studio" exports. */
  | { kind: "nn"; exportName: string }
  /** `import * as nn from "nn-studio"`. */
  | { kind: "namespace" }
  /** Not static, and already reported where it was made (an unknown import, a `let`): silently unknown. */
  | { kind: "reported" }
  /** Not static, reported where it is used: `why` completes "'x' …", `hint` says what to do instead. */
  | { kind: "opaque"; why: string; hint: string };

export class Scope {
  // Made on first use: many calls (`repeat(n, () => dense(8))`) bind nothing.
  private bindings: Map<string, Binding> | undefined;

  constructor(readonly parent: Scope | null) {}

  define(name: string, binding: Binding): void {
    (this.bindings ??= new Map()).set(name, binding);
  }

  /** The binding in this scope only (for filling in a declared const). */
  own(name: string): Binding | undefined {
    return this.bindings?.get(name);
  }

  lookup(name: string): Binding | undefined {
    const binding = this.bindings?.get(name);
    return binding !== undefined ? binding : this.parent?.lookup(name);
  }

  /** Every name bound in this scope (not its parents). */
  names(): Iterable<string> {
    return this.bindings?.keys() ?? [];
  }
}
