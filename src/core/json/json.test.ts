import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonParseError, parseJson, parseJsonStream } from "./parse.js";
import { serializeJson } from "./serialize.js";
import { JsonDouble } from "./types.js";

const rt = (s: string) => serializeJson(parseJson(s));

describe("JSON parse + serialize", () => {
  it("keeps document order, including integer-like keys", () => {
    expect(rt('{"b":1,"2":2,"1":3}')).toBe('{"b":1,"2":2,"1":3}');
  });
  it("duplicate keys: last value wins at the first position", () => {
    expect(rt('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
  });
  it("keeps big integers exact", () => {
    expect(rt("[12345678901234567890123,-9007199254740993,9007199254740991]")).toBe(
      "[12345678901234567890123,-9007199254740993,9007199254740991]",
    );
  });
  it("re-formats doubles the Java way", () => {
    expect(rt("[1e3,1.50,2E-3,12345678.0,0.1234567890123456789,-0.0,-0,1e400]")).toBe(
      '[1000.0,1.5,0.002,1.2345678E7,0.12345678901234568,-0.0,0,"Infinity"]',
    );
    expect(parseJson("1.0")).toBeInstanceOf(JsonDouble);
    expect(parseJson("1")).toBe(1);
  });
  it("escapes control characters with upper-case hex and nothing else", () => {
    expect(serializeJson('a\u001fb\u000b/\u2028\u007f\u00e9"\\\n\t')).toBe(
      '"a\\u001Fb\\u000B/\u2028\u007f\u00e9\\"\\\\\\n\\t"',
    );
    expect(serializeJson("x\ud800y")).toBe('"x?y"');
    expect(serializeJson("\ud83d\ude00")).toBe('"\ud83d\ude00"');
    expect(serializeJson("\\u001f")).toBe('"\\\\u001f"');
  });
  it("rejects what strict JSON rejects", () => {
    for (const bad of [
      "{'a':1}",
      "[1,]",
      "01",
      "NaN",
      '{"a":1,}',
      "[1 2]",
      '"a\nb"',
      "tru",
      "-",
      "1.",
      "1e",
    ]) {
      expect(() => parseJson(bad), bad).toThrow(JsonParseError);
    }
  });
  it("enforces the nesting limit", () => {
    expect(() => parseJson("[".repeat(1001) + "]".repeat(1001))).toThrow(/nesting/);
    expect(() => parseJson("[".repeat(1000) + "]".repeat(1000))).not.toThrow();
  });
  it("parses a stream of values", () => {
    expect(parseJsonStream('{"a":1}{"b":2}\n[3]\n').map(serializeJson)).toEqual([
      '{"a":1}',
      '{"b":2}',
      "[3]",
    ]);
    expect(parseJsonStream("  ")).toEqual([]);
  });
  it("round-trips like JSON.stringify for plain JSON without integer keys or doubles", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        const ours = serializeJson(parseJson(text));
        expect(JSON.parse(ours)).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe("serializeJson fast path", () => {
  it("splices in what JSON.stringify would write differently", () => {
    const text =
      '{"a":{"2":1,"1":2},"b":[1.0,12345678901234567890,"x\\u001fy"],"__proto__":{"z":1},"c":"\\ud800","d":-0.0}';
    expect(rt(text)).toBe(
      '{"a":{"2":1,"1":2},"b":[1.0,12345678901234567890,"x\\u001Fy"],"__proto__":{"z":1},"c":"?","d":-0.0}',
    );
  });
  it("does not confuse a literal backslash-u in text with an escape", () => {
    expect(rt('{"a":"\\\\u001f and \\\\ud800"}')).toBe('{"a":"\\\\u001f and \\\\ud800"}');
  });
  it("agrees with the plain writer on random trees", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.string(), (v, s) => {
        const tree = parseJson(JSON.stringify({ v, s, "7": v }));
        const viaFast = serializeJson(tree);
        const viaItems = serializeJson([tree]);
        expect(`[${viaFast}]`).toBe(viaItems);
      }),
    );
  });
});

describe("property-name prediction", () => {
  it("never mistakes a longer or escaped key for the predicted one", () => {
    expect(rt('[{"a":1,"b":2},{"a":1,"bc":2},{"a":1,"b":3}]')).toBe(
      '[{"a":1,"b":2},{"a":1,"bc":2},{"a":1,"b":3}]',
    );
    expect(rt('[{"a\\"b":1},{"a\\"b":2}]')).toBe('[{"a\\"b":1},{"a\\"b":2}]');
    expect(rt('[{"x":1,"y":2},{"y":1,"x":2}]')).toBe('[{"x":1,"y":2},{"y":1,"x":2}]');
  });
  it("stays strict after a predicted key", () => {
    expect(() => parseJson('[{"ab":1},{"ab"x:1}]')).toThrow(JsonParseError);
    expect(() => parseJson('[{"a\\"b":1},{"a"b":1}]')).toThrow(JsonParseError);
  });
});
