// A small, strict argument parser: `--flag`, `--name value`, `--name=value` and positionals.
// Unknown flags are errors, so a typo never silently changes what a command does.

import { CliError } from "./errors";
import { didYouMean } from "../core/suggest";

export interface ArgSpec {
  /** Flags that take no value. */
  booleans?: string[];
  /** Options that take a value. */
  values?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

export function parseArgs(argv: string[], spec: ArgSpec, command: string): ParsedArgs {
  const booleans = spec.booleans ?? [];
  const values = spec.values ?? [];
  const result: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      result.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.includes(name) && eq === -1) {
      result.flags.add(name);
    } else if (values.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new CliError(`${command}: --${name} needs a value.`);
      result.values.set(name, value);
    } else {
      const known = [...booleans, ...values].map((n) => `--${n}`);
      throw new CliError(`${command}: unknown option --${name}.${didYouMean(`--${name}`, known)}`);
    }
  }
  return result;
}
