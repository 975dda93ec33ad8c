/**
 * Java `String.CASE_INSENSITIVE_ORDER` / `equalsIgnoreCase`, which Commons CSV header lookup and the
 * columnar rules use: characters are compared after `toLowerCase(toUpperCase(c))`, one UTF-16 unit
 * at a time (so no character expands, unlike JS `toUpperCase` on "ß").
 */

function foldChar(c: string): string {
  const up = c.toUpperCase();
  const u = up.length === 1 ? up : c;
  const low = u.toLowerCase();
  return low.length === 1 ? low : u;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** A key under which case-insensitively equal strings coincide; ordering keys orders the strings. */
export function ciKey(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  let out = "";
  for (let i = 0; i < s.length; i++) out += foldChar(s[i]);
  return out;
}

export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && ciKey(a) === ciKey(b);
}

/** `String.CASE_INSENSITIVE_ORDER.compare` */
export function compareIgnoreCase(a: string, b: string): number {
  const x = ciKey(a);
  const y = ciKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A TreeMap(CASE_INSENSITIVE_ORDER): the first key's spelling is kept, later puts replace the value. */
export class CiMap<V> {
  private readonly m = new Map<string, { key: string; value: V }>();

  get size(): number {
    return this.m.size;
  }
  has(key: string): boolean {
    return this.m.has(ciKey(key));
  }
  get(key: string): V | undefined {
    return this.m.get(ciKey(key))?.value;
  }
  /** the stored spelling of `key` */
  keyOf(key: string): string | undefined {
    return this.m.get(ciKey(key))?.key;
  }
  set(key: string, value: V): void {
    const k = ciKey(key);
    const e = this.m.get(k);
    if (e) e.value = value;
    else this.m.set(k, { key, value });
  }
  /** Put only when absent (Collectors.toMap with merge (a, b) -> a). */
  setIfAbsent(key: string, value: V): void {
    const k = ciKey(key);
    if (!this.m.has(k)) this.m.set(k, { key, value });
  }
  /** Entries in TreeMap order (case-insensitive sort). */
  sorted(): Array<[string, V]> {
    return [...this.m.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, e]) => [e.key, e.value]);
  }
  keys(): string[] {
    return this.sorted().map(([k]) => k);
  }
  values(): V[] {
    return this.sorted().map(([, v]) => v);
  }
}

/** A TreeSet(CASE_INSENSITIVE_ORDER) of the given strings, iterated in sorted order. */
export function ciSet(items: Iterable<string>): CiMap<true> {
  const s = new CiMap<true>();
  for (const i of items) s.setIfAbsent(i, true);
  return s;
}
