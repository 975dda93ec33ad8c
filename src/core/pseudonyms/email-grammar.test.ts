import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addrSpecMatchesWhole,
  findComment,
  mailboxMatchesWhole,
  matchAddressAt,
  matchGroupPrefixAt,
  matchMailboxAt,
  matchMailboxWhole,
  quotedStringMatchesWhole,
} from "./email-grammar.js";

/**
 * Independent reference: the spec's A.1 table assembled by plain textual substitution (Java syntax, then the
 * section 11 translation), run by the backtracking JS engine. Only usable on short inputs.
 */
function referenceGrammar() {
  const d: Record<string, string> = {};
  d.WSP = "[ \\t]";
  d.FWS = `(?:${d.WSP}*\\r\\n)?${d.WSP}+`;
  const NWC = "\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F";
  d.QPAIR = "(?:\\\\[\\x01-\\x09\\x0B\\x0C\\x0E-\\x7F])";
  d.CTEXT = `[${NWC}!-'*-\\[\\]-~]`;
  d.COMMENT = `\\((?:(?:${d.FWS})?${d.CTEXT}|${d.QPAIR})*(?:${d.FWS})?\\)`;
  d.CFWS = `(?:(?:${d.FWS})?${d.COMMENT})*(?:(?:(?:${d.FWS})?${d.COMMENT})|(?:${d.FWS}))`;
  d.ATEXT = "[a-zA-Z0-9!#-'*+\\-/=?^-`{-~]";
  d.ATOM = `(?:${d.CFWS})?${d.ATEXT}+(?:${d.CFWS})?`;
  d.DOTATOMTEXT = `${d.ATEXT}+(?:\\.${d.ATEXT}+)*`;
  d.CAPDOTATOM = `(?:${d.CFWS})?(${d.DOTATOMTEXT})(?:${d.CFWS})?`;
  d.QTEXT = '[^\\p{Cntrl}\\\\"]';
  d.LPQTEXT = `[${NWC}!#-\\[\\]-~]`;
  d.QCONTENT = `(?:${d.QTEXT}|${d.QPAIR})`;
  d.LPQCONTENT = `(?>${d.LPQTEXT}|${d.QPAIR})`;
  d.QSTRWO = `"(?>(?:${d.FWS})?${d.QCONTENT})*(?:${d.FWS})?"`;
  d.QSTR = `(?:${d.CFWS})?${d.QSTRWO}(?:${d.CFWS})?`;
  d.LPQSTR = `(?:${d.CFWS})?("(?:(?:${d.FWS})?${d.LPQCONTENT})*(?:${d.FWS})?")(?:${d.CFWS})?`;
  d.WORD = `(?:(?:${d.ATOM})|(?:${d.QSTR}))`;
  d.PHRASE = `${d.WORD}(?:(?:${d.FWS})${d.WORD})*`;
  d.LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";
  d.DNAME = `${d.LABEL}(?:\\.${d.LABEL})*\\.[a-zA-Z]{2,26}`;
  d.DOMAIN = `(?:${d.CFWS})?(${d.DNAME})(?:${d.CFWS})?`;
  d.CAPCFWSDOMAIN = `(?:${d.CFWS})?(${d.DNAME})(${d.CFWS})?`;
  d.LOCALPART = `(${d.CAPDOTATOM}|${d.LPQSTR})`;
  d.ADDRSPEC = `${d.LOCALPART}@${d.DOMAIN}`;
  d.UADDRSPEC = `${d.LOCALPART}@${d.CAPCFWSDOMAIN}`;
  d.ANGLEADDR = `(?:${d.CFWS})?<${d.ADDRSPEC}>(${d.CFWS})?`;
  d.NAMEADDR = `(${d.PHRASE})??(${d.ANGLEADDR})`;
  d.MAILBOX = `(${d.NAMEADDR})|(${d.UADDRSPEC})`;
  d.MAILBOXLIST = `(?:(?:${d.MAILBOX})(?:,(?:${d.MAILBOX}))*)`;
  d.GROUPPREFIX = `${d.PHRASE}:`;
  d.GROUP = `${d.GROUPPREFIX}(?:${d.CFWS}|(?:${d.MAILBOXLIST}))?;(?:${d.CFWS})?`;
  d.ADDRESS = `(?:(?:${d.MAILBOX})|(?:${d.GROUP}))`;
  const js = (s: string) => s.replaceAll("\\p{Cntrl}", "\\x00-\\x1F\\x7F").replaceAll("(?>", "(?:");
  return {
    mailboxWhole: new RegExp(`^(?:${js(d.MAILBOX)})$`),
    mailboxSticky: new RegExp(`(?:${js(d.MAILBOX)})`, "y"),
    addrSpecWhole: new RegExp(`^(?:${js(d.ADDRSPEC)})$`),
    qstrwoWhole: new RegExp(`^(?:${js(d.QSTRWO)})$`),
    groupPrefixSticky: new RegExp(`(?:${js(d.GROUPPREFIX)})`, "y"),
    addressSticky: new RegExp(`(?:${js(d.ADDRESS)})`, "y"),
    comment: new RegExp(js(d.COMMENT)),
  };
}

