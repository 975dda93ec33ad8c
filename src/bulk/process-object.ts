/**
 * Sanitizing one bulk object with one rule set (bulk-and-cli spec 4-7, 10.6): rule selection for
 * multi-file rules, the validation pass over the first records before any output is opened, then the
 * full streaming pass (decompress, decode, sanitize, encode, compress).
 *
 * The reference validates by re-running the sanitizer on the first 5 non-blank *lines*, which breaks
 * multi-line JSON arrays and CSV values spanning lines (spec 7). We sample the first 5 *records*
 * instead, with the real parser, so such files validate; errors surface in the same pass otherwise.
 */
import { pipeline, Readable } from "node:stream";
import { createGzip, gunzipSync, gzipSync } from "node:zlib";
import { selectFileRules } from "../core/rules/bulk-select.js";
import type { AnyRules, ColumnarRules, RecordRules } from "../core/rules/model.js";
import { ColumnarSanitizer, streamColumnar } from "./columnar/columnar-sanitizer.js";
import {
  effectiveContentType,
  isParquetObject,
  type RecordFormat,
  resolveRecordFormat,
} from "./content-type.js";
import { asBulkError, BulkError } from "./errors.js";
import { type ByteSource, decodeUtf8, hasGzipMagic, readBytes } from "./input.js";
import { RecordSanitizer, streamRecords } from "./record/record-sanitizer.js";
import type { SanitizeContext } from "./types.js";

export type BulkRules = ColumnarRules | RecordRules;

export interface ObjectRequest {
  /** source object key (or file name): selects multi-file rules and infers formats */
  key: string;
  /** source Content-Type, if any */
  contentType?: string | null;
  /** gunzip the input (when it starts with the gzip magic bytes) */
  decompressInput: boolean;
  /** gzip the output */
  compressOutput: boolean;
}

export interface ProcessOptions extends Omit<SanitizeContext, "recordLimit" | "file"> {
  /** BULK_OUTPUT_FORMAT (RecordRules only) */
  bulkOutputFormat?: RecordFormat;
  /** staging directory for Parquet */
  tmpDir?: string;
  /** records sampled by the validation pass; default 5 */
  validationRecords?: number;
  /** name used in messages (default: the request key) */
  file?: string;
}

export const VALIDATION_RECORDS = 5;

/**
 * The rules that apply to `key`: the rules themselves for columnar / record rules, the first matching
 * template's for multi-file rules, or null when no template matches. API rules are rejected.
 */
export function selectBulkRules(rules: AnyRules, key: string): BulkRules | null {
  switch (rules.kind) {
    case "columnar":
    case "record":
      return rules;
    case "multi":
      try {
        return selectFileRules(rules, key);
      } catch (e) {
        throw new BulkError("RULES_INVALID", (e as Error).message, {}, { cause: e });
      }
    default:
      throw new BulkError(
        "RULES_INVALID",
        "Configured RuleSet are not BulkDataRules: these are API rules (endpoints); bulk mode needs columnar, record or fileRules rules",
      );
  }
}

function contextFor(request: ObjectRequest, options: ProcessOptions, recordLimit?: number): SanitizeContext {
  return {
    pseudonymizer: options.pseudonymizer,
    shuffle: options.shuffle,
    onWarning: options.onWarning,
    onProgress: recordLimit === undefined ? options.onProgress : undefined,
    recordLimit,
    file: options.file ?? request.key,
  };
}

function recordFormats(rules: RecordRules, request: ObjectRequest, options: ProcessOptions) {
  const ct = effectiveContentType(request.contentType, request.key);
  const warn = (message: string) =>
    options.onWarning?.({ code: "AUTO_FORMAT", message, file: options.file ?? request.key });
  const inputFormat = resolveRecordFormat(rules.format, ct, request.key, warn);
  return { inputFormat, outputFormat: options.bulkOutputFormat ?? inputFormat };
}

