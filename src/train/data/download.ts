// Downloading a data file into the cache: streamed into a temporary file next to its final
// place, checked, then renamed — a rename within one folder is atomic, so the cache never holds
// half a file under the real name, whatever fails (a 404, a dropped connection, a full disk).

import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import { Transform } from "stream";
import { pipeline } from "stream/promises";
import { DataError, reason } from "./errors";
import type { DataProgress } from "./types";

const MAX_REDIRECTS = 5;
/** A connection silent for this long is given up on. */
const IDLE_TIMEOUT_MS = 30_000;

export interface DownloadOptions {
  onProgress?: (progress: DataProgress) => void;
  /** Checks the complete temporary file before it is renamed into place; throws to reject it. */
  verify?: (tempFile: string) => void;
  /** Shown in progress and errors, e.g. "fashion-mnist/train-images-idx3-ubyte.gz". */
  what?: string;
}

/** Downloads `url` to `dest` atomically; on any failure `dest` is untouched and no temporary file is left. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  const what = options.what ?? path.basename(dest);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${Date.now()}.part`);
  try {
    const response = await get(url, MAX_REDIRECTS);
    const length = Number(response.headers["content-length"]);
    const total = Number.isFinite(length) && length >= 0 ? length : null;
    let done = 0;
    options.onProgress?.({ what: `Downloading ${what}`, done, total });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        done += chunk.length;
        options.onProgress?.({ what: `Downloading ${what}`, done, total });
        callback(null, chunk);
      },
    });
    try {
      await pipeline(response, counter, fs.createWriteStream(temp));
    } catch (error) {
      throw new DataError(`downloading ${url} failed after ${done.toLocaleString("en-US")} bytes: ${reason(error)}`, { file: dest });
    }
    if (total !== null && done !== total) {
      throw new DataError(`downloading ${url} stopped after ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} bytes: the file is truncated.`, { file: dest });
    }
    options.verify?.(temp);
    fs.renameSync(temp, dest);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function get(url: string, redirects: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    let client: typeof http | typeof https;
    try {
      client = new URL(url).protocol === "https:" ? https : http;
    } catch {
      reject(new DataError(`${url} is not a valid URL.`));
      return;
    }
    const request = client.get(url, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume();
        if (redirects === 0) {
          reject(new DataError(`downloading ${url}: too many redirects.`));
          return;
        }
        get(new URL(location, url).toString(), redirects - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new DataError(`downloading ${url}: the server answered ${status} ${response.statusMessage ?? ""}`.trimEnd() + "."));
        return;
      }
      resolve(response);
    });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => reject(new DataError(`downloading ${url} failed: ${reason(error)}`)));
  });
}
