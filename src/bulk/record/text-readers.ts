/**
 * Record readers for text formats (bulk-and-cli spec 10.3): NDJSON (one object per non-blank line),
 * JSON_ARRAY (elements of one top-level array, streamed without holding the array) and CSV (header +
 * rows as ordered maps of strings). Push-based and synchronous: `write(chunk, onRecord)` emits every
 * record complete so far, `end(onRecord)` the rest, so the same code serves streams and buffers.
 */
import { isJavaWhitespace, jtrim } from "../../core/java/strings.js";
import { JsonParseError, parseJson } from "../../core/json/parse.js";
import type { JsonObject, JsonValue } from "../../core/json/types.js";
import { CsvParser } from "../csv/csv-parser.js";
import { BulkError } from "../errors.js";

/** Receives one record and the 1-based line it starts on (0 when unknown, e.g. Parquet). */
export type OnRecord = (doc: JsonObject, line: number) => void;

export interface TextRecordReader {
  write(chunk: string, onRecord: OnRecord): void;
  end(onRecord: OnRecord): void;
}

function parseLineJson(text: string, line: number, columnOffset: number): JsonValue {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonParseError) {
      const detail = e.message.replace(/ at offset \d+$/, "");
      throw new BulkError("INVALID_JSON", `invalid JSON: ${detail}`, {
        line,
        column: columnOffset + e.position + 1,
      });
    }
    throw e;
  }
}

function leadingTrimmed(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 0x20) i++;
  return i;
}

/** NDJSON: lines split at `\n`, `\r\n` or `\r`; trimmed; blank lines skipped; each must be an object. */
export class NdjsonReader implements TextRecordReader {
  private rest = "";
  private line = 1;
  private pendingCr = false;

  write(chunk: string, onRecord: OnRecord): void {
    this.scan(chunk, false, onRecord);
  }

  end(onRecord: OnRecord): void {
    this.scan("", true, onRecord);
  }

  private scan(chunk: string, final: boolean, onRecord: OnRecord): void {
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    let from = 0;
    if (this.pendingCr && s.charCodeAt(0) === 10) from = 1;
    this.pendingCr = false;
    const n = s.length;
    for (;;) {
      let i = from;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 10 || c === 13) break;
        i++;
      }
      if (i >= n && !final) break;
      const raw = s.slice(from, i);
      const t = jtrim(raw);
      if (t.length > 0) {
        const v = parseLineJson(t, this.line, leadingTrimmed(raw));
        if (!(v instanceof Map)) {
          throw new BulkError(
            "NOT_JSON_OBJECT",
            "each NDJSON line must be a JSON object (the supported NDJSON contract)",
            { line: this.line },
          );
        }
        onRecord(v, this.line);
      }
      if (i >= n) {
        from = n;
        break;
      }
      this.line++;
      if (s.charCodeAt(i) === 13) {
        if (i + 1 < n) from = s.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        else {
          from = i + 1;
          this.pendingCr = true;
        }
      } else from = i + 1;
    }
    this.rest = from < n ? s.slice(from) : "";
  }
}

enum ArrayState {
  BEFORE_ARRAY = 0,
  BEFORE_ELEMENT = 1,
  IN_ELEMENT = 2,
  AFTER_OPEN = 3,
  DONE = 4,
}

/**
 * JSON_ARRAY: the input must start with `[`; each element is parsed as soon as it is complete. Only
 * structure is tracked while scanning (depth, strings), so memory holds one element at a time.
 * Content after the closing `]` is ignored, as the reference's streaming parser does.
 */
export class JsonArrayReader implements TextRecordReader {
  private state = ArrayState.BEFORE_ARRAY;
  private buf = "";
  private start = 0;
  private i = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  private lineStart = 0;
  private elementLine = 1;
  private elementColumn = 1;
  private count = 0;

  write(chunk: string, onRecord: OnRecord): void {
    if (this.state === ArrayState.DONE) return;
    this.buf += chunk;
    this.scan(false, onRecord);
  }

  end(onRecord: OnRecord): void {
    if (this.state === ArrayState.DONE) return;
    this.scan(true, onRecord);
  }

  private finishElement(end: number, onRecord: OnRecord): void {
    const raw = this.buf.slice(this.start, end);
    const t = jtrim(raw);
    if (t.length === 0) {
      throw new BulkError("INVALID_JSON", "invalid JSON: missing array element (extra comma?)", {
        line: this.elementLine,
        column: this.elementColumn,
      });
    }
    const v = parseLineJson(t, this.elementLine, this.elementColumn - 1 + leadingTrimmed(raw));
    this.count++;
    if (!(v instanceof Map)) {
      throw new BulkError("NOT_JSON_OBJECT", `JSON array element ${this.count} is not an object`, {
        line: this.elementLine,
        record: this.count,
      });
    }
    onRecord(v, this.elementLine);
  }

