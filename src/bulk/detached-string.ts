/**
 * A copy of a string that does not keep its parent alive. V8 represents `text.slice(a, b)` as a view
 * into `text`; a memo that keeps such a value as a key would keep the whole input chunk it came from.
 * Slicing a fresh concatenation makes V8 flatten it into a new string of the value's own size.
 */
export function detachedCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
