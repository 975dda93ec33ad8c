import { describe, expect, it } from "vitest";
import { type JsonValue, parseJson, serializeJson } from "../json/index.js";
import { compileJsonPath, deletePath, JsonPathEvaluationError, mapPath, PathNotFoundError } from "./index.js";

function del(json: string, path: string): string {
  const doc = parseJson(json);
  deletePath(doc, compileJsonPath(path));
  return serializeJson(doc);
}

/** Map recording the inputs in call order. */
function mapCalls(json: string, path: string): { out: string; calls: string[] } {
  const doc = parseJson(json);
  const calls: string[] = [];
  mapPath(doc, compileJsonPath(path), (v) => {
    calls.push(serializeJson(v));
    return `#${calls.length}`;
  });
  return { out: serializeJson(doc), calls };
}

describe("delete (spec 5.5)", () => {
  it("removes every element matched by a leaf filter, no nulls left", () => {
    expect(del('{"a":[{"k":1},{"k":2},{"k":1},{"k":1}]}', "$.a[?(@.k==1)]")).toBe('{"a":[{"k":2}]}');
  });

  it("$..businessPhones[*] leaves empty arrays (13.20)", () => {
    expect(
      del(
        '{"u":[{"businessPhones":["1","2"]},{"businessPhones":[]}],"businessPhones":["3"]}',
        "$..businessPhones[*]",
      ),
    ).toBe('{"u":[{"businessPhones":[]},{"businessPhones":[]}],"businessPhones":[]}');
  });

  it("removes members, and each listed member of a multi-name match", () => {
    expect(del('{"a":1,"b":2,"c":3}', "$.b")).toBe('{"a":1,"c":3}');
    expect(del('{"a":1,"b":2,"c":3}', "$['a','c','z']")).toBe('{"b":2}');
    expect(del('{"x":{"a":1,"b":2}}', "$.x['a','b']")).toBe('{"x":{}}');
  });

  it("deleting the root, or a root object matched by a filter, fails (13.21)", () => {
    expect(() => del('{"a":1}', "$")).toThrow(JsonPathEvaluationError);
    expect(() => del('{"a":1}', "$[?(@.a)]")).toThrow(JsonPathEvaluationError);
    expect(() => del('{"a":1}', "$[?(@.b)]")).toThrow(PathNotFoundError);
    expect(del('[{"a":1},{"b":1}]', "$[?(@.a)]")).toBe('[{"b":1}]');
  });

  it("nested matches: the outer member goes first", () => {
    expect(del('{"payload":{"payload":"n"},"x":1}', "$..payload")).toBe('{"x":1}');
  });

  it("an element matched twice is deleted twice, as Jayway does", () => {
    // `..[?()]` tests the array (MISSING != 1 holds) then its elements, then each element again as an object.
    expect(() => del('{"a":[{"k":1},{"k":2},{"k":3}]}', "$.a..[?(@.k!=1)]")).toThrow(JsonPathEvaluationError);
    expect(del('{"a":[{"k":2},{"k":1},{"k":1}]}', "$.a..[?(@.k!=1)]")).toBe('{"a":[{"k":1}]}');
  });

  it("negative indexes are kept in the location, so updating them fails like Jayway's List.get(-1)", () => {
    expect(() => del('{"a":[1,2]}', "$.a[-1]")).toThrow(JsonPathEvaluationError);
    expect(() => mapCalls('{"a":[1,2]}', "$.a[-1]")).toThrow(JsonPathEvaluationError);
  });

  it("deletes many elements of a large array in linear time", () => {
    const n = 200_000;
    const doc = parseJson(`{"a":[${Array.from({ length: n }, (_, i) => i).join(",")}]}`);
    const t0 = Date.now();
    deletePath(doc, compileJsonPath("$.a[?(@ >= 10)]"));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(serializeJson(doc)).toBe('{"a":[0,1,2,3,4,5,6,7,8,9]}');
  });

  it("several arrays at once keep independent results", () => {
    expect(del('{"a":[1,2,3,4],"b":[1,2,3,4]}', "$.*[?(@ % 2)]".replace(" % 2", " > 2"))).toBe(
      '{"a":[1,2],"b":[1,2]}',
    );
    // a[0] goes first, then [1,2][0] on the detached array, then [3][0] (now a[0])
    expect(del('{"a":[[1,2],[3]],"b":[5]}', "$..[0]")).toBe('{"a":[[]],"b":[]}');
  });
});

