export {
  type BulkInstanceOptions,
  createBulkInstance,
  readBulkRules,
  readBulkSettings,
} from "./bulk-instance.js";
export { ColumnarSanitizer, streamColumnar } from "./columnar/columnar-sanitizer.js";
export { type BulkCaseObject, type BulkCaseResult, runBulkCase, stubPseudonymizer } from "./conformance.js";
export {
  effectiveContentType,
  inferContentType,
  isSourceCompressed,
  parseBulkOutputFormat,
  type RecordFormat,
  resolveAutoFormat,
} from "./content-type.js";
export { type CsvParseOptions, CsvParser } from "./csv/csv-parser.js";
export { csvField, csvLine, csvRecord } from "./csv/csv-writer.js";
export { BulkError, type BulkErrorCode } from "./errors.js";
export { decodeUtf8, readBytes, readText } from "./input.js";
export {
  type BulkSettings,
  buildRequest,
  buildTransforms,
  hasBeenSanitized,
  METADATA_KEYS,
  type ObjectTransform,
  outputMetadata,
  parseAdditionalTransforms,
} from "./object-transforms.js";
export {
  type BulkRules,
  type ObjectRequest,
  type ProcessOptions,
  sanitizeBuffer,
  sanitizedStream,
  selectBulkRules,
  validateObject,
} from "./process-object.js";
export { RecordSanitizer, streamRecords } from "./record/record-sanitizer.js";
export {
  type BulkInstance,
  type BulkLogger,
  handleStorageObject,
  type TransformOutcome,
} from "./storage-handler.js";
export type {
  BulkPseudonymizer,
  BulkWarning,
  SanitizeContext,
  ShuffleMode,
  ShuffleOptions,
} from "./types.js";
