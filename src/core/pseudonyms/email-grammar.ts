/**
 * The RFC-2822-derived e-mail grammar of the reference (spec Appendix A.1), built once at module load.
 * Names follow the spec table; Java syntax is translated per spec section 11 (`\p{Cntrl}` ->
 * `\x00-\x1F\x7F`); Java's atomic group in QSTRWO is kept (emulated) because without it a backtracking
 * engine needs exponential time on quoted strings with runs of blanks.
 */
import {
  alt,
  atomic,
  type CompiledRegex,
  cap,
  chars,
  LazyDfa,
  lazyOpt,
  lit,
  opt,
  plus,
  rep,
  seq,
  star,
  toRegExp,
} from "./grammar.js";

const WSP = chars("[ \\t]");
const FWS = seq(opt(seq(star(WSP), lit("\r\n"))), plus(WSP));
/** "no whitespace control" characters, as a class body. */
const NWC = "\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F";
const QPAIR = seq(lit("\\"), chars("[\\x01-\\x09\\x0B\\x0C\\x0E-\\x7F]"));
const CTEXT = chars(`[${NWC}!-'*-\\[\\]-~]`);
// The reference leaves `CTEXT|QPAIR` ungrouped, so the optional FWS only precedes CTEXT.
const COMMENT = seq(lit("("), star(alt(seq(opt(FWS), CTEXT), QPAIR)), opt(FWS), lit(")"));
const CFWS = seq(star(seq(opt(FWS), COMMENT)), alt(seq(opt(FWS), COMMENT), FWS));
const ATEXT = chars("[a-zA-Z0-9!#-'*+\\-/=?^-`{-~]");
const ATOM = seq(opt(CFWS), plus(ATEXT), opt(CFWS));
const DOTATOMTEXT = seq(plus(ATEXT), star(seq(lit("."), plus(ATEXT))));
const CAPDOTATOM = seq(opt(CFWS), cap(DOTATOMTEXT), opt(CFWS));
const QTEXT = chars('[^\\x00-\\x1F\\x7F\\\\"]');
const LPQTEXT = chars(`[${NWC}!#-\\[\\]-~]`);
const QCONTENT = alt(QTEXT, QPAIR);
// Java writes (?>LPQTEXT|QPAIR); its alternatives start with disjoint characters, so atomicity is moot.
const LPQCONTENT = alt(LPQTEXT, QPAIR);
const QSTRWO = seq(lit('"'), star(atomic(seq(opt(FWS), QCONTENT))), opt(FWS), lit('"'));
const QSTR = seq(opt(CFWS), QSTRWO, opt(CFWS));
const LPQSTR = seq(
  opt(CFWS),
  cap(seq(lit('"'), star(seq(opt(FWS), LPQCONTENT)), opt(FWS), lit('"'))),
  opt(CFWS),
);
const WORD = alt(ATOM, QSTR);
const PHRASE = seq(WORD, star(seq(FWS, WORD)));
const LABEL = seq(chars("[a-zA-Z0-9]"), opt(seq(rep(chars("[a-zA-Z0-9-]"), 0, 61), chars("[a-zA-Z0-9]"))));
const DNAME = seq(LABEL, star(seq(lit("."), LABEL)), lit("."), rep(chars("[a-zA-Z]"), 2, 26));
const DOMAIN = seq(opt(CFWS), cap(DNAME), opt(CFWS));
const CAPCFWSDOMAIN = seq(opt(CFWS), cap(DNAME), opt(cap(CFWS)));
const LOCALPART = cap(alt(CAPDOTATOM, LPQSTR));
const ADDRSPEC = seq(LOCALPART, lit("@"), DOMAIN);
const UADDRSPEC = seq(LOCALPART, lit("@"), CAPCFWSDOMAIN);
const ANGLEADDR = seq(opt(CFWS), lit("<"), ADDRSPEC, lit(">"), opt(cap(CFWS)));
const NAMEADDR = seq(lazyOpt(cap(PHRASE)), cap(ANGLEADDR));
const MAILBOX = alt(cap(NAMEADDR), cap(UADDRSPEC));
const MAILBOXLIST = seq(MAILBOX, star(seq(lit(","), MAILBOX)));
const GROUPPREFIX = seq(PHRASE, lit(":"));
const GROUP = seq(GROUPPREFIX, opt(alt(CFWS, MAILBOXLIST)), lit(";"), opt(CFWS));

