import { describe, expect, it } from "vitest";
import { parseJson, serializeJson } from "../json/index.js";
import { compileJsonPath, deletePath, JsonPathEvaluationError, readPath } from "./index.js";

/** Indexes of the elements of `items` (a JSON array) selected by `[?(expr)]`. */
function sel(items: string, expr: string): number[] {
  const doc = parseJson(`{"items":${items}}`);
  const marked = (doc as Map<string, unknown>).get("items") as unknown[];
  const found = readPath(doc, compileJsonPath(`$.items[?(${expr})]`)) as unknown[];
  return found.map((v) => marked.indexOf(v));
}

/** Whether `[?(expr)]` holds for the single object `item` (filter on an object is a condition). */
function holds(item: string, expr: string, root = "{}"): boolean {
  const doc = parseJson(root) as Map<string, unknown>;
  doc.set("it", parseJson(item) as never);
  return (readPath(doc as never, compileJsonPath(`$.it[?(${expr})]`)) as unknown[]).length === 1;
}

describe("existence (spec 5.4)", () => {
  it("holds when the path is found, even with a null value; ! negates", () => {
    expect(sel('[{"x":1},{"x":null},{"y":1}]', "@.x")).toEqual([0, 1]);
    expect(sel('[{"x":1},{"x":null},{"y":1}]', "!@.x")).toEqual([2]);
    expect(sel('[{"a":{"b":1}},{"a":{}},{"a":2}]', "@.a.b")).toEqual([0]);
  });

  it("indefinite paths exist whenever evaluation does not fail (Jayway REQUIRE_PROPERTIES)", () => {
    expect(sel('[{"a":[]},{"a":[{"b":1}]},{"a":[{"b":1},{}]}]', "@.a[*].b")).toEqual([0, 1]);
  });
});

