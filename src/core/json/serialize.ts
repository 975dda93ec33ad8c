/**
 * Compact JSON writer matching the reference's output byte for byte: no whitespace, control characters
 * escaped with upper-case hex, nothing else escaped (not `/`, not U+2028), lone surrogates written as `?`,
 * doubles in Java `Double.toString` form, infinities as the strings "Infinity" / "-Infinity".
 */
import { javaDoubleToString } from "./java-double.js";
import { JsonDouble, type JsonValue, type PlainJsonObject } from "./types.js";

// Anything that JSON.stringify would escape, plus surrogates (which may be lone).
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;
const FIX_ESCAPES = /\\\\|\\u(00[0-9a-f]{2}|d[89a-f][0-9a-f]{2})/g;

/** JSON string literal for `s`, Jackson style. */
export function quoteJsonString(s: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  const q = JSON.stringify(s);
  if (q.indexOf("\\u") < 0) return q;
  return q.replace(FIX_ESCAPES, (m, hex: string | undefined) => {
    if (hex === undefined) return m; // an escaped backslash: leave it alone
    if (hex.startsWith("00")) return `\\u${hex.toUpperCase()}`;
    return "?"; // JSON.stringify escapes only lone surrogates; Jackson's UTF-8 writer emits '?'
  });
}

export function numberToJson(v: number | bigint | JsonDouble): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : javaDoubleToString(v);
  if (typeof v === "bigint") return v.toString();
  const x = v.value;
  if (x === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (x === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  if (Number.isNaN(x)) return '"NaN"';
  return javaDoubleToString(x);
}

function write(v: JsonValue): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return quoteJsonString(v);
    case "number":
    case "bigint":
      return numberToJson(v);
    case "boolean":
      return v ? "true" : "false";
  }
  if (v instanceof Map) {
    if (v.size === 0) return "{}";
    let out = "{";
    let first = true;
    for (const [k, val] of v) {
      out += first ? quoteJsonString(k) : `,${quoteJsonString(k)}`;
      out += `:${write(val)}`;
      first = false;
    }
    return `${out}}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    let out = `[${write(v[0])}`;
    for (let i = 1; i < v.length; i++) out += `,${write(v[i])}`;
    return `${out}]`;
  }
  if (v instanceof JsonDouble) return numberToJson(v);
  if (typeof v === "object") return writePlainObject(v);
  throw new TypeError(`not a JSON value: ${Object.prototype.toString.call(v)}`);
}

/**
 * Serializes a JSON tree compactly, exactly as the reference would.
 *
 * Fast path: most of a large response converts to plain JS values that the native JSON.stringify writes
 * byte-identically (much faster than string building in JS). What it would write differently is
 * pre-serialized by `write` and spliced in through placeholders: objects with integer-like keys (JS
 * would reorder them) or a `__proto__` key, big integers, doubles. Control-character escapes are
 * upper-cased and lone surrogates replaced afterwards, only when the output has any `\u` escape.
 */
export function serializeJson(v: JsonValue): string {
  if (v === null || typeof v !== "object" || v instanceof JsonDouble) return write(v);
  const ctx: PlainContext = { raw: [], nonce: "" };
  const plain = toNativePlain(v, ctx);
  let out = JSON.stringify(plain);
  if (ctx.raw.length > 0) {
    const re = new RegExp(`"\\\\u0000${ctx.nonce}:(\\d+)"`, "g");
    out = out.replace(re, (_m, i: string) => ctx.raw[Number(i)]);
  }
  return fixEscapes(out);
}

/**
 * Serializes a tree made only of plain objects (see PlainJsonObject), arrays, strings, booleans, null
 * and safe integers, which the native JSON.stringify writes as the reference does (members whose value
 * is `undefined` are skipped: they are redacted) apart from the escapes `fixEscapes` corrects.
 */
export function serializeNativeTree(v: JsonValue): string {
  return fixEscapes(JSON.stringify(v));
}

function fixEscapes(out: string): string {
  if (out.indexOf("\\u") < 0) return out;
  return out.replace(FIX_ESCAPES, (m, hex: string | undefined) => {
    if (hex === undefined) return m;
    if (hex.startsWith("00")) return `\\u${hex.toUpperCase()}`;
    return "?";
  });
}

function writePlainObject(v: PlainJsonObject): string {
  let out = "{";
  let first = true;
  for (const k in v) {
    const val = v[k];
    if (val === undefined) continue;
    out += first ? quoteJsonString(k) : `,${quoteJsonString(k)}`;
    out += `:${write(val)}`;
    first = false;
  }
  return `${out}}`;
}

interface PlainContext {
  raw: string[];
  nonce: string;
}

function placeholder(ctx: PlainContext, text: string): string {
  if (ctx.nonce === "") ctx.nonce = Math.random().toString(36).slice(2, 14);
  ctx.raw.push(text);
  return `\u0000${ctx.nonce}:${ctx.raw.length - 1}`;
}

/** True if V8 would enumerate this key before string keys (an array-index-like key) or misuse it. */
function unsafeKey(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return /^(0|[1-9][0-9]{0,9})$/.test(k) && Number(k) < 4294967295;
  return k === "__proto__";
}

function toNativePlain(v: JsonValue, ctx: PlainContext): unknown {
  if (v === null || typeof v !== "object") {
    return typeof v === "bigint" ? placeholder(ctx, v.toString()) : v;
  }
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = toNativePlain(v[i], ctx);
    return a;
  }
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) {
      if (unsafeKey(k)) return placeholder(ctx, write(v));
      o[k] = toNativePlain(val, ctx);
    }
    return o;
  }
  if (v instanceof JsonDouble) return placeholder(ctx, numberToJson(v));
  // a plain object (its keys are safe by construction: see PlainJsonObject)
  const o: Record<string, unknown> = {};
  for (const k in v) {
    const val = v[k];
    if (val !== undefined) o[k] = toNativePlain(val, ctx);
  }
  return o;
}
