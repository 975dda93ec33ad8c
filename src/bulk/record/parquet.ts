/**
 * Parquet records (bulk-and-cli spec 10.3, 10.5, 14). Parquet needs random access (the footer is at
 * the end), so, as in the reference, input and output are staged in local temp files; rows are read
 * one row group at a time and written in row groups, so memory stays bounded.
 *
 * Library: hyparquet (reader) and hyparquet-writer (writer), pure JS, no native code.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import { JsonDouble, type JsonObject, type JsonValue } from "../../core/json/types.js";
import { BulkError } from "../errors.js";
import type { ByteSource } from "../input.js";
import { javaToStringValue } from "./java-to-string.js";

/** One record read from a file, with the line it starts on (0 when unknown). */
export interface SourceRecord {
  doc: JsonObject;
  line: number;
}

/** A path for a staging file in the system temp directory (Lambda: /tmp). */
export function stagingPath(tmpDir?: string, suffix = ""): string {
  return join(tmpDir ?? tmpdir(), `psoxy-${randomUUID()}${suffix}`);
}

async function stage(bytes: ByteSource, path: string): Promise<void> {
  await pipeline(Readable.from(bytes, { objectMode: false }), createWriteStream(path, { mode: 0o600 }));
}

function fromParquet(v: unknown, double: boolean): JsonValue | undefined {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return double || !Number.isInteger(v) ? new JsonDouble(v) : v;
    case "bigint":
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("utf8");
  if (Array.isArray(v)) return v.map((x) => fromParquet(x, false) ?? null);
  if (typeof v === "object") {
    const m: JsonObject = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const c = fromParquet(x, false);
      if (c !== undefined) m.set(k, c);
    }
    return m;
  }
  return String(v);
}

/** Rows of a Parquet object as maps of top-level column -> value (null values left out). */
export async function* readParquetRecords(
  bytes: ByteSource,
  tmpDir?: string,
): AsyncGenerator<SourceRecord[]> {
  const path = stagingPath(tmpDir, ".parquet");
  try {
    await stage(bytes, path);
    let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      file = await asyncBufferFromFile(path);
      metadata = await parquetMetadataAsync(file);
    } catch (e) {
      throw new BulkError(
        "PARQUET",
        `not a readable Parquet file (${(e as Error).message})`,
        {},
        { cause: e },
      );
    }
    const doubles = new Set(
      metadata.schema
        .slice(1)
        .filter((s) => s.type === "DOUBLE" || s.type === "FLOAT")
        .map((s) => s.name),
    );
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
      const batch: SourceRecord[] = rows.map((row) => {
        const doc: JsonObject = new Map();
        for (const [k, v] of Object.entries(row)) {
          const c = fromParquet(v, doubles.has(k));
          if (c !== undefined) doc.set(k, c);
        }
        return { doc, line: 0 };
      });
      rowStart = rowEnd;
      if (batch.length > 0) yield batch;
    }
  } finally {
    await rm(path, { force: true });
  }
}

type ColumnType = "INT32" | "INT64" | "DOUBLE" | "BOOLEAN" | "STRING";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function typeOf(v: JsonValue): ColumnType {
  if (typeof v === "boolean") return "BOOLEAN";
  if (v instanceof JsonDouble) return "DOUBLE";
  if (typeof v === "number") return v >= INT_MIN && v <= INT_MAX ? "INT32" : "INT64";
  if (typeof v === "bigint") return v >= LONG_MIN && v <= LONG_MAX ? "INT64" : "STRING";
  return "STRING";
}

const ROW_GROUP = 50_000;

/**
 * Writes records to a staged Parquet file; the schema comes from the first record (Integer -> INT32,
 * Long -> INT64, Double -> DOUBLE, Boolean -> BOOLEAN, anything else -> UTF-8 string; every field
 * optional). `finish` returns the staged file's bytes as a stream and removes it afterwards.
 */
export class ParquetRecordWriter {
  private readonly path: string;
  private columns: Array<{ name: string; type: ColumnType; data: unknown[] }> | null = null;
  private writer: ParquetWriter | null = null;
  private rows = 0;
  private recordNo = 0;

  constructor(tmpDir?: string) {
    this.path = stagingPath(tmpDir, ".parquet");
  }

  async write(doc: JsonObject): Promise<void> {
    this.recordNo++;
    if (this.columns === null) {
      this.columns = [...doc.entries()].map(([name, v]) => ({ name, type: typeOf(v), data: [] }));
      this.writer = new ParquetWriter({
        writer: fileWriter(this.path),
        schema: [
          { name: "root", num_children: this.columns.length },
          ...this.columns.map((c) =>
            c.type === "STRING"
              ? {
                  name: c.name,
                  type: "BYTE_ARRAY" as const,
                  converted_type: "UTF8" as const,
                  repetition_type: "OPTIONAL" as const,
                }
              : { name: c.name, type: c.type, repetition_type: "OPTIONAL" as const },
          ),
        ],
      });
    }
    for (const c of this.columns) {
      const v = doc.get(c.name);
      c.data.push(v === undefined || v === null ? null : this.convert(c.name, c.type, v));
    }
    this.rows++;
    if (this.rows >= ROW_GROUP) await this.flushGroup();
  }

  private convert(name: string, type: ColumnType, v: JsonValue): unknown {
    const bad = (): never => {
      throw new BulkError(
        "UNSUPPORTED_VALUE",
        `Parquet column "${name}" is ${type} (inferred from the first record) but this record holds a ${typeOfName(v)}`,
        { record: this.recordNo },
      );
    };
    switch (type) {
      case "STRING":
        return javaToStringValue(v);
      case "BOOLEAN":
        return typeof v === "boolean" ? v : bad();
      case "DOUBLE":
        return v instanceof JsonDouble ? v.value : typeof v === "number" ? v : bad();
      case "INT32":
        return typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? v : bad();
      case "INT64":
        if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
        if (typeof v === "bigint" && v >= LONG_MIN && v <= LONG_MAX) return v;
        return bad();
    }
  }

  private async flushGroup(): Promise<void> {
    if (!this.writer || !this.columns || this.rows === 0) return;
    await this.writer.write({
      columnData: this.columns.map((c) => ({ name: c.name, data: c.data as never })),
      rowGroupSize: this.rows,
    });
    for (const c of this.columns) c.data = [];
    this.rows = 0;
  }

  /** Completes the file; yields its bytes; the staged file is removed when the stream ends. */
  async *finish(): AsyncGenerator<Uint8Array> {
    try {
      if (!this.writer) {
        throw new BulkError("UNSUPPORTED_VALUE", "a Parquet output needs at least one record");
      }
      await this.flushGroup();
      await this.writer.finish();
      for await (const chunk of createReadStream(this.path, { highWaterMark: 1024 * 1024 })) {
        yield chunk as Buffer;
      }
    } finally {
      await this.discard();
    }
  }

  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

function typeOfName(v: JsonValue): string {
  if (v === null) return "null";
  if (v instanceof JsonDouble) return "decimal number";
  if (v instanceof Map) return "object";
  if (Array.isArray(v)) return "array";
  return typeof v === "bigint" ? "number" : typeof v;
}
