/**
 * Splitting request URLs and parsing query strings the way the reference sees them.
 *
 * URLs reach the rules as Java's lenient `java.net.URL` parses them: spaces, `{braces}`, quotes or a
 * backslash are kept as-is, so we split by string position and never decode the path. Query strings are
 * parsed like Apache HttpClient 4.5 `URLEncodedUtils.parse(query, UTF-8)` (rules-engine spec 7.5):
 * `&` and `;` separate parameters, white space around tokens is dropped, values may be double-quoted,
 * names and values are form-decoded (`+` is a space, invalid `%` escapes stay literal).
 */
import type { QueryParameter } from "../schema/parameter-schema.js";

export interface UrlParts {
  /** e.g. "https" (null for a URL without scheme) */
  scheme: string | null;
  /** host[:port] with any userinfo (null when there is no `//authority`) */
  authority: string | null;
  /** raw path, "" when absent */
  path: string;
  /** raw query without `?`; null when the URL has no `?` */
  query: string | null;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Splits a URL into raw parts; never throws, drops any `#fragment`. */
export function splitUrl(url: string): UrlParts {
  let rest = url;
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  let scheme: string | null = null;
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = m[0].slice(0, -1);
    rest = rest.slice(m[0].length);
  }
  let authority: string | null = null;
  if (rest.startsWith("//")) {
    let end = rest.length;
    for (const c of ["/", "?"]) {
      const i = rest.indexOf(c, 2);
      if (i >= 0 && i < end) end = i;
    }
    authority = rest.slice(2, end);
    rest = rest.slice(end);
  }
  const q = rest.indexOf("?");
  if (q < 0) return { scheme, authority, path: rest, query: null };
  return { scheme, authority, path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** The path as a rules `pathRegex` sees it: path plus `?query` when the URL has a query. */
export function relativeUrl(parts: UrlParts): string {
  return parts.query === null ? parts.path : `${parts.path}?${parts.query}`;
}

const isWs = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSeparator = (c: string) => c === "&" || c === ";";

/**
 * Parses a raw query string into decoded name/value pairs (duplicates kept, empty names dropped,
 * `value` null for a bare name).
 */
export function parseQueryString(query: string | null | undefined): QueryParameter[] {
  const out: QueryParameter[] = [];
  if (!query) return out;
  let pos = 0;
  const n = query.length;
  while (pos < n) {
    // name: token up to '=' or a separator, white space collapsed
    let name = "";
    let ws = false;
    while (pos < n) {
      const c = query[pos];
      if (c === "=" || isSeparator(c)) break;
      if (isWs(c)) {
        while (pos < n && isWs(query[pos])) pos++;
        ws = true;
        continue;
      }
      if (ws && name.length > 0) name += " ";
      while (pos < n && !isWs(query[pos]) && query[pos] !== "=" && !isSeparator(query[pos]))
        name += query[pos++];
      ws = false;
    }
    let value: string | null = null;
    if (pos < n) {
      const delim = query[pos++];
      if (delim === "=") {
        let v = "";
        ws = false;
        while (pos < n) {
          const c = query[pos];
          if (isSeparator(c)) break;
          if (isWs(c)) {
            while (pos < n && isWs(query[pos])) pos++;
            ws = true;
            continue;
          }
          if (ws && v.length > 0) v += " ";
          ws = false;
          if (c === '"') {
            pos++;
            let escaped = false;
            while (pos < n) {
              const d = query[pos++];
              if (escaped) {
                if (d !== '"' && d !== "\\") v += "\\";
                v += d;
                escaped = false;
              } else if (d === '"') break;
              else if (d === "\\") escaped = true;
              else if (d !== "\r" && d !== "\n") v += d;
            }
          } else {
            while (pos < n && !isWs(query[pos]) && !isSeparator(query[pos]) && query[pos] !== '"')
              v += query[pos++];
          }
        }
        value = v;
        if (pos < n) pos++;
      }
    }
    if (name.length > 0)
      out.push({ name: formDecode(name), value: value === null ? null : formDecode(value) });
  }
  return out;
}

const utf8 = new TextDecoder("utf-8");

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** `application/x-www-form-urlencoded` decoding as UTF-8 (Java: chars are put into the byte buffer as `(byte) c`). */
export function formDecode(s: string): string {
  if (!/[%+]/.test(s) && !/[^\x00-\x7f]/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  let len = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && s.length - i - 1 >= 2) {
      const u = hexDigit(s.charCodeAt(i + 1));
      const l = hexDigit(s.charCodeAt(i + 2));
      if (u >= 0 && l >= 0) bytes[len++] = (u << 4) + l;
      else {
        bytes[len++] = 0x25;
        bytes[len++] = s.charCodeAt(i + 1) & 0xff;
        bytes[len++] = s.charCodeAt(i + 2) & 0xff;
      }
      i += 2;
    } else if (c === 0x2b) bytes[len++] = 0x20;
    else bytes[len++] = c & 0xff;
  }
  return utf8.decode(bytes.subarray(0, len));
}
