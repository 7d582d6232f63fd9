// The IDX file format (the format of MNIST and Fashion-MNIST): a 4-byte magic number — two zero
// bytes, a type byte and the number of dimensions — then one big-endian uint32 per dimension,
// then the values, big-endian, row-major. The analyser reads only this header (a few bytes) and
// the trainer reads the whole file; both decode the header here so they agree on every size.

export type IdxType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The type byte of each IDX element type and its size in bytes. */
export const IDX_TYPES: ReadonlyMap<number, { type: IdxType; bytes: number }> = new Map([
  [0x08, { type: "uint8", bytes: 1 }],
  [0x09, { type: "int8", bytes: 1 }],
  [0x0b, { type: "int16", bytes: 2 }],
  [0x0c, { type: "int32", bytes: 4 }],
  [0x0d, { type: "float32", bytes: 4 }],
  [0x0e, { type: "float64", bytes: 8 }],
]);

export interface IdxHeader {
  type: IdxType;
  /** Bytes per element. */
  elementBytes: number;
  /** All dimensions, the example count first. */
  dims: number[];
  /** Where the values begin: 4 + 4 · dims.length. */
  headerBytes: number;
  /** The file's length in bytes when it is complete. */
  expectedBytes: number;
}

/** The most dimensions an IDX header may declare (the type byte allows 255; real files use 1–4). */
export const MAX_IDX_DIMS = 8;

/** Enough bytes to hold any header this module accepts. */
export const IDX_HEADER_MAX_BYTES = 4 + 4 * MAX_IDX_DIMS;

/**
 * Decodes the header at the start of `bytes` (which may hold only the first few bytes of the
 * file), or says in words why it is not an IDX header.
 */
export function parseIdxHeader(bytes: Uint8Array): { header: IdxHeader } | { error: string } {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return { error: "it is gzip-compressed, not a plain IDX file" };
  }
  if (bytes.length < 4) return { error: `it has ${bytes.length} bytes, fewer than the 4-byte IDX magic number` };
  const magic = hex(bytes, 0, 4);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return { error: `its magic number 0x${magic} is not an IDX magic number (0x0000TTNN: two zero bytes, the type, the dimension count)` };
  }
  const element = IDX_TYPES.get(bytes[2]);
  if (element === undefined) {
    return { error: `its magic number 0x${magic} names the unknown IDX type 0x${hex(bytes, 2, 3)} (expected 08 ubyte, 09, 0B, 0C, 0D or 0E)` };
  }
  const rank = bytes[3];
  if (rank === 0 || rank > MAX_IDX_DIMS) {
    return { error: `its magic number 0x${magic} declares ${rank} dimensions (expected 1 to ${MAX_IDX_DIMS})` };
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    return { error: `it ends after ${bytes.length} bytes, inside its ${headerBytes}-byte header` };
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const offset = 4 + 4 * i;
    // Big-endian uint32; `>>> 0` keeps values ≥ 2^31 positive.
    const dim = ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
    dims.push(dim);
    count *= dim;
  }
  return {
    header: {
      type: element.type,
      elementBytes: element.bytes,
      dims,
      headerBytes,
      expectedBytes: headerBytes + count * element.bytes,
    },
  };
}

/**
 * The shape of one example of an IDX images file with dimensions `dims` (the count first):
 * `[n, h, w]` is a grey image `[h, w, 1]` (channels last, as the model's input), `[n, h, w, c]`
 * keeps its channels, `[n, d]` is a vector `[d]`, and `[n]` is one number per example.
 */
export function idxExampleShape(dims: readonly number[]): number[] {
  const rest = dims.slice(1);
  if (rest.length === 0) return [1];
  if (rest.length === 2) return [rest[0], rest[1], 1];
  return rest;
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  let text = "";
  for (let i = from; i < to; i++) text += bytes[i].toString(16).padStart(2, "0").toUpperCase();
  return text;
}

// ---------------------------------------------------------------------------------------------
// MNIST and Fashion-MNIST: the same four file names, in a folder per data set.

export type IdxDataset = "mnist" | "fashionMnist";

export interface IdxFileSet {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** The standard file names, as published (the downloads add ".gz"). */
export const MNIST_FILES: IdxFileSet = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

/**
 * The names a file may have in a folder the user points at: as published, gzipped as
 * downloaded, or with the dot that some mirrors use ("train-images.idx3-ubyte").
 */
export function idxFileCandidates(name: string): string[] {
  const dotted = name.replace(/-(idx\d-ubyte)$/, ".$1");
  return [name, `${name}.gz`, dotted, `${dotted}.gz`];
}

/** The folder of each data set under a data path or the download cache. */
export const IDX_DATASET_FOLDER: Record<IdxDataset, string> = {
  mnist: "mnist",
  fashionMnist: "fashion-mnist",
};

export const MNIST_LABELS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Fashion-MNIST's class names, in label order (Zalando Research's README). */
export const FASHION_MNIST_LABELS = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

export const MNIST_TRAIN_COUNT = 60000;
export const MNIST_TEST_COUNT = 10000;
