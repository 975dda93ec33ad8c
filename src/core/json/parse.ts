/**
 * Strict JSON parser producing the engine's JSON tree (see types.ts): ordered Map objects, exact
 * integers, doubles marked as such. `JSON.parse` cannot be used because it reorders integer-like keys
 * and rounds integers above 2^53. Limits follow the reference's parser defaults.
 */
import { JsonDouble, type JsonValue } from "./types.js";

export class JsonParseError extends Error {
  readonly code = "INVALID_JSON";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at offset ${position}`);
    this.name = "JsonParseError";
  }
}

export const JSON_LIMITS = {
  maxDepth: 1000,
  maxNumberLength: 1000,
  maxStringLength: 20_000_000,
  maxNameLength: 50_000,
};

const MAX_SAFE_DIGITS = 15;
// a run of string characters that need no unescaping (sticky: scans from lastIndex)
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const KEY_CACHE_SIZE = 1024;
const NOT_VERBATIM = /["\\\u0000-\u001f]/;

class Parser {
  pos = 0;
  depth = 0;
  // Property names repeat across the objects of a response: reuse the same string instances
  // (no allocation, and their hash is already computed when they go into a Map).
  private readonly keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE);
  private readonly follow = new Map<string, string>();
  private firstKey: string | undefined;
  constructor(readonly text: string) {}

  fail(msg: string, at = this.pos): never {
    throw new JsonParseError(msg, at);
  }

  skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(): JsonValue {
    this.skipWs();
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object();
      case 0x5b: // [
        return this.array();
      case 0x22: // "
        return this.string(JSON_LIMITS.maxStringLength);
      case 0x74: // t
        if (t.startsWith("true", this.pos)) {
          this.pos += 4;
          return true;
        }
        break;
      case 0x66: // f
        if (t.startsWith("false", this.pos)) {
          this.pos += 5;
          return false;
        }
        break;
      case 0x6e: // n
        if (t.startsWith("null", this.pos)) {
          this.pos += 4;
          return null;
        }
        break;
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    }
    if (this.pos >= t.length) this.fail("unexpected end of input");
    return this.fail(`unexpected character ${JSON.stringify(t[this.pos])}`);
  }

  enter(): void {
    if (++this.depth > JSON_LIMITS.maxDepth) this.fail(`nesting deeper than ${JSON_LIMITS.maxDepth}`);
  }

  object(): JsonValue {
    this.enter();
    const t = this.text;
    const m = new Map<string, JsonValue>();
    this.pos++;
    this.skipWs();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      this.depth--;
      return m;
    }
    let prev: string | undefined;
    for (;;) {
      this.skipWs();
      if (t.charCodeAt(this.pos) !== 0x22) this.fail("expected a quoted property name");
      // objects of one response repeat the same key sequence: try the key that followed the previous
      // key last time before scanning
      const predicted = prev === undefined ? this.firstKey : this.follow.get(prev);
      let key: string;
      if (
        predicted !== undefined &&
        t.startsWith(predicted, this.pos + 1) &&
        t.charCodeAt(this.pos + 1 + predicted.length) === 0x22
      ) {
        key = predicted;
        this.pos += predicted.length + 2;
      } else {
        key = this.key();
        // only keys that appear verbatim in the text can be predicted (no escapes to undo)
        if (!NOT_VERBATIM.test(key) && key.length <= 256) {
          if (prev === undefined) this.firstKey = key;
          else if (this.follow.size < 4096) this.follow.set(prev, key);
        }
      }
      prev = key;
      this.skipWs();
      if (t.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      // duplicate keys: the last value wins, the key keeps its first position (Map.set does exactly that)
      m.set(key, this.value());
      this.skipWs();
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        this.depth--;
        return m;
      }
      this.fail("expected ',' or '}'");
    }
  }

  array(): JsonValue {
    this.enter();
    const t = this.text;
    const a: JsonValue[] = [];
    this.pos++;
    this.skipWs();
    if (t.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      this.depth--;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.skipWs();
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        this.depth--;
        return a;
      }
      this.fail("expected ',' or ']'");
    }
  }

  key(): string {
    const t = this.text;
    const start = this.pos + 1;
    PLAIN_RUN.lastIndex = start;
    PLAIN_RUN.test(t);
    const end = PLAIN_RUN.lastIndex;
    if (t.charCodeAt(end) === 0x22) {
      const len = end - start;
      const slot = (t.charCodeAt(start) * 31 + len * 7 + t.charCodeAt(end - 1)) & (KEY_CACHE_SIZE - 1);
      const cached = this.keyCache[slot];
      if (cached !== undefined && cached.length === len && t.startsWith(cached, start)) {
        this.pos = end + 1;
        return cached;
      }
      if (len > JSON_LIMITS.maxNameLength) this.fail("property name longer than the allowed maximum", start);
      const k = t.slice(start, end);
      this.keyCache[slot] = k;
      this.pos = end + 1;
      return k;
    }
    return this.string(JSON_LIMITS.maxNameLength);
  }

  string(limit: number): string {
    const t = this.text;
    const start = ++this.pos;
    PLAIN_RUN.lastIndex = start;
    PLAIN_RUN.test(t);
    let p = PLAIN_RUN.lastIndex;
    // fast path: no escapes
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        if (p - start > limit) this.fail("string longer than the allowed maximum", start);
        return t.slice(start, p);
      }
      if (c === 0x5c) break;
      if (c < 0x20 || Number.isNaN(c)) {
        if (Number.isNaN(c)) this.fail("unterminated string", start - 1);
        this.fail("unescaped control character in string", p);
      }
      p++;
    }
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        if (out.length > limit) this.fail("string longer than the allowed maximum", start);
        return out;
      }
      if (Number.isNaN(c)) this.fail("unterminated string", start - 1);
      if (c < 0x20) this.fail("unescaped control character in string", p);
      if (c !== 0x5c) {
        const q = p;
        while (p < t.length) {
          const d = t.charCodeAt(p);
          if (d === 0x22 || d === 0x5c || d < 0x20) break;
          p++;
        }
        out += t.slice(q, p);
        continue;
      }
      const e = t.charCodeAt(p + 1);
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += "\\";
          break;
        case 0x2f:
          out += "/";
          break;
        case 0x62:
          out += "\b";
          break;
        case 0x66:
          out += "\f";
          break;
        case 0x6e:
          out += "\n";
          break;
        case 0x72:
          out += "\r";
          break;
        case 0x74:
          out += "\t";
          break;
        case 0x75: {
          const hex = t.slice(p + 2, p + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape", p);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          p += 6;
          continue;
        }
        default:
          this.fail("invalid escape", p);
      }
      p += 2;
    }
  }

  number(): JsonValue {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 0x2d) p++;
    const intStart = p;
    let c = t.charCodeAt(p);
    if (c === 0x30) {
      p++;
      c = t.charCodeAt(p);
      if (c >= 0x30 && c <= 0x39) this.fail("leading zeros are not allowed", start);
    } else if (c >= 0x31 && c <= 0x39) {
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
    } else {
      this.fail("invalid number", start);
    }
    const intDigits = p - intStart;
    // common case: a short integer, computed without slicing the text
    if (intDigits <= MAX_SAFE_DIGITS && c !== 0x2e && c !== 0x65 && c !== 0x45) {
      let v = 0;
      for (let i = intStart; i < p; i++) v = v * 10 + (t.charCodeAt(i) - 0x30);
      this.pos = p;
      return intStart === start || v === 0 ? v : -v;
    }
    let isDouble = false;
    if (c === 0x2e) {
      isDouble = true;
      p++;
      const f = p;
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
      if (p === f) this.fail("invalid number: digits expected after '.'", start);
    }
    if (c === 0x65 || c === 0x45) {
      isDouble = true;
      p++;
      c = t.charCodeAt(p);
      if (c === 0x2b || c === 0x2d) p++;
      const f = p;
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
      if (p === f) this.fail("invalid number: digits expected in exponent", start);
    }
    if (p - start > JSON_LIMITS.maxNumberLength) this.fail("number literal too long", start);
    this.pos = p;
    const lit = t.slice(start, p);
    if (isDouble) return new JsonDouble(Number(lit));
    if (intDigits <= MAX_SAFE_DIGITS) {
      const v = Number(lit);
      return v === 0 ? 0 : v;
    }
    const b = BigInt(lit);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
}

/** Parses exactly one JSON value (surrounding whitespace allowed). */
export function parseJson(text: string): JsonValue {
  const p = new Parser(text);
  const v = p.value();
  p.skipWs();
  if (p.pos < text.length) p.fail("unexpected data after the JSON value");
  return v;
}

/**
 * Parses a stream of JSON values (`{}{}`, NDJSON, or one value), as the reference does for API
 * responses. Returns the values in order; an empty or whitespace-only text gives [].
 */
export function parseJsonStream(text: string): JsonValue[] {
  const p = new Parser(text);
  const out: JsonValue[] = [];
  for (;;) {
    p.skipWs();
    if (p.pos >= text.length) return out;
    out.push(p.value());
  }
}
