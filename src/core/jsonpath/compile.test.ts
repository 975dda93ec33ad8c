import { describe, expect, it } from "vitest";
import { parseJson, serializeJson } from "../json/index.js";
import { compileJsonPath, JsonPathSyntaxError, PathNotFoundError, readPath } from "./index.js";

const read = (json: string, path: string): string =>
  serializeJson(readPath(parseJson(json), compileJsonPath(path)));

function syntaxError(path: string): JsonPathSyntaxError {
  try {
    compileJsonPath(path);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonPathSyntaxError);
    return e as JsonPathSyntaxError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe("path syntax (spec 5.2)", () => {
  it("prepends $. when the path starts with neither $ nor @", () => {
    expect(read('{"foo":{"bar":1}}', "foo.bar")).toBe("1");
    expect(read('{"foo":{"bar":1}}', "$.foo.bar")).toBe("1");
    expect(read('{"foo":{"bar":1}}', "@.foo.bar")).toBe("1");
  });

  it("ignores trailing blanks; a trailing '.' or '..' is an error", () => {
    expect(read('{"a":1}', "$.a   ")).toBe("1");
    for (const p of ["$.", "$.a.", "$..", "$.prop..", "a.", "."]) syntaxError(p);
  });

  it("rejects what Jayway rejects", () => {
    for (const p of [
      "",
      "$X",
      "$.foo bar",
      "$...a",
      "$[",
      "$['a'",
      "$['a',]",
      "$['a',,'b']",
      "$['a' 'b']",
      "$[*",
      "$[?]",
    ]) {
      syntaxError(p);
    }
  });

  it("reports the path text, a stable code and a position", () => {
    const e = syntaxError("$.foo bar");
    expect(e.code).toBe("JSONPATH_INVALID");
    expect(e.message).toContain('"$.foo bar"');
    expect(e.message).toContain("position");
  });

  it("does not support functions", () => {
    expect(syntaxError("$.a.length()").message).toContain("functions are not supported");
  });

  it("leading blanks break the path exactly as in Jayway (it re-reads the raw first character)", () => {
    syntaxError("  $.a");
  });

  it("quoted names are literal: no wildcard, dot or bracket meaning", () => {
    const doc =
      '{"requested_reviewers[*]":{"login":"x"},"a.b":1,"@odata.type":"t","requested_reviewers":[{"login":"y"}]}';
    expect(read(doc, "$['requested_reviewers[*]'].login")).toBe('"x"');
    expect(read(doc, "$['a.b']")).toBe("1");
    expect(read(doc, "$..['@odata.type']")).toBe('["t"]');
    expect(read(doc, '$["a.b"]')).toBe("1");
  });

  it("honours backslash escapes in quoted names", () => {
    expect(read(`{"it's":1}`, "$['it\\'s']")).toBe("1");
    expect(read('{"a\\\\b":2}', "$['a\\\\b']")).toBe("2");
    expect(read('{"tab\\there":3}', "$['tab\\there']")).toBe("3");
    expect(read('{"A":4}', "$['\\u0041']")).toBe("4");
  });

  it("allows blanks around brackets and commas", () => {
    const doc = '{"prop0":1,"prop1":2,"@prop":3}';
    expect(read(doc, "$[  '@prop'  ]")).toBe("3");
    expect(read(doc, "$[  'prop0'  , 'prop1'  ]")).toBe('{"prop0":1,"prop1":2}');
  });

  it("ignores a '.' directly before '['", () => {
    const doc = '{"a":1,"b":2,"c":3}';
    expect(read(doc, "$.['a','b']")).toBe(read(doc, "$['a','b']"));
    expect(read(doc, "$.['a']")).toBe("1");
  });

  it("name tokens run to the next '.' or '['; '@' and digits are fine", () => {
    const doc = '{"1prop":1,"@prop":2,"x":{"y]":3}}';
    expect(read(doc, "$.1prop")).toBe("1");
    expect(read(doc, "$.@prop")).toBe("2");
    expect(read(doc, "$.x.y]")).toBe("3");
  });

  it("accepts wildcard forms", () => {
    const doc = '{"a":1,"b":[2]}';
    for (const p of ["$.*", "$[*]", "$[ * ]"]) expect(read(doc, p)).toBe("[1,[2]]");
  });

  it("accepts indexes and slices, including negatives", () => {
    const doc = "[0,1,2,3,4]";
    expect(read(doc, "$[1]")).toBe("1");
    expect(read(doc, "$[-1]")).toBe("4");
    expect(read(doc, "$[1,3]")).toBe("[1,3]");
    expect(read(doc, "$[ 1 , 2 , 3 ]")).toBe("[1,2,3]");
    expect(read(doc, "$[-2:]")).toBe("[3,4]");
    expect(read(doc, "$[1:3]")).toBe("[1,2]");
    expect(read(doc, "$[:2]")).toBe("[0,1]");
    expect(read(doc, "$[:-1]")).toBe("[0,1,2,3]");
    expect(read(doc, "$[7:9]")).toBe("[]");
    expect(() => read(doc, "$[7]")).toThrow(PathNotFoundError);
  });

  it("accepts filters with both quote styles and nested brackets", () => {
    const doc = '[{"foo":"bar"},{"foo":"baz"}]';
    expect(read(doc, "$[?(@.foo == 'bar')]")).toBe('[{"foo":"bar"}]');
    expect(read(doc, '$[?(@.foo == "bar")]')).toBe('[{"foo":"bar"}]');
    expect(read(doc, "$[ ?( @.foo == 'bar' ) ]")).toBe('[{"foo":"bar"}]');
  });

  it("parses scans before bracket tokens", () => {
    expect(read('{"prop":{"a":[1,2]}}', "$..['prop']..[*]")).toBe("[[1,2],1,2]");
  });

  it("tolerates trailing garbage after a closing bracket exactly like Jayway", () => {
    // Jayway stops when the cursor reaches the last character, which is then never read.
    expect(read('{"a":{"b":1}}', "$['a']x")).toBe('{"b":1}');
  });

  it("computes Jayway's definiteness", () => {
    const definite = (p: string) => compileJsonPath(p).definite;
    expect(definite("$")).toBe(true);
    expect(definite("$.a.b")).toBe(true);
    expect(definite("$.a['x','y']")).toBe(true);
    expect(definite("$.a[0]")).toBe(true);
    expect(definite("$.a['x','y'].z")).toBe(false);
    expect(definite("$.a[0,1]")).toBe(false);
    expect(definite("$.a[1:2]")).toBe(false);
    expect(definite("$.a[*]")).toBe(false);
    expect(definite("$..a")).toBe(false);
    expect(definite("$.a[?(@.x)]")).toBe(false);
  });

  it("caches compiled paths by text", () => {
    expect(compileJsonPath("$.cached.path")).toBe(compileJsonPath("$.cached.path"));
    expect(compileJsonPath("$.cached.path").text).toBe("$.cached.path");
  });

  it("rejects malformed filters at compile time", () => {
    for (const p of [
      "$[?(@.a ==)]",
      "$[?(@.a == 'x']",
      "$[?(@.a == 'x' &&)]",
      "$[?(@.a == tru)]",
      "$[?(@.a =~ /(/)]",
      "$[?(@.a === )]",
      "$[?(@.a in)]",
      "$[?((@.a == 1)]",
      "$[?(@.a == 1))]",
      "$[?(x)]",
      "$[?(@.a.)]",
    ]) {
      syntaxError(p);
    }
  });

  it("names the regex problem when a filter regex is invalid", () => {
    expect(syntaxError("$[?(@.a =~ /(/)]").message).toMatch(/regular expression/);
  });
});
