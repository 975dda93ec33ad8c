/**
 * The record sanitizer of `RecordRules` (bulk-and-cli spec 10): read records (NDJSON, JSON array,
 * CSV, Parquet), apply the transforms, filter by `outputSchemaFilter`, write them in the output
 * format (the input's, unless BULK_OUTPUT_FORMAT says otherwise).
 *
 * `RecordSanitizer` is push-based and synchronous for text formats; `streamRecords` wraps it for
 * streams and adds Parquet, which needs random access and is staged on local disk.
 */
import { serializeJson } from "../../core/json/serialize.js";
import type { JsonObject, JsonValue } from "../../core/json/types.js";
import type { RecordRules } from "../../core/rules/model.js";
import { filterResponseBySchema } from "../../core/schema/response-schema-filter.js";
import type { RecordFormat } from "../content-type.js";
import { csvLine } from "../csv/csv-writer.js";
import { BulkError } from "../errors.js";
import { type ByteSource, decodeUtf8 } from "../input.js";
import type { SanitizeContext } from "../types.js";
import { javaToStringValue } from "./java-to-string.js";
import { ParquetRecordWriter, readParquetRecords } from "./parquet.js";
import { compileRecordTransforms, type RecordTransformer } from "./record-transforms.js";
import { CsvRecordReader, JsonArrayReader, NdjsonReader, type TextRecordReader } from "./text-readers.js";

export interface RecordSanitizeOptions extends SanitizeContext {
  /** the resolved input format (AUTO already resolved) */
  inputFormat: RecordFormat;
  /** BULK_OUTPUT_FORMAT; default = input format */
  outputFormat?: RecordFormat;
  /** staging directory for Parquet (default: the OS temp dir) */
  tmpDir?: string;
}

const PROGRESS_EVERY = 10_000;

function cell(v: JsonValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  return javaToStringValue(v);
}

function readerFor(format: RecordFormat): TextRecordReader {
  switch (format) {
    case "NDJSON":
      return new NdjsonReader();
    case "JSON_ARRAY":
      return new JsonArrayReader();
    case "CSV":
      return new CsvRecordReader();
    case "PARQUET":
      throw new BulkError("PARQUET", "Parquet input is read by the streaming pipeline, not as text");
  }
}

/** Transforms and serializes records; text output (Parquet output goes through `streamRecords`). */
export class RecordProcessor {
  private readonly transform: RecordTransformer;
  private readonly limit: number;
  private csvHeader: string[] | null = null;
  private out = "";
  private records = 0;
  full = false;

  constructor(
    private readonly rules: RecordRules,
    private readonly outFormat: RecordFormat,
    private readonly ctx: SanitizeContext,
    /** receives records instead of the text writer (Parquet output) */
    private readonly sink?: (doc: JsonObject) => void,
  ) {
    const warn = (w: { code: string; message: string }) => ctx.onWarning?.({ ...w, file: ctx.file });
    this.transform = compileRecordTransforms(rules.transforms, ctx.pseudonymizer, warn);
    this.limit = ctx.recordLimit ?? Number.POSITIVE_INFINITY;
    if (outFormat === "JSON_ARRAY") this.out = "[";
  }

  get count(): number {
    return this.records;
  }

  readonly onRecord = (source: JsonObject, line: number): void => {
    if (this.records >= this.limit) {
      this.full = true;
      return;
    }
    this.records++;
    let doc: JsonValue = this.transform(source, this.records);
    const schema = this.rules.outputSchemaFilter;
    if (schema) doc = filterResponseBySchema(doc, schema, schema);
    if (!(doc instanceof Map)) {
      throw new BulkError(
        "NOT_JSON_OBJECT",
        "a record is no longer an object after the output schema filter",
        {
          line: line || undefined,
          record: this.records,
        },
      );
    }
    if (this.sink) this.sink(doc);
    else {
      switch (this.outFormat) {
        case "NDJSON":
          this.out += `${serializeJson(doc)}\n`;
          break;
        case "JSON_ARRAY":
          this.out += this.records === 1 ? serializeJson(doc) : `,${serializeJson(doc)}`;
          break;
        case "CSV": {
          if (this.csvHeader === null) {
            this.csvHeader = [...doc.keys()];
            this.out += csvLine(this.csvHeader, "\n");
          }
          const d = doc;
          this.out += csvLine(
            this.csvHeader.map((h) => cell(d.get(h))),
            "\n",
          );
          break;
        }
        case "PARQUET":
          throw new BulkError("PARQUET", "Parquet output is written by the streaming pipeline");
      }
    }
    if (this.ctx.onProgress && this.records % PROGRESS_EVERY === 0) this.ctx.onProgress(this.records);
  };

  take(): string {
    const s = this.out;
    this.out = "";
    return s;
  }

  finish(): string {
    if (this.outFormat === "JSON_ARRAY" && !this.sink) this.out += "]";
    this.ctx.onProgress?.(this.records);
    return this.take();
  }
}

/** Text in, text out, synchronous (formats NDJSON / JSON_ARRAY / CSV on both sides). */
export class RecordSanitizer {
  private readonly reader: TextRecordReader;
  private readonly processor: RecordProcessor;

  constructor(rules: RecordRules, options: RecordSanitizeOptions) {
    this.reader = readerFor(options.inputFormat);
    this.processor = new RecordProcessor(rules, options.outputFormat ?? options.inputFormat, options);
  }

  get full(): boolean {
    return this.processor.full;
  }

  write(text: string): string {
    if (!this.processor.full) this.reader.write(text, this.processor.onRecord);
    return this.processor.take();
  }

  end(): string {
    if (!this.processor.full) this.reader.end(this.processor.onRecord);
    return this.processor.finish();
  }
}

/**
 * Stream form: the (already decompressed) bytes of one object in, output chunks out (text, or the
 * bytes of a Parquet file).
 */
export async function* streamRecords(
  rules: RecordRules,
  bytes: ByteSource,
  options: RecordSanitizeOptions,
): AsyncGenerator<string | Uint8Array> {
  const outFormat = options.outputFormat ?? options.inputFormat;
  const parquet = outFormat === "PARQUET" ? new ParquetRecordWriter(options.tmpDir) : null;
  const pending: JsonObject[] = [];
  const processor = new RecordProcessor(
    rules,
    outFormat,
    options,
    parquet ? (d) => pending.push(d) : undefined,
  );
  try {
    if (options.inputFormat === "PARQUET") {
      for await (const batch of readParquetRecords(bytes, options.tmpDir)) {
        for (const r of batch) {
          processor.onRecord(r.doc, r.line);
          if (processor.full) break;
        }
        if (parquet) for (const d of pending.splice(0)) await parquet.write(d);
        const out = processor.take();
        if (out.length > 0) yield out;
        if (processor.full) break;
      }
    } else {
      const reader = readerFor(options.inputFormat);
      for await (const text of decodeUtf8(bytes)) {
        reader.write(text, processor.onRecord);
        if (parquet) for (const d of pending.splice(0)) await parquet.write(d);
        const out = processor.take();
        if (out.length > 0) yield out;
        if (processor.full) break;
      }
      if (!processor.full) reader.end(processor.onRecord);
    }
    if (parquet) for (const d of pending.splice(0)) await parquet.write(d);
    const tail = processor.finish();
    if (tail.length > 0) yield tail;
    if (parquet) yield* parquet.finish();
  } finally {
    await parquet?.discard();
  }
}
