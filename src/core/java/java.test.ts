import { describe, expect, it } from "vitest";
import { compileJavaRegex, JavaRegexSyntaxError } from "./regex.js";
import { isBlank, javaSplit, jtrim } from "./strings.js";

describe("Java strings", () => {
  it("trims only code units <= U+0020", () => {
    expect(jtrim("\u0001 a \u00a0")).toBe("a \u00a0");
    expect(jtrim("  ")).toBe("");
  });
  it("isBlank follows Character.isWhitespace", () => {
    expect(isBlank(" \t\u2028\u3000")).toBe(true);
    expect(isBlank("\u00a0")).toBe(false);
    expect(isBlank("\ufeff")).toBe(false);
    expect(isBlank(null)).toBe(true);
  });
  it("split drops trailing empties", () => {
    expect(javaSplit("a,b,,", /,/g)).toEqual(["a", "b"]);
    expect(javaSplit("", /,/g)).toEqual([""]);
    expect(javaSplit(",a", /,/g)).toEqual(["", "a"]);
    expect(javaSplit(",", /,/g)).toEqual([]);
    expect(javaSplit("a b  c", /\s+/g)).toEqual(["a", "b", "c"]);
  });
});

describe("Java regex translation", () => {
  it("\\s is Java's ASCII whitespace", () => {
    const r = compileJavaRegex("a\\sb");
    expect(r.matches("a b")).toBe(true);
    expect(r.matches("a\u00a0b")).toBe(false);
  });
  it(". does not match line terminators incl. U+0085", () => {
    expect(compileJavaRegex(".*").matches("a\u0085b")).toBe(false);
    expect(compileJavaRegex(".*").matches("ab")).toBe(true);
  });
  it("leading (?i) and empty (?) group", () => {
    expect(compileJavaRegex("(?i)^smtp:(.*)$").matchWhole("SMTP:x")?.[1]).toBe("x");
    expect(compileJavaRegex("calendarView(?)[^/]*").matches("calendarView(x)")).toBe(true);
  });
  it("find and literal replaceAll with empty matches", () => {
    expect(compileJavaRegex("x*").replaceAllLiteral("abc", "-")).toBe("-a-b-c-");
    expect(compileJavaRegex("(?i)pwd=[^&]*").replaceAllLiteral("a?PWD=1&b", "")).toBe("a?&b");
  });
  it("$ matches before a final line terminator in find mode", () => {
    expect(compileJavaRegex("a$").find("a\n")?.index).toBe(0);
  });
  it("rejects illegal repetition like {user_id}", () => {
    expect(() => compileJavaRegex("^/users/{user_id}$")).toThrow(JavaRegexSyntaxError);
    expect(compileJavaRegex("\\d{4}-\\d{2,}").matches("2024-123")).toBe(true);
  });
  it("\\Q..\\E quotes", () => {
    expect(compileJavaRegex("\\Qa.b\\E").matches("a.b")).toBe(true);
    expect(compileJavaRegex("\\Qa.b\\E").matches("axb")).toBe(false);
  });
  it("counts groups", () => {
    expect(compileJavaRegex("(a)(?:b)(?<n>c)").groupCount).toBe(2);
  });
  it("POSIX classes", () => {
    expect(compileJavaRegex("[^\\p{Cntrl}]+").matches("abc")).toBe(true);
    expect(compileJavaRegex("[^\\p{Cntrl}]+").matches("a\u0001")).toBe(false);
  });
});
