/**
 * The column plan of `ColumnarRules` for one file header (bulk-and-cli spec 8.3-8.6): which output
 * columns exist, in which order and casing, and which source column and functions produce each.
 * Built once per file from the header record; applying it to a row is a few array reads.
 */
import { isBlank, jtrim } from "../../core/java/strings.js";
import type { JsonValue } from "../../core/json/types.js";
import type { ColumnarRules } from "../../core/rules/model.js";
import { CiMap, ciKey, ciSet, equalsIgnoreCase } from "../case-insensitive.js";
import { csvField } from "../csv/csv-writer.js";
import { BulkError } from "../errors.js";
import type { BulkPseudonymizer, BulkWarning } from "../types.js";
import {
  type CellFunction,
  cellPseudonymizer,
  type MemoizedCellFunction,
  pipelineFunction,
} from "./pipeline.js";

interface PlannedColumn {
  /** output header */
  name: string;
  /** source column as named in the rules / header */
  source: string;
  /** index of the source in a row; -1 when the file has no such column */
  index: number;
  fns: CellFunction[];
  /** the CSV field of a non-blank source value */
  emit: (raw: string) => string;
}

export interface ColumnPlan {
  /** output header names, in output order */
  header: string[];
  /** the output cells of one data row; `line` / `record` are for error messages */
  apply(values: string[], line: number, record: number): (string | null)[];
  /** the same row as one CSV record (fields quoted, comma-separated, no line end) */
  line(values: string[], line: number, record: number): string;
}

const identity: CellFunction = (v) => v;

function noBlank(items: Iterable<string>, message: string): void {
  for (const i of items) if (isBlank(i)) throw new BulkError("RULES_INVALID", message);
}

function trimmedMap(m: Map<string, string> | undefined): CiMap<string> {
  const out = new CiMap<string>();
  for (const [k, v] of m ?? []) out.setIfAbsent(jtrim(k), jtrim(v));
  return out;
}

