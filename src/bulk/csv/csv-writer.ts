/**
 * CSV output exactly as Commons CSV `CSVFormat.DEFAULT` prints it (bulk-and-cli spec 8.6): comma
 * delimiter, `"` quote, quote mode MINIMAL, null written as an empty unquoted field.
 *
 * MINIMAL quotes a non-null value when it contains `,` `"` CR or LF, when its first character is
 * <= `#`, when its last character is <= space, or when it is empty and first in its record (so a
 * record of one empty value is not an empty line). Inner quotes are doubled.
 */

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const HASH = 35;
const SPACE = 32;

function needsQuotes(v: string, first: boolean): boolean {
  const n = v.length;
  if (n === 0) return first;
  if (v.charCodeAt(0) <= HASH) return true;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === COMMA || c === QUOTE || c === CR || c === LF) return true;
  }
  return v.charCodeAt(n - 1) <= SPACE;
}

/** One field; `first` = first field of its record. */
export function csvField(value: string | null | undefined, first: boolean): string {
  if (value === null || value === undefined) return "";
  if (!needsQuotes(value, first)) return value;
  return value.indexOf('"') < 0 ? `"${value}"` : `"${value.replaceAll('"', '""')}"`;
}

/** One record without its separator. */
export function csvRecord(values: ReadonlyArray<string | null | undefined>): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    out += i === 0 ? csvField(values[i], true) : `,${csvField(values[i], false)}`;
  }
  return out;
}

/** One record followed by `separator` (Commons CSV prints nothing for a null separator). */
export function csvLine(values: ReadonlyArray<string | null | undefined>, separator: string | null): string {
  return separator === null ? csvRecord(values) : csvRecord(values) + separator;
}