describe("== and != (spec 5.4)", () => {
  it("MISSING equals nothing: == is false and != is true (13.17)", () => {
    expect(sel('[{"x":"v"},{"y":1},{"x":"w"}]', "@.x != 'v'")).toEqual([1, 2]);
    expect(sel('[{"x":"v"},{"y":1},{"x":"w"}]', "@.x == 'v'")).toEqual([0]);
    expect(sel('[{"x":"v"},{"y":1},{"x":"w"}]', "@.x in ['v']")).toEqual([0]);
    expect(sel('[{"x":"v"},{"y":1},{"x":"w"}]', "@.x nin ['v']")).toEqual([1, 2]);
  });

  it("strings compare exactly and case-sensitively", () => {
    expect(sel('[{"n":"Bob"},{"n":"bob"},{"n":"Bob "}]', "@.n == 'Bob'")).toEqual([0]);
  });

  it("numbers compare numerically; number vs string is coerced with the left side as receiver", () => {
    expect(sel('[{"n":1},{"n":1.0},{"n":2},{"n":"1"},{"n":"1.0"}]', "@.n == 1")).toEqual([0, 1, 3]);
    expect(sel('[{"n":1},{"n":1.0},{"n":"1.0"}]', "@.n == 1.0")).toEqual([0, 1, 2]);
    expect(holds('{"n":1}', "@.n == '1.0'")).toBe(true);
    expect(holds('{"n":"1.0"}', "@.n == 1")).toBe(false);
    expect(holds('{"n":"1"}', "@.n == 1")).toBe(true);
    expect(holds('{"n":"x"}', "@.n == 1")).toBe(false);
    expect(holds('{"n":12345678901234567890}', "@.n == 12345678901234567890")).toBe(true);
    expect(holds('{"n":1e10}', "@.n == 10000000000")).toBe(true);
  });

  it("booleans only equal booleans; the string 'true' is not true", () => {
    expect(sel('[{"s":true},{"s":"true"},{"s":false},{}]', "@.s==true")).toEqual([0]);
    expect(sel('[{"s":true},{"s":"true"},{"s":false},{}]', "@.s != true")).toEqual([1, 2, 3]);
  });

  it("null only equals null", () => {
    expect(sel('[{"v":null},{"v":"null"},{"v":0},{}]', "@.v == null")).toEqual([0]);
  });

  it("arrays and objects compare structurally with Java types", () => {
    expect(sel('[{"a":[1,2]},{"a":[2,1]},{"a":[1.0,2]}]', "@.a == [1,2]")).toEqual([0]);
    expect(
      sel('[{"o":{"x":1,"y":"z"}},{"o":{"y":"z","x":1}},{"o":{"x":2}}]', "@.o == {'x':1,'y':'z'}"),
    ).toEqual([0, 1]);
    expect(holds('{"a":[1],"b":[1]}', "@.a == @.b")).toBe(true);
    // a literal on the left is still unparsed text in Jayway and never equals
    expect(holds('{"a":[1]}', "[1] == @.a")).toBe(false);
  });

  it("!= is the exact negation of ==", () => {
    const items = '[{"n":1},{"n":"1"},{"n":"1.0"},{"n":null},{},{"n":[1]},{"n":true}]';
    const eq = sel(items, "@.n == 1");
    const ne = sel(items, "@.n != 1");
    expect([...eq, ...ne].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("=== and !== also require the same node type", () => {
    expect(sel('[{"n":1},{"n":"1"}]', "@.n === 1")).toEqual([0]);
    expect(sel('[{"n":1},{"n":"1"}]', "@.n !== 1")).toEqual([1]);
  });
});

describe("=~ (spec 5.4)", () => {
  it("is a whole-string match: unbracketed alternation does not match inside (13.18)", () => {
    const items = '[{"name":"to"},{"name":"FROM"},{"name":"X-To-Y"},{"name":"Cc"},{"name":"From: x"}]';
    expect(sel(items, "@.name =~ /^From|To|Cc$/i")).toEqual([0, 1, 3]);
    expect(sel(items, "@.name =~ /^(From|To)$/i")).toEqual([0, 1]);
    expect(sel(items, "@.name =~ /From.*/")).toEqual([4]);
  });

  it("tests MISSING, null and objects as the empty string (13.19)", () => {
    const items = '[{"name":"From"},{"other":1},{"name":null},{"name":{"a":1}},{"name":"x"}]';
    expect(sel(items, "!(@.name =~ /^From|To$/i)")).toEqual([1, 2, 3, 4]);
    expect(sel(items, "@.name =~ /^$/")).toEqual([1, 2, 3]);
  });

  it("converts numbers to BigDecimal text and booleans to true/false", () => {
    expect(holds('{"x":1e10}', "@.x =~ /1\\.0E\\+10/")).toBe(true);
    expect(holds('{"x":12}', "@.x =~ /\\d+/")).toBe(true);
    expect(holds('{"x":0.5}', "@.x =~ /0\\.5/")).toBe(true);
    expect(holds('{"x":1e-7}', "@.x =~ /1\\.0E-7/")).toBe(true);
    expect(holds('{"x":true}', "@.x =~ /true/")).toBe(true);
  });

  it("matches an array when any element matches", () => {
    expect(sel('[{"t":["a","bc"]},{"t":["a"]},{"t":[]}]', "@.t =~ /b.*/")).toEqual([0]);
  });

  it("works with the pattern on either side, and is false with two patterns", () => {
    expect(holds('{"x":"ab"}', "/a./ =~ @.x")).toBe(true);
    expect(holds('{"x":"ab"}', "/a./ =~ /a./")).toBe(false);
    expect(holds('{"x":"ab"}', "@.x =~ 'ab'")).toBe(false);
  });

  it("follows Java regex semantics: '.' does not cross newlines (gitlab rule)", () => {
    const p = "$[?(@.system==true && @.body =~ /.*@.*/)].body";
    expect(serializeJson(readPath(parseJson('[{"system":true,"body":"a@b"}]'), compileJsonPath(p)))).toBe(
      '["a@b"]',
    );
    expect(serializeJson(readPath(parseJson('[{"system":true,"body":"a\\n@b"}]'), compileJsonPath(p)))).toBe(
      "[]",
    );
    expect(holds('{"x":"a\\nb"}', "@.x =~ /a.b/s")).toBe(true);
  });

  it("honours flags and ignores d, u, U", () => {
    expect(holds('{"x":"ABC"}', "@.x =~ /abc/i")).toBe(true);
    expect(holds('{"x":"ABC"}', "@.x =~ /abc/du")).toBe(false);
    expect(holds('{"x":"abc"}', "@.x =~ /a b c/x")).toBe(true);
  });
});

describe("in / nin (spec 5.4)", () => {
  it("uses a permissive JSON array literal", () => {
    const items = '[{"name":"organizer_email"},{"name":"identifier"},{"name":"x"}]';
    expect(sel(items, "@.name in ['organizer_email','identifier']")).toEqual([0, 1]);
    expect(sel(items, '@.name in ["x"]')).toEqual([2]);
    expect(sel('[{"n":1},{"n":2},{"n":"2"}]', "@.n in [2, 3]")).toEqual([1, 2]);
  });

  it("MISSING: in is false, nin is true; a non-array right side makes in false", () => {
    expect(sel('[{},{"name":"a"}]', "@.name in ['a']")).toEqual([1]);
    expect(sel('[{},{"name":"a"}]', "@.name nin ['a']")).toEqual([0]);
    expect(sel('[{"name":"a","l":{"a":1}}]', "@.name in @.l")).toEqual([]);
    expect(sel('[{"name":"a","l":{"a":1}}]', "@.name nin @.l")).toEqual([0]);
  });

  it("a right side that is not a list at all makes the whole filter false (Jayway InvalidPathException)", () => {
    expect(sel('[{"name":"a","s":"a"}]', "@.name in @.s")).toEqual([]);
    expect(sel('[{"name":"a","s":"a"}]', "@.name nin @.s")).toEqual([]);
    expect(sel('[{"name":"a"}]', "!(@.name in 'a')")).toEqual([]);
  });

  it("can take the list from the document", () => {
    expect(sel('[{"n":"a","l":["a","b"]},{"n":"c","l":["a"]}]', "@.n in @.l")).toEqual([0]);
    const doc = parseJson('{"allowed":["a"],"items":[{"n":"a"},{"n":"b"}]}');
    expect(serializeJson(readPath(doc, compileJsonPath("$.items[?(@.n in $.allowed)].n")))).toBe('["a"]');
  });

  it("fails the request when a compared list holds objects (Jayway cannot convert them)", () => {
    expect(() => sel('[{"n":"a","l":[{"x":1}]}]', "@.n in @.l")).toThrow(JsonPathEvaluationError);
  });
});

describe("ordering operators (spec 5.4)", () => {
  it("numbers numerically, strings by UTF-16 code units, anything else false", () => {
    expect(sel('[{"n":1},{"n":5},{"n":10},{"n":"7"},{}]', "@.n > 4")).toEqual([1, 2, 3]);
    expect(sel('[{"n":1},{"n":5},{"n":10}]', "@.n <= 5")).toEqual([0, 1]);
    expect(sel('[{"s":"b"},{"s":"B"},{"s":"ä"}]', "@.s >= 'b'")).toEqual([0, 2]);
    expect(sel('[{"s":true},{"s":null},{"s":[1]}]', "@.s < 2")).toEqual([]);
  });
});

describe("literals (spec 5.4)", () => {
  it("unescapes string literals", () => {
    expect(holds(`{"s":"it's"}`, "@.s == 'it\\'s'")).toBe(true);
    expect(holds('{"s":"a\\"b"}', '@.s == "a\\"b"')).toBe(true);
    expect(holds('{"s":"a\\nb"}', "@.s == 'a\\nb'")).toBe(true);
    expect(holds('{"s":"A"}', "@.s == '\\u0041'")).toBe(true);
    // Jayway's own test: the document holds it\\ (two backslashes), the path 'it\\\\'
    expect(holds('{"s":"it\\\\\\\\"}', "@.s == 'it\\\\\\\\'")).toBe(true);
  });

  it("keeps brackets, && and regex delimiters inside strings and regexes", () => {
    expect(holds('{"m":"] it"}', "@.m == '] it'")).toBe(true);
    expect(holds('{"m":"&& it"}', "@.m == '&& it'")).toBe(true);
    expect(holds('{"m":"(it"}', "@.m =~ /\\(it/")).toBe(true);
    expect(holds('{"m":"it"}', "@.m =~ /&&|it/")).toBe(true);
  });

  it("negative and scientific numbers", () => {
    expect(holds('{"n":-1.5}', "@.n == -1.5")).toBe(true);
    expect(holds('{"n":1500}', "@.n == 1.5e3")).toBe(true);
  });
});

describe("@-only paths (spec 5.4)", () => {
  it("compare the candidate itself; non-strings are != the string and get selected", () => {
    expect(sel('["U1","USLACKBOT",null,3,{"a":1},["USLACKBOT"]]', "@!='USLACKBOT'")).toEqual([0, 2, 3, 4, 5]);
  });
});

describe("logical operators (spec 5.4)", () => {
  it("&& binds tighter than ||", () => {
    const items = '[{"a":1},{"b":1},{"b":1,"c":1},{"c":1}]';
    expect(sel(items, "@.a==1 || @.b==1 && @.c==1")).toEqual([0, 2]);
    expect(sel(items, "(@.a==1 || @.b==1) && @.c==1")).toEqual([2]);
  });

  it("! negates a parenthesised group or another negation", () => {
    expect(sel('[{"a":1},{"a":2}]', "!(@.a==1)")).toEqual([1]);
    expect(sel('[{"a":1},{"a":2}]', "!!(@.a==1)")).toEqual([0]);
    expect(sel('[{"a":1},{"a":2}]', "!(@.a==1 || @.a==2)")).toEqual([]);
  });

  it("existence tests combine with && and ||", () => {
    expect(sel('[{"a":1},{"b":1},{"a":1,"b":1}]', "@.a && @.b")).toEqual([2]);
    expect(sel('[{"a":1},{"b":1},{}]', "@.a || @.b")).toEqual([0, 1]);
    expect(sel('[{"id":2}]', "@.message && (@.id == 1 || @.id == 2)")).toEqual([]);
  });

  it("chatgpt-enterprise style || of regex and equality", () => {
    const p =
      "$[?(@.actor.type =~ /account_user/i || @.message.author.type == 'user' || @.message.author.role == 'user')].message.content.value";
    const doc = parseJson('{"actor":{"type":"Account_User"},"message":{"content":{"value":"v"}}}');
    expect(serializeJson(readPath(doc, compileJsonPath(p)))).toBe('["v"]');
    const other = parseJson(
      '{"actor":{"type":"system"},"message":{"author":{"role":"tool"},"content":{"value":"v"}}}',
    );
    expect(serializeJson(readPath(other, compileJsonPath(p)))).toBe("[]");
  });
});

describe("$-rooted paths in filters", () => {
  it("are read from the document root", () => {
    const doc = parseJson('{"want":"b","items":[{"n":"a"},{"n":"b"}]}');
    expect(serializeJson(readPath(doc, compileJsonPath("$.items[?(@.n == $.want)]")))).toBe('[{"n":"b"}]');
  });

  it("existence tests of $ paths look at the current item, as in Jayway", () => {
    const doc = parseJson('{"flag":1,"items":[{"n":"a"},{"n":"b","flag":0}]}');
    expect(serializeJson(readPath(doc, compileJsonPath("$.items[?($.flag)].n")))).toBe('["b"]');
  });
});

describe("other operators", () => {
  it("size, empty, contains, subsetof, anyof, noneof", () => {
    expect(sel('[{"a":[1,2]},{"a":"ab"},{"a":[1]}]', "@.a size 2")).toEqual([0, 1]);
    expect(sel('[{"a":[]},{"a":""},{"a":[1]},{"a":"x"}]', "@.a empty true")).toEqual([0, 1]);
    expect(sel('[{"a":[1,2]},{"a":"abc"},{"a":[3]}]', "@.a contains 2")).toEqual([0]);
    expect(sel('[{"a":"abc"},{"a":"x"}]', "@.a contains 'b'")).toEqual([0]);
    expect(sel('[{"a":[1,2]},{"a":[1,4]}]', "@.a subsetof [1,2,3]")).toEqual([0]);
    expect(sel('[{"a":[1,9]},{"a":[7,8]}]', "@.a anyof [1,2]")).toEqual([0]);
    expect(sel('[{"a":[1,9]},{"a":[7,8]}]', "@.a noneof [1,2]")).toEqual([1]);
  });

  it("operators Jayway cannot evaluate from text make the filter false", () => {
    expect(sel('[{"a":[1,2]}]', "@.a all [1]")).toEqual([]);
    expect(sel('[{"a":"x"}]', "@.a type 'string'")).toEqual([]);
  });
});

describe("failures that fail the request", () => {
  it("non-finite doubles cannot become BigDecimals", () => {
    expect(() => sel('[{"n":1e400}]', "@.n == 1")).toThrow(JsonPathEvaluationError);
  });

  it("a malformed JSON literal fails when evaluated", () => {
    const c = compileJsonPath("$.items[?(@.n in [{])]");
    expect(() => readPath(parseJson('{"items":[{"n":1}]}'), c)).toThrow(JsonPathEvaluationError);
  });

  it("delete with a leaf filter removes elements without leaving nulls (13.20)", () => {
    const doc = parseJson('{"h":[{"name":"From"},{"name":"X"},{"v":1},{"name":"to"}]}');
    deletePath(doc, compileJsonPath("$.h[?(!(@.name =~ /^From|To$/i))]"));
    expect(serializeJson(doc)).toBe('{"h":[{"name":"From"},{"name":"to"}]}');
  });
});
