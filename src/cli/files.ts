// Expands the CLI's file arguments: model files, folders (searched for *.nn.ts) and globs.
// Node 20 has no fs.glob, and a glob library for three patterns is not worth a dependency.

import * as fs from "fs";
import * as path from "path";
import { CliError } from "./errors";

const MODEL_SUFFIX = ".nn.ts";
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "dist", "out", ".nn-studio"]);

export function expandModelFiles(args: string[], command: string): string[] {
  if (args.length === 0) throw new CliError(`${command}: give at least one model file, folder or glob (e.g. examples/).`);
  const files: string[] = [];
  for (const arg of args) {
    if (/[*?[]/.test(arg)) {
      const matches = expandGlob(arg);
      if (matches.length === 0) throw new CliError(`${command}: no model files match ${arg}.`);
      files.push(...matches);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch {
      throw new CliError(`${command}: no such file or folder: ${arg}`);
    }
    if (stat.isDirectory()) {
      const found = walk(arg).filter((file) => file.endsWith(MODEL_SUFFIX));
      if (found.length === 0) throw new CliError(`${command}: no ${MODEL_SUFFIX} model files in ${arg}`);
      files.push(...found);
    } else {
      files.push(arg);
    }
  }
  return [...new Set(files)];
}

function walk(folder: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith(".")) out.push(...walk(full));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}

/** `*` within a name, `**` across folders, `?` one character, `[abc]` a class. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          source += "(?:.*/)?";
        } else source += ".*";
      } else source += "[^/]*";
    } else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i);
      if (close === -1) source += "\\[";
      else {
        source += glob.slice(i, close + 1);
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function expandGlob(glob: string): string[] {
  const normalized = glob.split(path.sep).join("/");
  const parts = normalized.split("/");
  const firstMagic = parts.findIndex((part) => /[*?[]/.test(part));
  const base = parts.slice(0, firstMagic).join("/") || ".";
  if (!fs.existsSync(base)) return [];
  const pattern = globToRegExp(normalized.startsWith("./") ? normalized.slice(2) : normalized);
  return walk(base)
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => pattern.test(file.startsWith("./") ? file.slice(2) : file));
}
