// Saving and loading TensorFlow.js models as files, in the layout `tf.loadLayersModel` expects
// (`model.json` naming its weight files, plus the binary weights). tfjs-node ships such a handler
// for `file://` URLs, but it is optional and cannot be installed everywhere, so this one serves
// every backend. It is registered as the `file://` router only where tfjs-node's is absent.

import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import type { io } from "@tensorflow/tfjs";
import type { TF } from "./backend";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/** An IO handler that writes `model.json` + `weights.bin` into `dir`, or reads them back. */
export function fileSystemIO(dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error("saving a binary model topology (a frozen graph) is not supported; only layers models are");
      }
      fs.mkdirSync(dir, { recursive: true });
      const weights = joinWeights(artifacts.weightData);
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      writeFileAtomic(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: JSON.stringify(modelJson.modelTopology).length,
          weightSpecsBytes: JSON.stringify(modelJson.weightsManifest).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load(): Promise<io.ModelArtifacts> {
      const file = path.join(dir, MODEL_JSON);
      let modelJson: io.ModelJSON;
      try {
        modelJson = JSON.parse(fs.readFileSync(file, "utf8")) as io.ModelJSON;
      } catch (error) {
        throw new Error(`cannot read the saved model ${file}: ${(error as Error).message}`);
      }
      const weightSpecs: io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of modelJson.weightsManifest ?? []) {
        weightSpecs.push(...group.weights);
        for (const relative of group.paths) buffers.push(fs.readFileSync(path.resolve(dir, relative)));
      }
      const artifacts: io.ModelArtifacts = {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        weightSpecs,
        weightData: concat(buffers),
      };
      if (modelJson.trainingConfig !== undefined) artifacts.trainingConfig = modelJson.trainingConfig;
      if (modelJson.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = modelJson.userDefinedMetadata;
      return artifacts;
    },
  };
}

let registered = false;

/**
 * Lets `tf.loadLayersModel("file:///…/model.json")` and `model.save("file:///…")` work on any
 * backend. Where tfjs-node is loaded, its own `file://` handler is already there and wins.
 */
export function registerFileRouter(tf: TF): void {
  if (registered) return;
  registered = true;
  // TensorFlow.js asks every router and takes the first handler; a router that does not
  // recognise the URL answers null (its type says IOHandler, but the registry expects null).
  const route = ((url: string | string[]) => {
    if (Array.isArray(url) || !url.startsWith("file://")) return null;
    const target = fileURLToPath(url);
    // A load URL names model.json; a save URL names the folder to write into.
    return fileSystemIO(path.basename(target) === MODEL_JSON ? path.dirname(target) : target);
  }) as Parameters<TF["io"]["registerLoadRouter"]>[0];
  if (tf.io.getLoadHandlers("file:///probe/model.json").length === 0) tf.io.registerLoadRouter(route);
  if (tf.io.getSaveHandlers("file:///probe").length === 0) tf.io.registerSaveRouter(route);
}

/** Writes through a temporary name and renames, so a reader never sees half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

function joinWeights(data: io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  return concat(data.map((buffer) => new Uint8Array(buffer)));
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.byteLength;
  }
  return result.buffer;
}
