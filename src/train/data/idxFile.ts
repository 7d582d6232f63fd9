// Reading a whole IDX file, plain or gzipped, with the header checks the analyser uses. Every
// error names the file and says what is wrong with it: a truncated download, a text file with
// the wrong name, a labels file given as images.

import * as fs from "fs";
import * as zlib from "zlib";
import { parseIdxHeader } from "../../core/data";
import type { IdxHeader } from "../../core/data";
import { DataError, reason } from "./errors";

export interface IdxArray {
  header: IdxHeader;
  /** The values, decoded from big-endian into numbers of the file's type. */
  values: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The file's bytes, decompressed when it is gzipped (by content, whatever its name). */
export function readMaybeGzip(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new DataError(`cannot read ${file}: ${reason(error)}`, { file });
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw new DataError(`${file} is not a complete gzip file (${reason(error)}); it may be a truncated download. Delete it and try again.`, { file });
  }
}

/** Decodes a whole IDX file's bytes; `file` names it in errors. */
export function decodeIdx(bytes: Uint8Array, file: string): IdxArray {
  const parsed = parseIdxHeader(bytes);
  if ("error" in parsed) throw new DataError(`${file} is not an IDX file: ${parsed.error}.`, { file });
  const { header } = parsed;
  if (bytes.length !== header.expectedBytes) {
    const problem = bytes.length < header.expectedBytes ? "it is truncated" : "it has extra bytes at the end";
    throw new DataError(
      `${file}: its header declares [${header.dims.join(", ")}] ${header.type} values, ${header.expectedBytes.toLocaleString("en-US")} bytes in all, but the file has ${bytes.length.toLocaleString("en-US")}: ${problem}.`,
      { file },
    );
  }
  const count = header.dims.reduce((a, b) => a * b, 1);
  const start = bytes.byteOffset + header.headerBytes;
  if (header.type === "uint8") return { header, values: new Uint8Array(bytes.buffer, start, count) };
  if (header.type === "int8") return { header, values: new Int8Array(bytes.buffer.slice(start, start + count)) };
  // Wider types are big-endian in the file; read them one by one through a DataView.
  const view = new DataView(bytes.buffer, start, count * header.elementBytes);
  switch (header.type) {
    case "int16":
      return { header, values: Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i)) };
    case "int32":
      return { header, values: Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i)) };
    case "float32":
      return { header, values: Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i)) };
    case "float64":
      return { header, values: Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i)) };
  }
}

export function readIdxFile(file: string): IdxArray {
  return decodeIdx(readMaybeGzip(file), file);
}
