/**
 * The json-smart conventions the reference uses for JSON embedded in strings (augment `innerJsonPath`,
 * `textDigest.isJsonEscaped`): a permissive parser (single quotes, unquoted words, bare text) and the
 * compact writer whose escaping differs from the main one (U+007F-U+009F and U+2000-U+20FF are escaped).
 */
import { javaDoubleToString } from "./java-double.js";
import { JsonDouble, type JsonValue, objEntries } from "./types.js";

export class PermissiveParseError extends Error {
  readonly code = "INVALID_JSON";
}

const STOP = new Set([",", ":", "}", "]", "{", "["]);

class PermissiveParser {
  pos = 0;
  constructor(readonly t: string) {}
  ws(): void {
    while (this.pos < this.t.length && this.t.charCodeAt(this.pos) <= 0x20) this.pos++;
  }
  fail(msg: string): never {
    throw new PermissiveParseError(`${msg} at offset ${this.pos}`);
  }
  value(): JsonValue {
    this.ws();
    const c = this.t[this.pos];
    if (c === undefined) this.fail("unexpected end");
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") return this.quoted();
    return this.word(false);
  }
  object(): JsonValue {
    const m = new Map<string, JsonValue>();
    this.pos++;
    for (;;) {
      this.ws();
      const c = this.t[this.pos];
      if (c === "}") {
        this.pos++;
        return m;
      }
      if (c === ",") {
        this.pos++;
        continue;
      }
      const k = c === '"' || c === "'" ? this.quoted() : this.word(true);
      this.ws();
      if (this.t[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      m.set(String(k), this.value());
      this.ws();
      const d = this.t[this.pos];
      if (d === ",") this.pos++;
      else if (d !== "}") this.fail("expected ',' or '}'");
    }
  }
  array(): JsonValue {
    const a: JsonValue[] = [];
    this.pos++;
    for (;;) {
      this.ws();
      const c = this.t[this.pos];
      if (c === "]") {
        this.pos++;
        return a;
      }
      if (c === ",") {
        this.pos++;
        continue;
      }
      a.push(this.value());
      this.ws();
      const d = this.t[this.pos];
      if (d === ",") this.pos++;
      else if (d !== "]") this.fail("expected ',' or ']'");
    }
  }
  quoted(): string {
    const q = this.t[this.pos++];
    let out = "";
    for (;;) {
      const c = this.t[this.pos++];
      if (c === undefined) this.fail("unterminated string");
      if (c === q) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.t[this.pos++];
      switch (e) {
        case "n":
          out += "\n";
          break;
        case "t":
          out += "\t";
          break;
        case "r":
          out += "\r";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "u":
          out += String.fromCharCode(Number.parseInt(this.t.slice(this.pos, this.pos + 4), 16));
          this.pos += 4;
          break;
        default:
          out += e ?? "";
      }
    }
  }
  word(isKey: boolean): JsonValue {
    const start = this.pos;
    while (this.pos < this.t.length && !STOP.has(this.t[this.pos])) this.pos++;
    const raw = this.t.slice(start, this.pos).trim();
    if (isKey) return raw;
    return literal(raw);
  }
}

function literal(raw: string): JsonValue {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (/^-?\d+$/.test(raw)) {
    const b = BigInt(raw);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(raw)) return new JsonDouble(Number(raw));
  return raw;
}

/** json-smart permissive parse. Plain text that is not JSON parses as a bare string. */
export function parsePermissive(text: string): JsonValue {
  const trimmed = text.trim();
  const c = trimmed[0];
  if (c === "{" || c === "[" || c === '"' || c === "'") {
    const p = new PermissiveParser(trimmed);
    const v = p.value();
    p.ws();
    if (p.pos < trimmed.length) throw new PermissiveParseError("unexpected data after the value");
    return v;
  }
  return literal(trimmed);
}

function escapeSmart(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
    }
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x20ff)) {
      out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** json-smart compact writer (LT_COMPRESS). */
export function serializeSmart(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return escapeSmart(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : javaDoubleToString(v);
  if (typeof v === "bigint") return String(v);
  if (v instanceof JsonDouble) return javaDoubleToString(v.value);
  if (Array.isArray(v)) return `[${v.map(serializeSmart).join(",")}]`;
  const parts: string[] = [];
  for (const [k, val] of objEntries(v)) parts.push(`${escapeSmart(k)}:${serializeSmart(val)}`);
  return `{${parts.join(",")}}`;
}
