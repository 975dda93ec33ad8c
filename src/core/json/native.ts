/**
 * Fast path for large API responses: when a body can be represented exactly by plain JS values, parse
 * it with the native JSON.parse (several times faster than building the ordered tree in JS).
 *
 * "Exactly" means the plain objects keep document order and every number keeps its value and its
 * integer/double kind. `nativeSafe` checks the text in one pass (strings are skipped with indexOf) and
 * answers false, sending the body to the exact parser, when it finds any of:
 * - a double literal whose value is integral (1.0 must stay a double, JS would make it the integer 1) or
 *   outside the range where JS writes doubles as Java does (see plainDouble);
 * - an integer of more than 15 digits (it might not be a safe JS integer), or `-0`;
 * - a property name starting with a digit (V8 would move array-index-like names first) or `__proto__`;
 * - nesting deeper than the exact parser's limit, or a string longer than the property-name limit
 *   (so the exact parser's limits and its errors stay the only ones);
 * - anything it does not understand (JSON.parse then also decides nothing: the exact parser reports).
 */
import { JSON_LIMITS } from "./parse.js";
import { JsonDouble, type JsonValue, type PlainJsonObject } from "./types.js";

const MAX_SAFE_DIGITS = 15;

export function nativeSafe(t: string): boolean {
  return nativeSafety(t) !== UNSAFE;
}

const UNSAFE = 0;
const PLAIN = 1;
/** Safe once the doubles JS would write differently from Java are wrapped (see wrapOtherDoubles). */
const WRAP_DOUBLES = 2;
type Safety = typeof UNSAFE | typeof PLAIN | typeof WRAP_DOUBLES;

function nativeSafety(t: string): Safety {
  let safety: Safety = PLAIN;
  const n = t.length;
  const maxName = JSON_LIMITS.maxNameLength;
  const maxDepth = JSON_LIMITS.maxDepth;
  let depth = 0;
  let p = 0;
  while (p < n) {
    const c = t.charCodeAt(p);
    if (c === 0x22) {
      // string: find the closing quote (one not preceded by an odd number of backslashes)
      let q = t.indexOf('"', p + 1);
      for (;;) {
        if (q < 0) return UNSAFE;
        if (t.charCodeAt(q - 1) !== 0x5c) break;
        let b = q - 1;
        while (t.charCodeAt(b) === 0x5c) b--;
        if ((q - 1 - b) % 2 === 0) break;
        q = t.indexOf('"', q + 1);
      }
      const len = q - p - 1;
      if (len > maxName) return UNSAFE;
      const c1 = t.charCodeAt(p + 1);
      // could this be an unsafe property name? digits first, or `__proto__` (perhaps spelled with escapes)
      if (
        (c1 >= 0x30 && c1 <= 0x39) ||
        c1 === 0x5c ||
        (c1 === 0x5f && (len === 9 ? t.startsWith("__proto__", p + 1) : hasBackslash(t, p + 1, q)))
      ) {
        let r = q + 1;
        for (;;) {
          const d = t.charCodeAt(r);
          if (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) r++;
          else break;
        }
        if (t.charCodeAt(r) === 0x3a) return UNSAFE;
      }
      p = q + 1;
      // the usual next character: a `:` or `,` between tokens
      const d = t.charCodeAt(p);
      if (d === 0x3a || d === 0x2c) p++;
      continue;
    }
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (++depth > maxDepth) return UNSAFE;
        p++;
        continue;
      case 0x7d:
      case 0x5d:
        depth--;
        p++;
        continue;
      case 0x2c: // ,
      case 0x3a: // :
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
        p++;
        continue;
      case 0x74: // true
      case 0x6e: // null
        p += 4;
        continue;
      case 0x66: // false
        p += 5;
        continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let r = p;
      if (c === 0x2d) r++;
      const start = r;
      for (;;) {
        const d = t.charCodeAt(r);
        if (d >= 0x30 && d <= 0x39) r++;
        else break;
      }
      const d = t.charCodeAt(r);
      if (d === 0x2e || d === 0x65 || d === 0x45) {
        // a double: fine when JS writes it as Java does (see plainDouble)
        r++;
        for (;;) {
          const e = t.charCodeAt(r);
          if ((e >= 0x30 && e <= 0x39) || e === 0x2e || e === 0x65 || e === 0x45 || e === 0x2b || e === 0x2d)
            r++;
          else break;
        }
        const v = Number(t.slice(p, r));
        if (!plainDouble(v)) {
          // a non-integral value JS writes otherwise (1.7E9 style, tiny values) becomes a JsonDouble;
          // an integral one (1.0, 2e3) cannot be told from an integer once parsed
          if (Number.isInteger(v) || !Number.isFinite(v)) return UNSAFE;
          safety = WRAP_DOUBLES;
        }
      } else {
        if (r - start > MAX_SAFE_DIGITS) return UNSAFE;
        if (c === 0x2d && t.charCodeAt(start) === 0x30) return UNSAFE; // -0
      }
      p = r;
      continue;
    }
    return UNSAFE;
  }
  return safety;
}

/**
 * A double literal that plain JS values keep: its value is not integral (JS would take 1.0 for the
 * integer 1) and lies in [1e-3, 1e7) in magnitude, where JS and Java's Double.toString both write the
 * shortest round-tripping digits in plain notation (elsewhere Java writes 1.0E7 style and may pick
 * other digits for subnormals). NaN (a malformed literal) is refused as well.
 */
function plainDouble(v: number): boolean {
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e7 && !Number.isInteger(v);
}

/** Whether t[from, to) holds a backslash (bounded: never looks outside the range). */
function hasBackslash(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (t.charCodeAt(i) === 0x5c) return true;
  return false;
}

/**
 * The body as plain JS values when that is exact (see above) and the text is one valid JSON document;
 * undefined otherwise (the caller then uses the exact parser, which also produces the errors).
 */
export function parseNativeIfSafe(text: string): NativeDocument | undefined {
  const safety = nativeSafety(text);
  if (safety === UNSAFE) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (safety === WRAP_DOUBLES) value = wrapOtherDoubles(value);
  return { value, plainScalars: safety === PLAIN };
}

export interface NativeDocument {
  value: JsonValue;
  /**
   * True when every scalar is one the native JSON.stringify writes as the reference does; false when
   * the tree holds JsonDouble values (it must then be written by serializeJson).
   */
  plainScalars: boolean;
}

/** Replaces the non-integral numbers outside plainDouble's range by JsonDouble, in place. */
function wrapOtherDoubles(v: JsonValue): JsonValue {
  if (typeof v === "number") return Number.isInteger(v) || plainDouble(v) ? v : new JsonDouble(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (typeof e === "number" || (typeof e === "object" && e !== null)) v[i] = wrapOtherDoubles(e);
    }
    return v;
  }
  if (typeof v === "object" && v !== null) {
    const o = v as PlainJsonObject;
    for (const k in o) {
      const e = o[k];
      if (typeof e === "number" || (typeof e === "object" && e !== null)) o[k] = wrapOtherDoubles(e);
    }
  }
  return v;
}