/** Sanitizer output (text or Parquet bytes) of the decompressed input. */
async function* sanitizedChunks(
  rules: BulkRules,
  request: ObjectRequest,
  source: ByteSource,
  options: ProcessOptions,
  recordLimit?: number,
): AsyncGenerator<string | Uint8Array> {
  const file = options.file ?? request.key;
  const ctx = contextFor(request, options, recordLimit);
  const bytes = readBytes(source, {
    decompress: request.decompressInput,
    file,
    onWarning: (message) => options.onWarning?.({ code: "NOT_GZIP", message, file }),
  });
  try {
    if (rules.kind === "columnar") {
      yield* streamColumnar(rules, decodeUtf8(bytes), ctx);
    } else {
      yield* streamRecords(rules, bytes, {
        ...ctx,
        ...recordFormats(rules, request, options),
        tmpDir: options.tmpDir,
      });
    }
  } catch (e) {
    throw asBulkError(e, file);
  }
}

/**
 * Validation pass: runs the sanitizer over the first records of a fresh read of the object and
 * throws (naming the file and position) if they cannot be processed. Skipped for Parquet.
 */
export async function validateObject(
  rules: BulkRules,
  request: ObjectRequest,
  open: () => ByteSource | Promise<ByteSource>,
  options: ProcessOptions,
): Promise<void> {
  if (isParquetObject(request.key, effectiveContentType(request.contentType, request.key))) return;
  const n = options.validationRecords ?? VALIDATION_RECORDS;
  if (n <= 0) return;
  const source = await open();
  // reading stops (and the source is closed) once the sample is processed
  for await (const _ of sanitizedChunks(rules, request, source, options, n)) {
    // output discarded
  }
}

async function* asBuffers(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending = "";
  for await (const c of chunks) {
    if (typeof c === "string") {
      pending += c;
      if (pending.length >= 64 * 1024) {
        yield Buffer.from(pending, "utf8");
        pending = "";
      }
    } else {
      if (pending.length > 0) {
        yield Buffer.from(pending, "utf8");
        pending = "";
      }
      yield c;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending, "utf8");
}

/**
 * The full pass: a byte stream of the sanitized (and, if requested, gzipped) object. Errors surface as
 * stream errors (BulkError naming the file); the caller decides what happens to partial output.
 */
export function sanitizedStream(
  rules: BulkRules,
  request: ObjectRequest,
  source: ByteSource,
  options: ProcessOptions,
): Readable {
  const body = Readable.from(asBuffers(sanitizedChunks(rules, request, source, options)), {
    objectMode: false,
  });
  if (!request.compressOutput) return body;
  const gzip = createGzip({ chunkSize: 64 * 1024 });
  pipeline(body, gzip, () => {});
  return gzip;
}

/**
 * Whole-buffer form of validate + sanitize, synchronous (the test-manifest runner and small inputs).
 * Parquet needs the streaming pipeline.
 */
export function sanitizeBuffer(
  rules: BulkRules,
  request: ObjectRequest,
  input: Uint8Array,
  options: ProcessOptions,
): Buffer {
  const file = options.file ?? request.key;
  try {
    let bytes = input;
    if (request.decompressInput) {
      if (hasGzipMagic(bytes)) bytes = gunzipSync(bytes);
      else
        options.onWarning?.({
          code: "NOT_GZIP",
          message:
            "object is marked as gzip-compressed but does not start with the gzip magic bytes; reading it as is",
          file,
        });
    }
    const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
    const run = (limit: number | undefined): string => {
      const ctx = contextFor(request, options, limit);
      if (rules.kind === "columnar") {
        const s = new ColumnarSanitizer(rules, ctx);
        return s.write(text) + s.end();
      }
      const formats = recordFormats(rules, request, options);
      if (formats.inputFormat === "PARQUET" || formats.outputFormat === "PARQUET") {
        throw new BulkError("PARQUET", "Parquet files need the streaming pipeline (sanitizedStream)");
      }
      const s = new RecordSanitizer(rules, { ...ctx, ...formats });
      return s.write(text) + s.end();
    };
    const sample = options.validationRecords ?? VALIDATION_RECORDS;
    if (sample > 0) run(sample);
    const out = Buffer.from(run(undefined), "utf8");
    return request.compressOutput ? gzipSync(out) : out;
  } catch (e) {
    throw asBulkError(
      e,
      file,
      e instanceof Error && /incorrect header|unexpected end/.test(e.message) ? "GZIP" : undefined,
    );
  }
}
