/**
 * Finding reversible pseudonyms inside request text (spec 3.9): `p~` + at least 43 base64url characters,
 * greedy, plus an optional `@domain` suffix that is consumed along with the token.
 */

/** Source of the reversal pattern: group 1 the token, group 2 the (possibly empty) `@domain` suffix. */
export const REVERSIBLE_PSEUDONYM_SOURCE = "(p~[a-zA-Z0-9_-]{43,})((?:@[A-Za-z0-9.-]+)?)";

const FIND_ALL = new RegExp(REVERSIBLE_PSEUDONYM_SOURCE, "g");
const FIND_FIRST = new RegExp(REVERSIBLE_PSEUDONYM_SOURCE);

/** The first reversible pseudonym in `s`, split into token and domain suffix (`""` when none), or null. */
export function matchReversiblePseudonym(s: string): { token: string; domainSuffix: string } | null {
  const m = FIND_FIRST.exec(s);
  return m === null ? null : { token: m[1], domainSuffix: m[2] };
}

/** True if `s` contains something shaped like a reversible pseudonym. */
export function containsReversiblePseudonym(s: string): boolean {
  return s.indexOf("p~") >= 0 && FIND_FIRST.test(s);
}

/**
 * Replaces every token (with its suffix) by `decrypt(tokenWithoutPrefix)`, left to right, non-overlapping.
 * The replacement is inserted literally. Errors thrown by `decrypt` propagate.
 */
export function replaceReversiblePseudonyms(text: string, decrypt: (b64url: string) => string): string {
  if (text.indexOf("p~") < 0) return text;
  return text.replace(FIND_ALL, (_whole, token: string) => decrypt(token.slice(2)));
}
