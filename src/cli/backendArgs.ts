// `--backend` and `--threads`, shared by `train` and `evaluate`: both start the worker, which
// picks the backend (and, on wasm, its thread count) from them.
import { isBackendChoice, type BackendChoice } from "../protocol/worker";
import type { ParsedArgs } from "./args";
import { CliError } from "./errors";

export const BACKEND_ARG_NAMES = ["backend", "threads"] as const;

export function parseBackendArgs(args: ParsedArgs, command: string): { backend?: BackendChoice; threads?: number } {
  const parsed: { backend?: BackendChoice; threads?: number } = {};
  const backend = args.values.get("backend");
  if (backend !== undefined) {
    if (!isBackendChoice(backend)) throw new CliError(`${command}: --backend must be auto, tensorflow, wasm or cpu, not '${backend}'.`);
    parsed.backend = backend;
  }
  const threads = args.values.get("threads");
  if (threads !== undefined) {
    if (!/^[1-9][0-9]*$/.test(threads)) throw new CliError(`${command}: --threads must be a positive integer (threads for the wasm backend), not '${threads}'.`);
    parsed.threads = Number(threads);
  }
  return parsed;
}
