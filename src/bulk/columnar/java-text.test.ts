import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../core/java/regex.js";
import { JavaFormatError, javaFormat, javaReplaceAll } from "./java-text.js";

describe("javaFormat (String.format with one text argument)", () => {
  it("formats %s, %S, width, precision, %% and %n", () => {
    expect(javaFormat("%s_enterprise", "alice")).toBe("alice_enterprise");
    expect(javaFormat("%S!", "bob")).toBe("BOB!");
    expect(javaFormat("[%5s|%1$-5s]", "ab")).toBe("[   ab|ab   ]");
    expect(javaFormat("%.2s", "abcdef")).toBe("ab");
    expect(javaFormat("100%% %1$s%n", "x")).toBe("100% x\n");
    expect(javaFormat("no placeholder", "x")).toBe("no placeholder");
  });

  it("rejects conversions that need something other than one text value", () => {
    expect(() => javaFormat("%d", "1")).toThrow(JavaFormatError);
    expect(() => javaFormat("%s-%s", "1")).toThrow(/only one value/);
    expect(() => javaFormat("50%", "1")).toThrow(/malformed/);
  });
});

describe("javaReplaceAll (Matcher.replaceAll)", () => {
  it("expands $n, named groups and \\ escapes", () => {
    expect(javaReplaceAll(compileJavaRegex("(.*)@.*"), "alice@x.com", "$1")).toBe("alice");
    expect(javaReplaceAll(compileJavaRegex("^([a-z]+)\\.(.+)$"), "alice.allen", "$1_$2")).toBe("alice_allen");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Java replacement syntax, not a template
    expect(javaReplaceAll(compileJavaRegex("(?<user>[a-z]+)@"), "bob@", "${user}!")).toBe("bob!");
    expect(javaReplaceAll(compileJavaRegex("a"), "banana", "\\$")).toBe("b$n$n$");
    expect(javaReplaceAll(compileJavaRegex("(.*)"), "abc", "$1x")).toBe("abcxx");
  });

  it("reads further digits only while they name a group", () => {
    expect(javaReplaceAll(compileJavaRegex("(a)"), "a", "$10")).toBe("a0");
  });

  it("throws on references Java rejects", () => {
    expect(() => javaReplaceAll(compileJavaRegex("(a)"), "a", "$2")).toThrow(/no group 2/);
    expect(() => javaReplaceAll(compileJavaRegex("a"), "a", "$x")).toThrow(/illegal group reference/);
    expect(() => javaReplaceAll(compileJavaRegex("a"), "a", "x\\")).toThrow(/escaped is missing/);
  });
});
