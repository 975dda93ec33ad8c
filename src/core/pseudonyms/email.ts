/**
 * E-mail detection, parsing, canonicalisation and header-list parsing, exactly as the reference does it
 * (spec section 3.3 and Appendix A.2-A.5). The grammar itself lives in `email-grammar.ts`.
 */
import { asciiLower, isBlank, jtrim } from "../java/strings.js";
import {
  addrSpecMatchesWhole,
  findComment,
  type MailboxGroups,
  MB,
  mailboxMatchesWhole,
  matchAddressAt,
  matchGroupPrefixAt,
  matchMailboxAt,
  matchMailboxWhole,
  quotedStringMatchesWhole,
} from "./email-grammar.js";

/** A parsed mailbox. `local` keeps its quotes only when it is not a valid dot-atom (`"john doe"`). */
export interface ParsedEmail {
  readonly local: string;
  readonly domain: string;
  /** Display name (or first comment), when there is one. */
  readonly personal?: string;
}

export type EmailCanonicalization = "STRICT" | "IGNORE_DOTS";

/** True iff the whole of `s` is a mailbox (`a@b.co`, `Name <a@b.co>`, with comments/blanks around). */
export function isEmail(s: string): boolean {
  // Cheap exit for the common case: every mailbox contains '@'.
  return s.indexOf("@") >= 0 && mailboxMatchesWhole(s);
}

/**
 * The overwhelmingly common shape: a bare dot-atom address without comments, quotes or display name.
 * Anything matching this is a valid MAILBOX whose local part and domain are simply the two sides of the
 * `@` (A.2 with no CFWS, no quotes), so the full grammar can be skipped. Everything else goes through it.
 */
const SIMPLE_ADDRESS =
  /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,26})$/;

/** Parses a whole-string mailbox (A.2), or returns null when `s` is not one. */
export function parseEmail(s: string | null | undefined): ParsedEmail | null {
  if (s == null || s.indexOf("@") < 0) return null;
  const simple = SIMPLE_ADDRESS.exec(s);
  if (simple !== null) return { local: simple[1], domain: simple[2] };
  const groups = matchMailboxWhole(s);
  return groups === null ? null : fromGroups(groups);
}

function unquote(x: string): string {
  return x.length >= 2 && x.charCodeAt(0) === 0x22 && x.charCodeAt(x.length - 1) === 0x22
    ? x.slice(1, -1)
    : x;
}

function firstComment(x: string | undefined): string | undefined {
  if (x === undefined) return undefined;
  const c = findComment(x);
  if (c === null) return undefined;
  const t = jtrim(c);
  return t.length >= 2 && t.startsWith("(") && t.endsWith(")") ? t.slice(1, -1) : t;
}

function cleanup(p: string): string {
  if (!quotedStringMatchesWhole(p)) return p;
  return jtrim(unquote(p).replaceAll("\\\\", "\\").replaceAll('\\"', '"'));
}

/** A.2 applied to the capture groups of one MAILBOX match. */
function fromGroups(g: MailboxGroups): ParsedEmail {
  let local: string;
  let domain: string;
  let personal: string | undefined;
  if (g[MB.nameAddr] !== undefined) {
    local = g[MB.angleDotLocal] ?? g[MB.angleQuotedLocal] ?? "";
    domain = g[MB.angleDomain] ?? "";
    personal = g[MB.phrase] ?? firstComment(g[MB.angleTrailingCfws]);
  } else {
    local = g[MB.dotLocal] ?? g[MB.quotedLocal] ?? "";
    domain = g[MB.domain] ?? "";
    personal = firstComment(g[MB.trailingCfws]);
  }
  local = jtrim(local);
  domain = jtrim(domain);
  const unquoted = unquote(local);
  if (unquoted !== local && addrSpecMatchesWhole(`${unquoted}@${domain}`)) local = unquoted;
  if (personal === undefined) return { local, domain };
  return { local, domain, personal: cleanup(jtrim(personal)) };
}

/** Formatted form (A.3) used by `pseudonymizeEmailHeader`: `"<personal>" <local@domain>` or `local@domain`. */
export function formatMailbox(a: ParsedEmail): string {
  return a.personal !== undefined && a.personal.length > 0
    ? `"${a.personal}" <${a.local}@${a.domain}>`
    : `${a.local}@${a.domain}`;
}

/** Canonical (hashed) form of a parsed address (spec 3.3). */
export function canonicalizeParsedEmail(a: ParsedEmail, canonicalization: EmailCanonicalization): string {
  let local = asciiLower(a.local);
  const plus = local.indexOf("+");
  if (plus >= 0) local = local.slice(0, plus);
  if (canonicalization === "IGNORE_DOTS") local = local.replaceAll(".", "");
  return `${local}@${asciiLower(a.domain)}`;
}

/** Canonical form of `s` (spec 3.3), or null when `s` is not an e-mail address. */
export function canonicalEmail(s: string, canonicalization: EmailCanonicalization): string | null {
  const parsed = parseEmail(s);
  return parsed === null ? null : canonicalizeParsedEmail(parsed, canonicalization);
}

/** A.4: whether `v` is a comma-separated list of addresses (mailboxes or groups), nothing else. */
export function isValidAddressList(v: string): boolean {
  let pos = 0;
  for (;;) {
    const end = matchAddressAt(v, pos);
    if (end < 0) return false;
    if (end === v.length) return true;
    if (v.charCodeAt(end) !== 0x2c) return false;
    pos = end + 1;
  }
}

/**
 * A.5: the mailboxes of an address-list header, groups flattened, in order. A literal port of the
 * reference's loop (including how it stops early on malformed input).
 */
export function parseHeaderMailboxes(v: string): ParsedEmail[] {
  if (isBlank(v)) return [];
  const out: ParsedEmail[] = [];
  const max = v.length;
  let mStart = 0;
  let gpStart = 0;
  let groupStart = false;
  let groupEnd = false;
  let afterGroupEnd = -1;
  // The reference loop always advances; the bound only guarantees termination on inputs nobody has tried.
  for (let guard = 4 * max + 16; guard > 0; guard--) {
    if (groupEnd) {
      const c = v.indexOf(",", afterGroupEnd);
      if (c < 0 || c >= max - 1) break;
      mStart = gpStart = c + 1;
      groupEnd = false;
    }
    if (v[mStart] === ";") {
      groupStart = false;
      mStart++;
      if (mStart >= max) break;
      gpStart = mStart;
      groupEnd = true;
      afterGroupEnd = mStart;
    }
    const mb = matchMailboxAt(v, mStart);
    if (mb !== null) {
      groupStart = false;
      const e = mb.end;
      // `groupEnd` is only reassigned when the first two tests fail, as in the reference.
      if (e === max || v[e] === "," || (groupEnd = v[e] === ";")) {
        out.push(fromGroups(mb.groups));
        if (e < max - 1) {
          if (!groupEnd) mStart = gpStart = e + 1;
          else afterGroupEnd = e + 1;
        } else break;
      } else break;
    } else {
      const g = matchGroupPrefixAt(v, gpStart);
      if (g >= 0) {
        if (g < max) {
          mStart = gpStart = g;
          groupStart = true;
        } else break;
      } else if (groupStart) {
        const s = v.indexOf(";", mStart);
        if (s < 0 || s >= max - 1) break;
        mStart = gpStart = s + 1;
        groupStart = false;
        groupEnd = true;
        afterGroupEnd = mStart;
      } else if (!groupEnd) break;
    }
  }
  return out;
}
