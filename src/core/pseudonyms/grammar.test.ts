import { describe, expect, it } from "vitest";
import {
  alt,
  atomic,
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

describe("grammar toolkit", () => {
  it("emits JS regex source with capture numbering", () => {
    const g = seq(cap(plus(chars("[a-z]"))), lit("@"), opt(cap(lit("x."))));
    const { re, capGroups } = toRegExp(g, "whole", true);
    expect(re.source).toBe("^(?:([a-z]+)@(?:(x\\.))?)$");
    expect(capGroups).toEqual([1, 2]);
    expect(toRegExp(g, "whole", false).re.source).toBe("^(?:(?:[a-z]+)@(?:(?:x\\.))?)$");
  });

  it("emulates atomic groups and keeps grammar capture ordinals", () => {
    const g = seq(atomic(star(chars("a"))), cap(chars("a")));
    const { re, capGroups } = toRegExp(g, "whole", true);
    expect(capGroups).toEqual([2]);
    // (?>a*)a can never match: the atomic group does not give an 'a' back
    expect(re.test("aaa")).toBe(false);
    expect(toRegExp(seq(star(chars("a")), cap(chars("a"))), "whole", true).re.test("aaa")).toBe(true);
  });

  it("lazy optional and bounded repetition", () => {
    const g = seq(lazyOpt(cap(chars("a"))), cap(star(chars("a"))));
    const m = toRegExp(g, "whole", true).re.exec("aa")!;
    expect([m[1], m[2]]).toEqual([undefined, "aa"]);
    const r = rep(chars("b"), 2, 3);
    expect(toRegExp(r, "whole", false).re.source).toBe("^(?:b{2,3})$");
    const dfa = new LazyDfa(r);
    expect(["b", "bb", "bbb", "bbbb"].map((s) => dfa.matchesWhole(s))).toEqual([false, true, true, false]);
  });

  it("DFA whole and prefix matching agree with the regex", () => {
    const g = alt(seq(lit("ab"), star(lit("c"))), lit("x"));
    const dfa = new LazyDfa(g);
    const whole = toRegExp(g, "whole", false).re;
    for (const s of ["", "ab", "abc", "abcc", "a", "x", "xx", "abd", "é"]) {
      expect(dfa.matchesWhole(s)).toBe(whole.test(s));
    }
    expect(dfa.matchesPrefix("abd")).toBe(true);
    expect(dfa.matchesPrefix("zab")).toBe(false);
    expect(dfa.matchesPrefix("zab", 1)).toBe(true);
    expect(dfa.matchesWhole("zabc", 1)).toBe(true);
  });

  it("treats all non-ASCII code units as one symbol", () => {
    const dfa = new LazyDfa(plus(chars("[^a]")));
    expect(dfa.matchesWhole("é中😀\u2028")).toBe(true);
    expect(() => chars("[é]")).toThrow(/non-ASCII/);
  });
});