describe("map (spec 5.5)", () => {
  it("replaces in place: members keep their position, null is stored", () => {
    const doc = parseJson('{"a":1,"b":2,"c":3}');
    mapPath(doc, compileJsonPath("$.b"), () => null);
    expect(serializeJson(doc)).toBe('{"a":1,"b":null,"c":3}');
  });

  it("applies higher array indexes first", () => {
    expect(mapCalls("[10,20,30]", "$[*]").calls).toEqual(["30", "20", "10"]);
  });

  it("orders other keys as strings, descending; ties keep evaluation order", () => {
    const r = mapCalls('{"b":1,"a":2,"c":3,"x":{"a":4}}', "$..a");
    expect(r.calls).toEqual(["2", "4"]);
    expect(mapCalls('{"b":1,"a":2,"c":3}', "$.*").calls).toEqual(["3", "1", "2"]);
  });

  it("nested equal keys: the outer match is applied first, the inner update lands on the detached subtree", () => {
    const r = mapCalls('{"payload":{"payload":"n"}}', "$..payload");
    expect(r.calls).toEqual(['{"payload":"n"}', '"n"']);
    expect(r.out).toBe('{"payload":"#1"}');
  });

  it("different keys can invert the order: 'child' sorts before '0', so f sees a transformed descendant", () => {
    const doc = parseJson('{"list":[{"v":1,"child":{"v":2}}]}');
    const calls: string[] = [];
    mapPath(doc, compileJsonPath("$..[?(@.v)]"), (v) => {
      calls.push(serializeJson(v));
      if (v instanceof Map) {
        const copy = new Map(v);
        copy.set("v", "done");
        return copy;
      }
      return v;
    });
    // the array itself fails the pre-check (@.v is MISSING), so the matches are list[0] and list[0].child
    expect(calls).toEqual(['{"v":2}', '{"v":1,"child":{"v":"done"}}']);
  });

  it("mixed index and name locations follow Java's small-array TimSort exactly", () => {
    // pre-order: (l,0), (l[0],'c'), (l,1); Java: 'c' first, then index 1, then index 0
    const r = mapCalls('{"l":[{"k":1,"c":{"k":2}},{"k":3}]}', "$..[?(@.k)]");
    expect(r.calls).toEqual(['{"k":2}', '{"k":3}', '{"k":1,"c":"#1"}']);
    // An inconsistent triple: index 10 before index 9, name "9" ties with index 9 but precedes index 10.
    // Java's run detection sees a descending run of 3 and reverses it.
    const items = Array.from({ length: 11 }, (_, i) => (i >= 9 ? `{"k":${i}}` : "0")).join(",");
    const r2 = mapCalls(`{"a":[${items}],"9":{"k":"nine"}}`, "$..[?(@.k)]");
    expect(r2.calls).toEqual(['{"k":"nine"}', '{"k":10}', '{"k":9}']);
  });

  it("mapping the root fails", () => {
    expect(() => mapCalls('{"a":1}', "$")).toThrow(JsonPathEvaluationError);
    expect(() => mapCalls('{"a":1}', "$[?(@.a)]")).toThrow(JsonPathEvaluationError);
  });

  it("no match is PathNotFound and f is never called", () => {
    expect(() => mapCalls('{"a":1}', "$.b")).toThrow(PathNotFoundError);
    expect(() => mapCalls('{"a":[]}', "$.a[*]")).toThrow(PathNotFoundError);
  });

  it("a value can be transformed twice by overlapping paths (53)", () => {
    const doc = parseJson('{"users":[{"email":"a@x.com"}]}');
    const f = (v: JsonValue) => `t~${String(v).toLowerCase()}`;
    mapPath(doc, compileJsonPath("$..email"), f);
    mapPath(doc, compileJsonPath("$.users[*].email"), f);
    expect(serializeJson(doc)).toBe('{"users":[{"email":"t~t~a@x.com"}]}');
  });

  it("errors thrown by f propagate unchanged", () => {
    class Boom extends Error {}
    expect(() =>
      mapPath(parseJson('{"a":1}'), compileJsonPath("$.a"), () => {
        throw new Boom("x");
      }),
    ).toThrow(Boom);
  });
});
