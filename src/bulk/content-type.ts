/**
 * Content types and formats of bulk objects (bulk-and-cli spec 6.1, 6.3, 10.2): is the source
 * compressed, what type does its key suggest, which type is written on the output, and which record
 * format `AUTO` resolves to.
 */
import { isBlank } from "../core/java/strings.js";
import type { RecordRules } from "../core/rules/model.js";

export type RecordFormat = Exclude<RecordRules["format"], "AUTO">;

export const CONTENT_ENCODING_GZIP = "gzip";

/** Upload tools send this for any file; it says nothing about the content. */
const GENERIC_UPLOAD_TYPES = new Set(["application/x-www-form-urlencoded"]);

export const BULK_CONTENT_TYPES = [
  "text/csv",
  "application/csv",
  "application/json",
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/jsonlines",
  "application/x-jsonlines",
  "application/vnd.apache.parquet",
] as const;

/** Compressed when Content-Encoding is exactly `gzip` or the key ends with `.gz` (case-sensitive). */
export function isSourceCompressed(contentEncoding: string | null | undefined, key: string): boolean {
  return contentEncoding === CONTENT_ENCODING_GZIP || key.endsWith(".gz");
}

function extensionOf(key: string): string {
  let k = key.toLowerCase();
  if (k.endsWith(".gz")) k = k.slice(0, -3);
  const slash = k.lastIndexOf("/");
  const dot = k.lastIndexOf(".");
  return dot > slash ? k.slice(dot) : "";
}

/** Type from the key's extension (after dropping `.gz`), or null. */
export function inferContentType(key: string): string | null {
  switch (extensionOf(key)) {
    case ".ndjson":
    case ".jsonl":
      return "application/x-ndjson";
    case ".csv":
      return "text/csv; charset=utf-8";
    case ".json":
      return "application/json";
    case ".parquet":
      return "application/vnd.apache.parquet";
    default:
      return null;
  }
}

function baseType(contentType: string): string {
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The type written on the output object, also what `AUTO` reads (spec 6.3). */
export function effectiveContentType(source: string | null | undefined, key: string): string | null {
  if (source === null || source === undefined || isBlank(source)) return inferContentType(key);
  if (GENERIC_UPLOAD_TYPES.has(baseType(source))) return inferContentType(key) ?? source;
  return source;
}

/** Parquet objects skip the validation pass and are staged on disk. */
export function isParquetObject(key: string, contentType: string | null | undefined): boolean {
  return key.toLowerCase().endsWith(".parquet") || (contentType ?? "").toLowerCase().includes("parquet");
}

/** `format: AUTO` resolution (spec 10.2); `contentType` is the effective type. */
export function resolveAutoFormat(
  contentType: string | null | undefined,
  key: string,
  warn?: (message: string) => void,
): RecordFormat {
  const ct = (contentType ?? "").toLowerCase();
  if (ct.includes("parquet")) return "PARQUET";
  if (ct.includes("text/csv") || ct.includes("application/csv")) return "CSV";
  if (ct.includes("ndjson") || ct.includes("jsonl")) return "NDJSON";
  switch (extensionOf(key)) {
    case ".parquet":
      return "PARQUET";
    case ".csv":
      return "CSV";
    case ".json":
      return "JSON_ARRAY";
    case ".ndjson":
    case ".jsonl":
      return "NDJSON";
  }
  if (ct.includes("application/json")) return "JSON_ARRAY";
  if (ct === "")
    warn?.("Content-Type is missing and the key has no known extension; reading the object as NDJSON");
  return "NDJSON";
}

export function resolveRecordFormat(
  format: RecordRules["format"],
  contentType: string | null | undefined,
  key: string,
  warn?: (message: string) => void,
): RecordFormat {
  return format === "AUTO" ? resolveAutoFormat(contentType, key, warn) : format;
}

const FORMATS: readonly RecordFormat[] = ["NDJSON", "CSV", "JSON_ARRAY", "PARQUET"];

/** BULK_OUTPUT_FORMAT (case-insensitive); blank = unset. Throws for an unknown value. */
export function parseBulkOutputFormat(value: string | null | undefined): RecordFormat | undefined {
  if (value === null || value === undefined || isBlank(value)) return undefined;
  const v = value.trim().toUpperCase() as RecordFormat;
  if (!FORMATS.includes(v)) {
    throw new Error(`BULK_OUTPUT_FORMAT must be one of ${FORMATS.join(", ")}; found "${value}"`);
  }
  return v;
}