const ref = referenceGrammar();

function stickyEnd(re: RegExp, s: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(s);
  return m === null ? -1 : pos + m[0].length;
}

const PIECES = [
  "a",
  "B",
  "x",
  "1",
  ".",
  "@",
  "b.co",
  "@b.co",
  "<",
  ">",
  '"',
  " ",
  "  ",
  "\t",
  "\r\n",
  "(",
  ")",
  "(c)",
  "\\",
  ",",
  ":",
  ";",
  "+",
  "-",
  "é",
  "[",
  "!",
  "a@b.co",
  "<a@b.co>",
  '"q r"',
  "n:",
];
const smallInput = fc.array(fc.constantFrom(...PIECES), { maxLength: 9 }).map((a) => a.join(""));

describe("e-mail grammar vs the spec's textual regex", () => {
  it("agrees on whole-string MAILBOX match and all 14 groups", () => {
    fc.assert(
      fc.property(smallInput, (s) => {
        const m = ref.mailboxWhole.exec(s);
        const ours = matchMailboxWhole(s);
        expect(mailboxMatchesWhole(s)).toBe(m !== null);
        if (m === null) expect(ours).toBeNull();
        else expect(ours).toEqual([...m]);
      }),
      { numRuns: 4000 },
    );
  });

  it("agrees on MAILBOX / GROUPPREFIX / ADDRESS prefix matches at every position", () => {
    fc.assert(
      fc.property(smallInput, (s) => {
        for (let pos = 0; pos < s.length; pos++) {
          ref.mailboxSticky.lastIndex = pos;
          const m = ref.mailboxSticky.exec(s);
          const ours = matchMailboxAt(s, pos);
          if (m === null) expect(ours).toBeNull();
          else expect(ours).toEqual({ groups: [...m], end: pos + m[0].length });
          expect(matchGroupPrefixAt(s, pos)).toBe(stickyEnd(ref.groupPrefixSticky, s, pos));
          expect(matchAddressAt(s, pos)).toBe(stickyEnd(ref.addressSticky, s, pos));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("agrees on ADDRSPEC, QSTRWO and COMMENT", () => {
    fc.assert(
      fc.property(smallInput, (s) => {
        expect(addrSpecMatchesWhole(s)).toBe(ref.addrSpecWhole.test(s));
        expect(quotedStringMatchesWhole(s)).toBe(ref.qstrwoWhole.test(s));
        expect(findComment(s)).toBe(ref.comment.exec(s)?.[0] ?? null);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees on group headers", () => {
    for (const s of [
      "undisclosed-recipients:;",
      "team: a@b.co, <c@d.co>;",
      "team: a@b.co, <c@d.co>; x@y.zz",
      "team (c): ;",
      "a b: c@d.co",
    ]) {
      for (let pos = 0; pos < s.length; pos++) {
        expect(matchAddressAt(s, pos)).toBe(stickyEnd(ref.addressSticky, s, pos));
        expect(matchGroupPrefixAt(s, pos)).toBe(stickyEnd(ref.groupPrefixSticky, s, pos));
      }
    }
  });
});

describe("e-mail grammar stays fast on inputs that make backtracking explode", () => {
  const cases: [string, string, boolean][] = [
    ["quoted local with blank runs", `"${"a  ".repeat(40)}<"@x.com`, true],
    ["unterminated quoted string", `"${" ".repeat(5000)}x@a.com`, false],
    ["phrase with blank runs, no address", `a${"  a".repeat(60)} a@b.com>`, false],
    ["phrase with blank runs before angle-addr", `a${"  a".repeat(60)} <a@b.com>`, true],
    ["long blank run", `a${" ".repeat(20000)}b@x`, false],
    ["many comments", `${"(c) ".repeat(2000)}a@b.co x`, false],
    ["long dotted local", `${"a.".repeat(5000)}@b.co`, false],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const t0 = performance.now();
      expect(mailboxMatchesWhole(input)).toBe(expected);
      expect(matchMailboxWhole(input) !== null).toBe(expected);
      for (let pos = 0; pos < Math.min(input.length, 50); pos++) {
        matchMailboxAt(input, pos);
        matchAddressAt(input, pos);
        matchGroupPrefixAt(input, pos);
      }
      expect(performance.now() - t0).toBeLessThan(2000);
    });
  }

  it("address lists with many members and a missing group terminator", () => {
    const s = `g: ${Array.from({ length: 200 }, (_, i) => `"n${i}" <a${i}@b.co>`).join(", ")}`;
    const t0 = performance.now();
    expect(matchAddressAt(s, 0)).toBe(-1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
