// The data side of the core (DSL.md §5): what each data function yields, the option checks, the
// CSV column plan and the IDX header format, shared by the analyser and the trainer.

export { dataFacts, DATA_OPTIONS, SYNTHETIC_TEST_FRACTION, MAX_SYNTHETIC_POINTS, MAX_SPIRAL_CLASSES, IDX_SCALES, syntheticTestCount } from "./facts";
export type { DataContext, IdxScale } from "./facts";
export { planCsv, encodeCsv, targetWidth, labelKey, isNumericCell, SCALE_KINDS, DEFAULT_SCALE, DEFAULT_TEST_SPLIT, DEFAULT_DELIMITER, MAX_INTEGER_CLASSES } from "./csvPlan";
export type { CsvOptions, CsvPlan, CsvPlanError, CsvPlanResult, CsvColumnPlan, CsvTargetPlan, CsvEncoded, CategoricalEncoding, ScaleKind, CsvOption } from "./csvPlan";
export { csvTable } from "./csvTable";
export type { CsvTable, CsvSyntaxError } from "./csvTable";
export {
  parseIdxHeader,
  idxExampleShape,
  idxFileCandidates,
  IDX_TYPES,
  IDX_HEADER_MAX_BYTES,
  IDX_DATASET_FOLDER,
  MNIST_FILES,
  MNIST_LABELS,
  FASHION_MNIST_LABELS,
  MNIST_TRAIN_COUNT,
  MNIST_TEST_COUNT,
} from "./idx";
export type { IdxHeader, IdxType, IdxDataset, IdxFileSet } from "./idx";
export { plainValue, NOT_DATA, OptionReader } from "./options";
export type { Plain, Read } from "./options";
export { dataCall } from "./call";
