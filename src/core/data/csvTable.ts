// Parsing a CSV file's text into a header and rows, remembering the line each row starts on so
// that every later error can name it. Parsing the 10,000-row churn file takes ~150 ms, and the
// editor re-analyses on every keystroke, so the last few parses are kept: the same text (and
// delimiter) gives back the same table without parsing again.

import { parse } from "csv-parse/sync";

export interface CsvTable {
  /** The header's column names, trimmed. */
  header: string[];
  /** The data rows, each with `header.length` trimmed cells. */
  rows: string[][];
  /** The 1-based line of the CSV text on which each row begins. */
  lines: number[];
}

export interface CsvSyntaxError {
  message: string;
  /** The 1-based line where the parser stopped, or null when the file has no line at fault. */
  line: number | null;
}

export type CsvTableResult = { table: CsvTable } | { error: CsvSyntaxError };

/** How many distinct texts the cache keeps; a workspace rarely trains on more CSV files at once. */
const CACHE_SIZE = 4;

interface CacheEntry {
  text: string;
  delimiter: string;
  result: CsvTableResult;
  /** Per-text memo for callers that derive something from the table (the column plans). */
  derived: Map<string, unknown>;
}

// Most recently used first.
const cache: CacheEntry[] = [];

function entryFor(text: string, delimiter: string): CacheEntry {
  const index = cache.findIndex((e) => e.delimiter === delimiter && e.text === text);
  if (index >= 0) {
    const [entry] = cache.splice(index, 1);
    cache.unshift(entry);
    return entry;
  }
  const entry: CacheEntry = { text, delimiter, result: parseTable(text, delimiter), derived: new Map() };
  cache.unshift(entry);
  if (cache.length > CACHE_SIZE) cache.pop();
  return entry;
}

/** The table of `text`, parsed once per distinct text and delimiter. */
export function csvTable(text: string, delimiter: string): CsvTableResult {
  return entryFor(text, delimiter).result;
}

/**
 * A value derived from the table of `text`, computed once per `key` for as long as the text
 * stays cached: the analyser asks for the same column plan on every keystroke.
 */
export function memoizedForText<T>(text: string, delimiter: string, key: string, compute: (table: CsvTableResult) => T): T {
  const entry = entryFor(text, delimiter);
  if (entry.derived.has(key)) return entry.derived.get(key) as T;
  const value = compute(entry.result);
  entry.derived.set(key, value);
  return value;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function parseTable(text: string, delimiter: string): CsvTableResult {
  let records: ParsedRecord[];
  try {
    const parsed: unknown = parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    });
    records = parsed as ParsedRecord[];
  } catch (error) {
    return { error: syntaxError(error) };
  }
  if (records.length === 0) return { error: { message: "it is empty: a header row with the column names is expected", line: null } };
  const [first, ...rest] = records;
  const rows: string[][] = new Array<string[]>(rest.length);
  const lines: number[] = new Array<number>(rest.length);
  for (let i = 0; i < rest.length; i++) {
    rows[i] = rest[i].record;
    lines[i] = startLine(rest[i]);
  }
  return { table: { header: first.record, rows, lines } };
}

/**
 * The parser reports the line on which a record ends; a quoted cell may span lines, so the
 * record began as many lines earlier as its cells hold line breaks.
 */
function startLine(parsed: ParsedRecord): number {
  let breaks = 0;
  for (const cell of parsed.record) {
    for (let i = cell.indexOf("\n"); i >= 0; i = cell.indexOf("\n", i + 1)) breaks++;
  }
  return parsed.info.lines - breaks;
}

function syntaxError(error: unknown): CsvSyntaxError {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const lines = "lines" in error && typeof error.lines === "number" ? error.lines : null;
    // csv-parse's messages end with " on line N" or "at line N"; the line is given separately.
    const message = error.message.replace(/\s+(on|at) line \d+/, "");
    return { message: `it is not valid CSV: ${message}`, line: lines };
  }
  return { message: `it is not valid CSV: ${String(error)}`, line: null };
}