/** MAILBOX capture groups (spec A.1), by grammar capture ordinal. */
export const MB = {
  nameAddr: 1,
  phrase: 2,
  angleAddr: 3,
  angleLocal: 4,
  angleDotLocal: 5,
  angleQuotedLocal: 6,
  angleDomain: 7,
  angleTrailingCfws: 8,
  addrSpec: 9,
  local: 10,
  dotLocal: 11,
  quotedLocal: 12,
  domain: 13,
  trailingCfws: 14,
} as const;

// Membership automata: consulted before any RegExp runs (see grammar.ts for why).
const mailboxDfa = new LazyDfa(MAILBOX);
const addrSpecDfa = new LazyDfa(ADDRSPEC);
const qstrwoDfa = new LazyDfa(QSTRWO);
const groupPrefixDfa = new LazyDfa(GROUPPREFIX);
const groupDfa = new LazyDfa(GROUP);

const MAILBOX_WHOLE: CompiledRegex = toRegExp(MAILBOX, "whole", true);
const MAILBOX_STICKY: CompiledRegex = toRegExp(MAILBOX, "sticky", true);
const GROUPPREFIX_STICKY: CompiledRegex = toRegExp(GROUPPREFIX, "sticky", false);
const GROUP_STICKY: CompiledRegex = toRegExp(GROUP, "sticky", false);
/** COMMENT has a unique parse, so a plain search cannot backtrack badly. */
const COMMENT_SEARCH: CompiledRegex = toRegExp(COMMENT, "search", false);

if (MAILBOX_WHOLE.capGroups.length !== 14) throw new Error("e-mail grammar: MAILBOX must have 14 groups");

/** MAILBOX capture groups of a match, indexed by spec group number (index 0 unused). */
export type MailboxGroups = (string | undefined)[];

function pick(m: RegExpExecArray, capGroups: readonly number[]): MailboxGroups {
  const out: MailboxGroups = [m[0]];
  for (const g of capGroups) out.push(m[g]);
  return out;
}

/** True iff the whole of `s` is a MAILBOX. */
export function mailboxMatchesWhole(s: string): boolean {
  return mailboxDfa.matchesWhole(s);
}

/** Capture groups of MAILBOX matched against the whole of `s`, or null. */
export function matchMailboxWhole(s: string): MailboxGroups | null {
  if (!mailboxDfa.matchesWhole(s)) return null;
  const m = MAILBOX_WHOLE.re.exec(s);
  return m === null ? null : pick(m, MAILBOX_WHOLE.capGroups);
}

/** MAILBOX anchored at `pos` (Java `lookingAt` on a region): its groups and end, or null. */
export function matchMailboxAt(s: string, pos: number): { groups: MailboxGroups; end: number } | null {
  if (!mailboxDfa.matchesPrefix(s, pos)) return null;
  const re = MAILBOX_STICKY.re;
  re.lastIndex = pos;
  const m = re.exec(s);
  return m === null ? null : { groups: pick(m, MAILBOX_STICKY.capGroups), end: pos + m[0].length };
}

function stickyEnd(dfa: LazyDfa, compiled: CompiledRegex, s: string, pos: number): number {
  if (!dfa.matchesPrefix(s, pos)) return -1;
  const re = compiled.re;
  re.lastIndex = pos;
  const m = re.exec(s);
  return m === null ? -1 : pos + m[0].length;
}

/** End of the GROUPPREFIX (`phrase:`) anchored at `pos`, or -1. */
export function matchGroupPrefixAt(s: string, pos: number): number {
  return stickyEnd(groupPrefixDfa, GROUPPREFIX_STICKY, s, pos);
}

/** End of the ADDRESS (MAILBOX, else GROUP) anchored at `pos`, or -1. */
export function matchAddressAt(s: string, pos: number): number {
  // ADDRESS = (?:MAILBOX)|(?:GROUP): a prefix match of the first alternative is the match of the whole.
  const mb = matchMailboxAt(s, pos);
  if (mb !== null) return mb.end;
  return stickyEnd(groupDfa, GROUP_STICKY, s, pos);
}

export function addrSpecMatchesWhole(s: string): boolean {
  return addrSpecDfa.matchesWhole(s);
}

export function quotedStringMatchesWhole(s: string): boolean {
  return qstrwoDfa.matchesWhole(s);
}

/** First COMMENT in `s`, or null. */
export function findComment(s: string): string | null {
  const m = COMMENT_SEARCH.re.exec(s);
  return m === null ? null : m[0];
}
