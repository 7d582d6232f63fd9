// Loading a model's data for training (Node only): typed arrays for the trainer, the fitted
// preprocessing for the run, and clear errors that name the file, the line and the column.

export { loadDataset } from "./loadDataset";
export { DataError } from "./errors";
export type { Dataset, DataSplit, DatasetTarget, DataProgress, LoadOptions, Preprocessing, Scaler } from "./types";
export { applyScaler, fitColumnScaler, fitGlobalScaler } from "./scale";
export { readIdxFile, decodeIdx } from "./idxFile";
export { downloadFile } from "./download";
export { DOWNLOAD_BASE_URLS, defaultCacheDir, locateIdxFiles, downloadIdxFiles } from "./mnist";
export { syntheticDataset } from "./synthetic";
export { DEFAULT_DATA_SEED } from "./random";
