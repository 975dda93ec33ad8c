/**
 * Java string semantics that hashing and matching depend on (rules-engine spec section 0).
 * JS `trim()`/`split()` differ from Java's in ways that change pseudonyms, so the engine uses these.
 */

/** Java `String.trim()`: strips leading/trailing code units <= U+0020 (and nothing else). */
export function jtrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Java `Character.isWhitespace` on one UTF-16 code unit. */
export function isJavaWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2006) ||
    (c >= 0x2008 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** commons-lang `StringUtils.isBlank`: null, empty, or only Java whitespace. */
export function isBlank(s: string | null | undefined): boolean {
  if (s == null) return true;
  for (let i = 0; i < s.length; i++) {
    if (!isJavaWhitespace(s.charCodeAt(i))) return false;
  }
  return true;
}

/** Lower-cases ASCII letters only (the hashing paths only ever lower ASCII text). */
export function asciiLower(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      needs = true;
      break;
    }
  }
  if (!needs) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : s[i];
  }
  return out;
}

/**
 * Java `String.split(regex)`: like a global regex split, but an empty leading string produced by a
 * zero-width match at index 0 is dropped, all trailing empty strings are removed, and `"".split(x)` is `[""]`.
 * `re` must be a global (`g`) JS regex.
 */
export function javaSplit(s: string, re: RegExp): string[] {
  if (s.length === 0) return [""];
  const parts: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(s);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) {
      // zero-width match: Java never splits at index 0 with a zero-width match, nor at the end
      if (start === 0 || start >= s.length) {
        re.lastIndex = start + 1;
        if (start >= s.length) break;
        continue;
      }
      re.lastIndex = start + 1;
    }
    parts.push(s.slice(last, start));
    last = end;
    if (re.lastIndex > s.length) break;
  }
  if (last === 0 && parts.length === 0) return [s];
  parts.push(s.slice(last));
  let n = parts.length;
  while (n > 0 && parts[n - 1] === "") n--;
  return parts.slice(0, n);
}
