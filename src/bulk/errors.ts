/**
 * Errors of bulk-file sanitization. Each carries a stable `code`, the file (object key or path) and,
 * where one exists, the position in it, so a user can find the bad input without us ever quoting it
 * (messages name places, never cell contents).
 */

export type BulkErrorCode =
  | "CSV_PARSE"
  | "CSV_SHORT_ROW"
  | "CSV_HEADER"
  | "CSV_RECORD_TOO_LARGE"
  | "INVALID_JSON"
  | "NOT_JSON_OBJECT"
  | "NOT_JSON_ARRAY"
  | "GZIP"
  | "PARQUET"
  | "RULES_INVALID"
  | "NO_APPLICABLE_RULES"
  | "UNSUPPORTED_VALUE"
  | "TRANSFORM_FAILED"
  | "CONFIG"
  | "STORAGE";

export interface BulkErrorPlace {
  /** object key or file path */
  file?: string;
  /** 1-based physical line */
  line?: number;
  /** 1-based character column within the line */
  column?: number;
  /** 1-based data record number (header excluded) */
  record?: number;
}

export class BulkError extends Error {
  readonly code: BulkErrorCode;
  file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly record?: number;
  /** the message without the place prefix */
  readonly detail: string;

  constructor(
    code: BulkErrorCode,
    detail: string,
    place: BulkErrorPlace = {},
    options?: { cause?: unknown },
  ) {
    super(formatMessage(detail, place), options);
    this.name = "BulkError";
    this.code = code;
    this.detail = detail;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
    this.record = place.record;
  }

  /** The same error, naming `file` (the sanitizers do not know which file they read). */
  withFile(file: string): BulkError {
    if (this.file !== undefined) return this;
    return new BulkError(
      this.code,
      this.detail,
      { file, line: this.line, column: this.column, record: this.record },
      { cause: this.cause },
    );
  }
}

function formatMessage(detail: string, p: BulkErrorPlace): string {
  const where: string[] = [];
  if (p.line !== undefined) where.push(`line ${p.line}`);
  if (p.column !== undefined) where.push(`column ${p.column}`);
  if (p.record !== undefined) where.push(`record ${p.record}`);
  const at = where.length > 0 ? ` (${where.join(", ")})` : "";
  return p.file !== undefined
    ? `${p.file}${at}: ${detail}`
    : where.length > 0
      ? `${where.join(", ")}: ${detail}`
      : detail;
}

/** Wraps anything thrown while processing `file` into a BulkError naming it. */
export function asBulkError(
  e: unknown,
  file: string,
  fallback: BulkErrorCode = "TRANSFORM_FAILED",
): BulkError {
  if (e instanceof BulkError) return e.withFile(file);
  const message = e instanceof Error ? e.message : String(e);
  return new BulkError(fallback, message, { file }, { cause: e });
}
