/**
 * The two Java text functions that `fieldsToTransform` pipelines call (bulk-and-cli spec 9):
 * `String.format(template, value)` with one string argument, and `Matcher.replaceAll(replacement)`
 * with Java's `$n` / `${name}` / `\x` replacement syntax. JS `String.replace` reads `$&`, `$$` and
 * `` $` `` differently and never throws, so both are interpreted here.
 */
import type { JavaRegex } from "../../core/java/regex.js";

export class JavaFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JavaFormatError";
  }
}

// %[argument_index$][flags][width][.precision]conversion
const SPEC = /%(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([a-zA-Z%])/g;

/**
 * Java `String.format(template, arg)` for a single String argument. Supports `%s`/`%S` (with `-`,
 * width and precision), `%%` and `%n`; any other conversion would be an error in Java for a String
 * argument (or needs a second argument) and is reported as one.
 */
export function javaFormat(template: string, arg: string | null): string {
  let ordinary = 0;
  let out = "";
  let last = 0;
  SPEC.lastIndex = 0;
  for (let m = SPEC.exec(template); m !== null; m = SPEC.exec(template)) {
    out += checkLiteral(template.slice(last, m.index));
    last = m.index + m[0].length;
    const [, index, flags = "", width, precision, conversion] = m;
    if (conversion === "%") {
      out += pad("%", flags, width);
      continue;
    }
    if (conversion === "n") {
      out += "\n";
      continue;
    }
    if (conversion !== "s" && conversion !== "S") {
      throw new JavaFormatError(
        `formatString "${template}": conversion %${conversion} cannot format a text value (use %s)`,
      );
    }
    let argNo: number;
    if (index !== undefined) argNo = Number.parseInt(index, 10);
    else if (flags.includes("<")) argNo = Math.max(ordinary, 1);
    else argNo = ++ordinary;
    if (argNo !== 1) {
      throw new JavaFormatError(`formatString "${template}": only one value (%s) is available to format`);
    }
    let text = arg === null ? "null" : arg;
    if (precision !== undefined) text = text.slice(0, Number.parseInt(precision.slice(1), 10));
    if (conversion === "S") text = text.toUpperCase();
    out += pad(text, flags, width);
  }
  return out + checkLiteral(template.slice(last));
}

function checkLiteral(text: string): string {
  const i = text.indexOf("%");
  if (i >= 0) throw new JavaFormatError(`formatString: malformed format specifier at "${text.slice(i)}"`);
  return text;
}

function pad(text: string, flags: string, width: string | undefined): string {
  if (width === undefined) return text;
  const w = Number.parseInt(width, 10);
  if (text.length >= w) return text;
  const fill = " ".repeat(w - text.length);
  return flags.includes("-") ? text + fill : fill + text;
}

type Part = string | { group: number } | { name: string };

/** Parses a Java replacement string; throws like Java on a dangling `\` or a bad `$` reference. */
function parseReplacement(replacement: string, re: JavaRegex, names: readonly string[]): Part[] {
  const parts: Part[] = [];
  let lit = "";
  let i = 0;
  const n = replacement.length;
  while (i < n) {
    const c = replacement[i];
    if (c === "\\") {
      if (i + 1 >= n) throw new JavaFormatError("replacement: character to be escaped is missing");
      lit += replacement[i + 1];
      i += 2;
    } else if (c === "$") {
      if (i + 1 >= n)
        throw new JavaFormatError("replacement: illegal group reference, group index is missing");
      if (lit) parts.push(lit);
      lit = "";
      if (replacement[i + 1] === "{") {
        const close = replacement.indexOf("}", i + 2);
        const name = close < 0 ? "" : replacement.slice(i + 2, close);
        if (close < 0 || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
          throw new JavaFormatError(
            "replacement: named capturing group is missing trailing '}' or is invalid",
          );
        }
        if (!names.includes(name)) throw new JavaFormatError(`replacement: no group with name {${name}}`);
        parts.push({ name });
        i = close + 1;
      } else {
        const d = replacement.charCodeAt(i + 1) - 48;
        if (d < 0 || d > 9) throw new JavaFormatError("replacement: illegal group reference");
        let group = d;
        i += 2;
        // further digits belong to the reference while it stays a valid group number
        while (i < n) {
          const x = replacement.charCodeAt(i) - 48;
          if (x < 0 || x > 9) break;
          const next = group * 10 + x;
          if (next > re.groupCount) break;
          group = next;
          i++;
        }
        if (group > re.groupCount) throw new JavaFormatError(`replacement: no group ${group}`);
        parts.push({ group });
      }
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) parts.push(lit);
  return parts;
}

const NAMED_GROUP = /\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g;

/** Java `Pattern.matcher(s).replaceAll(replacement)`. */
export function javaReplaceAll(re: JavaRegex, s: string, replacement: string): string {
  const names = [...re.pattern.matchAll(NAMED_GROUP)].map((m) => m[1]);
  const parts = parseReplacement(replacement, re, names);
  let out = "";
  let last = 0;
  let from = 0;
  while (from <= s.length) {
    const m = re.find(s, from);
    if (!m) break;
    out += s.slice(last, m.index);
    for (const p of parts) {
      if (typeof p === "string") out += p;
      else if ("group" in p) out += m[p.group] ?? "";
      else out += m.groups?.[p.name] ?? "";
    }
    last = m.index + m[0].length;
    from = m[0].length === 0 ? last + 1 : last;
  }
  return out + s.slice(last);
}