  private scan(final: boolean, onRecord: OnRecord): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.i;
    while (i < n && this.state !== ArrayState.DONE) {
      const c = buf.charCodeAt(i);
      if (this.state === ArrayState.IN_ELEMENT) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true;
          else if (c === 34) this.inString = false;
          else if (c === 10) {
            this.line++;
            this.lineStart = i + 1;
          }
          i++;
          continue;
        }
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || (c === 93 && this.depth > 0)) this.depth--;
        else if (this.depth === 0 && (c === 44 || c === 93)) {
          this.i = i;
          this.finishElement(i, onRecord);
          this.state = c === 44 ? ArrayState.BEFORE_ELEMENT : ArrayState.DONE;
          i++;
          continue;
        } else if (c === 10) {
          this.line++;
          this.lineStart = i + 1;
        }
        i++;
        continue;
      }
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
        i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || isJavaWhitespace(c)) {
        i++;
        continue;
      }
      if (this.state === ArrayState.BEFORE_ARRAY) {
        if (c !== 91) {
          throw new BulkError("NOT_JSON_ARRAY", "input is not a JSON array (it must start with '[')", {
            line: this.line,
            column: i - this.lineStart + 1,
          });
        }
        this.state = ArrayState.AFTER_OPEN;
        i++;
        continue;
      }
      if (this.state === ArrayState.AFTER_OPEN && c === 93) {
        this.state = ArrayState.DONE;
        i++;
        continue;
      }
      // an element starts here
      this.state = ArrayState.IN_ELEMENT;
      this.start = i;
      this.elementLine = this.line;
      this.elementColumn = i - this.lineStart + 1;
      this.depth = 0;
      this.inString = false;
      this.escape = false;
    }
    this.i = i;
    if (final && this.state !== ArrayState.DONE) {
      if (this.state === ArrayState.BEFORE_ARRAY) {
        throw new BulkError("NOT_JSON_ARRAY", "input is not a JSON array (it is empty)", { line: this.line });
      }
      throw new BulkError("INVALID_JSON", "invalid JSON: end of input inside the array (missing ']')", {
        line: this.line,
        column: i - this.lineStart + 1,
      });
    }
    if (this.state === ArrayState.DONE) {
      this.buf = "";
      return;
    }
    // keep only the unfinished element
    const keepFrom = this.state === ArrayState.IN_ELEMENT ? this.start : i;
    if (keepFrom > 0) {
      this.buf = buf.slice(keepFrom);
      this.i -= keepFrom;
      this.start -= keepFrom;
      this.lineStart -= keepFrom;
    }
  }
}

/**
 * CSV for RecordRules: Commons CSV DEFAULT with header, case-insensitive header lookup and trim;
 * comma delimiter; empty header names are rejected; each row an ordered map of strings.
 */
export class CsvRecordReader implements TextRecordReader {
  private readonly parser = new CsvParser({ trim: true });
  private header: string[] | null = null;
  private indexes: number[] = [];
  private recordNo = 0;

  write(chunk: string, onRecord: OnRecord): void {
    this.parser.write(chunk, (values, line) => this.onValues(values, line, onRecord));
  }

  end(onRecord: OnRecord): void {
    this.parser.end((values, line) => this.onValues(values, line, onRecord));
  }

  private onValues(values: string[], line: number, onRecord: OnRecord): void {
    if (this.header === null) {
      const missing = values.findIndex((h) => h.trim() === "");
      if (missing >= 0) {
        throw new BulkError("CSV_HEADER", `a header name is missing (column ${missing + 1} of the header)`, {
          line,
        });
      }
      // with ignoreHeaderCase a repeated name keeps its first spelling and its last position
      const byKey = new Map<string, { name: string; index: number }>();
      values.forEach((h, index) => {
        const k = h.toLowerCase();
        const e = byKey.get(k);
        if (e) e.index = index;
        else byKey.set(k, { name: h, index });
      });
      const cols = [...byKey.values()].sort((a, b) => a.index - b.index);
      this.header = cols.map((e) => e.name);
      this.indexes = cols.map((e) => e.index);
      return;
    }
    this.recordNo++;
    const header = this.header;
    const doc: JsonObject = new Map();
    for (let c = 0; c < header.length; c++) {
      const idx = this.indexes[c];
      if (idx >= values.length) {
        throw new BulkError(
          "CSV_SHORT_ROW",
          `row has ${values.length} value(s) but column "${header[c]}" is column ${idx + 1} of the header`,
          { line, record: this.recordNo },
        );
      }
      doc.set(header[c], values[idx]);
    }
    onRecord(doc, line);
  }
}
