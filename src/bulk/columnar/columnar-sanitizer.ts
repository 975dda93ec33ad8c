/**
 * The columnar (CSV / TSV) sanitizer of `ColumnarRules` (bulk-and-cli spec 8): parses the input with
 * the reference's CSV dialect, builds the column plan from the header, and writes comma-separated
 * output with the input's first line ending, rows reordered in chunks.
 *
 * Push-based and synchronous (text in, text out per chunk); `streamColumnar` wraps it for streams.
 */
import type { ColumnarRules } from "../../core/rules/model.js";
import { CsvParser } from "../csv/csv-parser.js";
import { csvLine } from "../csv/csv-writer.js";
import { reorderChunk, resolveShuffle } from "../shuffle.js";
import type { SanitizeContext } from "../types.js";
import { buildColumnPlan, type ColumnPlan } from "./plan.js";

const PROGRESS_EVERY = 10_000;
const WRITE_SLICE = 64 * 1024;

export class ColumnarSanitizer {
  private readonly parser: CsvParser;
  private readonly shuffle: ReturnType<typeof resolveShuffle>;
  private readonly limit: number;
  private plan: ColumnPlan | null = null;
  private separator: string | null = null;
  private chunk: string[] = [];
  private out = "";
  private records = 0;
  /** the record limit (validation pass) was reached: stop feeding input */
  full = false;

  private readonly onRecord = (values: string[], line: number): void => {
    if (this.plan === null) {
      this.start(values);
      return;
    }
    if (this.records >= this.limit) {
      this.full = true;
      return;
    }
    this.records++;
    const row = this.plan.line(values, line, this.records);
    this.chunk.push(this.separator === null ? row : row + this.separator);
    if (this.chunk.length >= this.shuffle.chunkSize) this.flushChunk();
    if (this.ctx.onProgress && this.records % PROGRESS_EVERY === 0) this.ctx.onProgress(this.records);
  };

  constructor(
    private readonly rules: ColumnarRules,
    private readonly ctx: SanitizeContext,
  ) {
    this.parser = new CsvParser({ delimiter: rules.delimiter, trim: true, ignoreSurroundingSpaces: true });
    this.shuffle = resolveShuffle(ctx.shuffle);
    this.limit = ctx.recordLimit ?? Number.POSITIVE_INFINITY;
  }

  /** data records processed so far */
  get count(): number {
    return this.records;
  }

  private start(header: string[]): void {
    this.separator = this.parser.firstEol;
    const warn = (w: { code: string; message: string }) =>
      this.ctx.onWarning?.({ ...w, file: this.ctx.file });
    this.plan = buildColumnPlan(this.rules, header, this.ctx.pseudonymizer, warn);
    this.out += csvLine(this.plan.header, this.separator);
  }

  private flushChunk(): void {
    const chunk = this.chunk;
    if (chunk.length === 0) return;
    reorderChunk(chunk, this.shuffle.mode);
    // join copies the rows into one flat string, so their many small pieces die young
    this.out += chunk.join("");
    this.chunk = [];
  }

  private take(): string {
    const s = this.out;
    this.out = "";
    return s;
  }

  /** Feeds input text; returns the output text ready so far (possibly ""). */
  write(text: string): string {
    // in slices: the output of one slice is short-lived, so it is collected young (large input
    // chunks would keep MBs of small strings alive across scavenges)
    for (let i = 0; i < text.length && !this.full; i += WRITE_SLICE) {
      this.parser.write(text.length <= WRITE_SLICE ? text : text.slice(i, i + WRITE_SLICE), this.onRecord);
    }
    return this.take();
  }

  /** Ends the input; returns the rest of the output. */
  end(): string {
    if (!this.full) this.parser.end(this.onRecord);
    // no header record at all (empty file): as the reference, an empty header map, so only the
    // columns the rules create are written
    if (this.plan === null) this.start([]);
    this.flushChunk();
    this.ctx.onProgress?.(this.records);
    return this.take();
  }
}

/** Stream form: text chunks in, text chunks out (stops reading once a record limit is reached). */
export async function* streamColumnar(
  rules: ColumnarRules,
  input: AsyncIterable<string>,
  ctx: SanitizeContext,
): AsyncGenerator<string> {
  const s = new ColumnarSanitizer(rules, ctx);
  for await (const text of input) {
    const out = s.write(text);
    if (out.length > 0) yield out;
    if (s.full) break;
  }
  const tail = s.end();
  if (tail.length > 0) yield tail;
}