/** Header positions as Commons CSV keeps them with ignoreHeaderCase: first spelling, last position. */
function headerMap(header: string[]): CiMap<number> {
  const m = new CiMap<number>();
  for (let i = 0; i < header.length; i++) m.set(header[i], i);
  return m;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

export function buildColumnPlan(
  rules: ColumnarRules,
  fileHeader: string[],
  pseudonymizer: BulkPseudonymizer,
  warn: (w: BulkWarning) => void,
): ColumnPlan {
  const positions = headerMap(fileHeader);

  const nonAscii = positions.keys().filter((h) => !ASCII_PRINTABLE.test(h));
  if (nonAscii.length > 0) {
    warn({
      code: "NON_ASCII_HEADER",
      message: `CSV file has header(s) with non-ASCII characters, which is unusual and may cause issues: ${nonAscii
        .map((h) => JSON.stringify(h))
        .join(", ")}`,
    });
    if (nonAscii.some((h) => h.includes("\u00a0"))) {
      warn({
        code: "NBSP_HEADER",
        message:
          "CSV file has header(s) with a non-breaking space (U+00A0); rules must name these columns with the same character",
      });
    }
  }

  const toRedact = ciSet(rules.columnsToRedact.map(jtrim));
  noBlank(toRedact.keys(), "columnsToRedact must not contain a blank entry");
  const toPseudonymize = ciSet(rules.columnsToPseudonymize.map(jtrim));
  noBlank(toPseudonymize.keys(), "columnsToPseudonymize must not contain a blank entry");
  const toPseudonymizeIfPresent = ciSet(rules.columnsToPseudonymizeIfPresent.map(jtrim));
  noBlank(toPseudonymizeIfPresent.keys(), "columnsToPseudonymizeIfPresent must not contain a blank entry");

  // pipelines keyed by (lower-cased, trimmed) source column; several may share one source
  const pipelines = new CiMap<
    Array<{ label: string; newName?: string; transforms: Map<string, JsonValue>[] }>
  >();
  for (const [key, spec] of rules.fieldsToTransform) {
    const source = jtrim(spec.sourceColumn ?? key).toLowerCase();
    const list = pipelines.get(source);
    const item = { label: `fieldsToTransform.${key}`, newName: spec.newName, transforms: spec.transforms };
    if (list) list.push(item);
    else pipelines.set(source, [item]);
  }
  noBlank(pipelines.keys(), "Fields to transform must not contain a blank reference to a column");

  const toInclude = rules.columnsToInclude ? ciSet(rules.columnsToInclude.map(jtrim)) : undefined;
  if (toInclude) noBlank(toInclude.keys(), "Columns to include must not contain a blank entry");

  const renames = trimmedMap(rules.columnsToRename);
  noBlank(renames.keys(), "Renaming columns from blank/empty is not supported");
  noBlank(renames.values(), "Renaming columns to blank/empty is not allowed");
  const duplicates = trimmedMap(rules.columnsToDuplicate);
  for (const list of pipelines.values()) {
    for (const p of list) {
      if (p.newName === undefined || p.newName === null) {
        throw new BulkError("RULES_INVALID", "FieldTransformPipeline must have a newName");
      }
    }
  }
  for (const target of duplicates.values()) {
    if (toRedact.has(target)) {
      warn({
        code: "DUPLICATE_REDACTED",
        message: `columnsToDuplicate target "${target}" is also in columnsToRedact`,
      });
    }
  }

  // non-redacted, included headers in file order
  const headers = positions
    .sorted()
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name)
    .filter((h) => !toRedact.has(h) && (!toInclude || toInclude.has(h)));
  const headersCI = ciSet(headers);

  const outputCI = ciSet(headers.map((h) => renames.get(h) ?? h));
  const missing = toPseudonymize.keys().filter((c) => !outputCI.has(c));
  if (missing.length > 0) {
    warn({
      code: "MISSING_COLUMNS",
      message: `non-fatal, but FYI: columns to pseudonymize (${missing
        .map((c) => JSON.stringify(c))
        .join(
          ",",
        )}) are missing from the columns found in the file, after renames; they will be output empty`,
    });
  }

  // one memoizing pseudonymizer per use: each switches its memo off on its own when values do not repeat
  const memos: MemoizedCellFunction[] = [];
  const newPseudonymizer = (): MemoizedCellFunction => {
    const f = cellPseudonymizer(rules.pseudonymFormat, pseudonymizer);
    memos.push(f);
    return f;
  };
  const plan = new CiMap<{ source: string; fns: CellFunction[] }>();
  const add = (column: string, source: string, fn: CellFunction) => {
    let e = plan.get(column);
    if (!e) {
      e = { source, fns: [] };
      plan.set(column, e);
    }
    e.fns.push(fn);
  };
  for (const [src, dup] of duplicates.sorted()) add(dup, src, identity);
  for (const [src, renamed] of renames.sorted()) add(renamed, src, identity);
  for (const [src, list] of pipelines.sorted()) {
    for (const p of list) add(p.newName!, src, pipelineFunction(p.transforms, newPseudonymizer(), p.label));
  }
  for (const c of toPseudonymize.keys()) add(c, c, newPseudonymizer());
  for (const c of toPseudonymizeIfPresent.keys()) if (headersCI.has(c)) add(c, c, newPseudonymizer());
  for (const h of headers) if (!plan.has(h) && !renames.has(h)) add(h, h, identity);

  // output order: columns tied to a file position first (a rename target takes its source's), then
  // the others by name (Java String order = UTF-16 code units, as JS `<`)
  const MAX = Number.MAX_SAFE_INTEGER;
  const renameEntries = renames.sorted();
  const positionOf = (name: string): number => {
    let pos = positions.get(name) ?? MAX;
    const r = renameEntries.find(([, to]) => equalsIgnoreCase(to, name));
    if (r) pos = Math.min(pos, positions.get(r[0]) ?? MAX);
    return pos;
  };
  const names = plan.keys();
  const ordered = names
    .map((n) => ({ n, pos: positionOf(n) }))
    .sort((a, b) => (a.pos !== b.pos ? a.pos - b.pos : a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
    .map((x) => x.n);

  const headerByKey = new Map<string, string>();
  for (const h of headers) if (!headerByKey.has(ciKey(h))) headerByKey.set(ciKey(h), h);

  const chain = (fns: CellFunction[]) => (raw: string) => {
    let v: string | null = raw;
    for (let f = 0; f < fns.length; f++) v = fns[f](v);
    return v;
  };
  const columns: PlannedColumn[] = ordered.map((n, position) => {
    const e = plan.get(n)!;
    const first = position === 0;
    const only = e.fns.length === 1 ? e.fns[0] : undefined;
    let emit: (raw: string) => string;
    if (only === identity) emit = (raw) => csvField(raw, first);
    else if (only !== undefined && memos.includes(only as MemoizedCellFunction))
      emit = (only as MemoizedCellFunction).csv;
    else {
      const run = chain(e.fns);
      emit = (raw) => csvField(run(raw), first);
    }
    return {
      name: headerByKey.get(ciKey(n)) ?? n,
      source: e.source,
      index: positions.get(e.source) ?? -1,
      fns: e.fns,
      emit,
    };
  });

  const warnedMissing = new Set<string>();
  const width = columns.length;
  /** the source value of column `c` in a row, or null (blank / not in the file) */
  const sourceValue = (c: PlannedColumn, values: string[], line: number, record: number): string | null => {
    if (c.index < 0) {
      if (!warnedMissing.has(ciKey(c.source))) {
        warnedMissing.add(ciKey(c.source));
        warn({
          code: "MISSING_COLUMN",
          message: `column with defined transform "${c.source}" not found in record ${record}; no further warnings about this column will be logged`,
        });
      }
      return null;
    }
    if (c.index >= values.length) {
      throw new BulkError(
        "CSV_SHORT_ROW",
        `row has ${values.length} value(s) but column "${c.source}" is column ${c.index + 1} of the header; every row needs a value (possibly empty) for each header column`,
        { line, record },
      );
    }
    const v = values[c.index];
    return isBlank(v) ? null : v;
  };
  return {
    header: columns.map((c) => c.name),
    apply(values, line, record) {
      const out = new Array<string | null>(width);
      for (let i = 0; i < width; i++) {
        const c = columns[i];
        const v = sourceValue(c, values, line, record);
        out[i] = v === null ? null : chain(c.fns)(v);
      }
      return out;
    },
    line(values, line, record) {
      let out = "";
      for (let i = 0; i < width; i++) {
        const c = columns[i];
        const v = sourceValue(c, values, line, record);
        if (i > 0) out += ",";
        if (v !== null) out += c.emit(v);
      }
      return out;
    },
  };
}
