import { describe, expect, it } from "vitest";
import { type JsonValue, parseJson, serializeJson } from "../json/index.js";
import {
  compileJsonPath,
  deletePath,
  JsonPathEvaluationError,
  locate,
  mapPath,
  PathNotFoundError,
  readPath,
} from "./index.js";

const mark = (v: JsonValue): JsonValue => `<${serializeJson(v)}>`;

/** Runs `map` with a marking function; returns the document, or the error class name. */
function map(json: string, path: string): string {
  const doc = parseJson(json);
  try {
    return serializeJson(mapPath(doc, compileJsonPath(path), mark));
  } catch (e) {
    return (e as Error).name;
  }
}

function del(json: string, path: string): string {
  const doc = parseJson(json);
  try {
    return serializeJson(deletePath(doc, compileJsonPath(path)));
  } catch (e) {
    return (e as Error).name;
  }
}

function read(json: string, path: string): string {
  try {
    return serializeJson(readPath(parseJson(json), compileJsonPath(path)));
  } catch (e) {
    return (e as Error).name;
  }
}

const paths = (json: string, path: string): string[] =>
  locate(parseJson(json), compileJsonPath(path)).map((l) => l.pathString);

describe("single name (spec 5.3)", () => {
  it("never reaches into array elements; with a definite upstream that is PathNotFound (13.13)", () => {
    expect(map('{"messages":[{"payload":{"x":1}}]}', "$.messages.payload.x")).toBe("PathNotFoundError");
    expect(map('{"messages":[{"payload":{"x":1}}]}', "$.messages.payload")).toBe("PathNotFoundError");
    expect(read('{"messages":[{"payload":{"x":1}}]}', "$.messages[*].payload.x")).toBe("[1]");
  });

  it("matches a key whose value is null", () => {
    expect(map('{"a":null}', "$.a")).toBe('{"a":"<null>"}');
    expect(read('{"a":null}', "$.a")).toBe("null");
  });

  it("missing key: PathNotFound when definite, skipped otherwise", () => {
    expect(read('{"a":{}}', "$.a.b")).toBe("PathNotFoundError");
    expect(read('{"a":{}}', "$.a.b.c")).toBe("PathNotFoundError");
    expect(read('{"a":[{"b":{"c":1}},{}]}', "$.a[*].b.c")).toBe("[1]");
    expect(map('{"a":[{},{}]}', "$.a[*].b")).toBe("PathNotFoundError");
  });

  it("an object scalar step under an indefinite upstream yields nothing", () => {
    expect(read('{"a":[1,{"b":2},"x",null]}', "$.a[*].b")).toBe("[2]");
  });
});

describe("multi-name tokens (spec 5.3)", () => {
  it("last token merges: one match, even when no listed key exists", () => {
    expect(read('{"a":1,"b":2,"c":3}', "$['a','c','z']")).toBe('{"a":1,"c":3}');
    expect(read('{"c":3}', "$['a','b']")).toBe("{}");
    expect(map('{"c":3}', "$['a','b']")).toBe('{"c":3}');
    expect(paths('{"a":1}', "$['a','b']")).toEqual(["$['a', 'b']"]);
  });

  it("map applies f to each listed key that exists, in listed order", () => {
    const doc = parseJson('{"a":1,"b":2,"c":3}');
    const seen: string[] = [];
    mapPath(doc, compileJsonPath("$['c','x','a']"), (v) => {
      seen.push(serializeJson(v));
      return "m";
    });
    expect(seen).toEqual(["3", "1"]);
    expect(serializeJson(doc)).toBe('{"a":"m","b":2,"c":"m"}');
  });

  it("not last: iterates each listed name, skipping missing ones and non-objects", () => {
    const doc = '{"owner":{"id":1},"user":"x","other":{"id":3}}';
    expect(read(doc, "$['owner','user','missing'].id")).toBe("[1]");
    expect(map(doc, "$['owner','user','missing'].id")).toBe(
      '{"owner":{"id":"<1>"},"user":"x","other":{"id":3}}',
    );
    expect(read('{"a":1}', "$['x','y'].z")).toBe("[]");
  });
});

describe("wildcard, index, slice (spec 5.3)", () => {
  it("wildcard iterates object values in insertion order and array elements; scalars yield nothing", () => {
    const doc = '{"info":{"b":{"topic":"t2"},"a":{"topic":"t1"}},"s":"x"}';
    expect(read(doc, "$.info[*].topic")).toBe('["t2","t1"]');
    expect(read(doc, "$.info.*.topic")).toBe('["t2","t1"]');
    expect(read(doc, "$.s[*]")).toBe("[]");
    expect(paths(doc, "$.info[*]")).toEqual(["$['info']['b']", "$['info']['a']"]);
  });

  it("index needs an array: PathNotFound with a definite upstream, skipped otherwise; out of range skipped", () => {
    expect(read('{"a":{"0":1}}', "$.a[0]")).toBe("PathNotFoundError");
    expect(read('{"a":null}', "$.a[0]")).toBe("PathNotFoundError");
    expect(read('{"a":[{"b":1},{"b":[5,6]}]}', "$.a[*].b[1]")).toBe("[6]");
    expect(read('{"a":[1,2]}', "$.a[5]")).toBe("PathNotFoundError");
    expect(read('{"a":[1,2]}', "$.a[0,5,-1]")).toBe("[1,2]");
    expect(paths('{"a":[1,2]}', "$.a[-1]")).toEqual(["$['a'][-1]"]);
  });
});

describe("filters (spec 5.3)", () => {
  it("on an array: each element for which the expression holds", () => {
    expect(read('{"a":[{"k":1},{"k":2},{"k":1}]}', "$.a[?(@.k==1)]")).toBe('[{"k":1},{"k":1}]');
    expect(paths('{"a":[{"k":1},{"k":2},{"k":1}]}', "$.a[?(@.k==1)]")).toEqual(["$['a'][0]", "$['a'][2]"]);
  });

  it("on an object: a condition on the object itself (13.16)", () => {
    expect(map('{"t":{"set_by":"V"}}', "$.t[?(@.set_by!='U')].set_by")).toBe('{"t":{"set_by":"<\\"V\\">"}}');
    expect(map('{"t":{"set_by":"U"}}', "$.t[?(@.set_by!='U')].set_by")).toBe("PathNotFoundError");
    expect(paths('{"t":{"x":1}}', "$.t[?(@.x)]")).toEqual(["$['t']"]);
    const loc = locate(parseJson('{"t":{"x":1}}'), compileJsonPath("$.t[?(@.x)]"))[0];
    expect(loc.key).toBe("t");
    expect(serializeJson(loc.value)).toBe('{"x":1}');
  });

  it("on a scalar: InvalidPathException with a definite upstream, nothing otherwise (13.15)", () => {
    expect(map('{"a":"str"}', "$.a[?(@.x)]")).toBe("JsonPathEvaluationError");
    expect(del('{"a":"str"}', "$.a[?(@.x)]")).toBe("JsonPathEvaluationError");
    expect(read('{"a":null}', "$.a[?(@.x)]")).toBe("JsonPathEvaluationError");
    expect(map('{"a":[{"b":"str"}]}', "$.a[*].b[?(@.x)]")).toBe("PathNotFoundError");
  });

  it("on the root of an NDJSON line", () => {
    const line = '{"message":{"author":{"role":"assistant"},"content":{"value":"hi"}}}';
    const p =
      "$[?(@.message.author.type != 'user' && @.message.author.role != 'user')].message.content.value";
    expect(map(line, p)).toBe('{"message":{"author":{"role":"assistant"},"content":{"value":"<\\"hi\\">"}}}');
    expect(map(line.replace("assistant", "user"), p)).toBe("PathNotFoundError");
    expect(paths(line, "$[?(@.message)]")).toEqual(["$"]);
  });
});

describe("read and locate", () => {
  it("definite -> value; indefinite -> list (45)", () => {
    expect(read('{"a":{"b":[1]}}', "$.a.b")).toBe("[1]");
    expect(read('{"a":{"b":[1]}}', "$.a.c")).toBe("PathNotFoundError");
    expect(read('{"a":[]}', "$.a[?(@.x == 1)]")).toBe("[]");
    expect(read('{"a":1}', "$")).toBe('{"a":1}');
  });

  it("applyOnlyWhen-style condition on a document (46)", () => {
    const doc =
      '{"records":[{"Id":"1","attributes":{"type":"Account"}},{"Id":"2","attributes":{"type":"User"}}]}';
    expect(read(doc, '$.records[?(@.attributes.type == "User")]')).toBe(
      '[{"Id":"2","attributes":{"type":"User"}}]',
    );
    expect(read(doc.replace("User", "Group"), '$.records[?(@.attributes.type == "User")]')).toBe("[]");
  });

  it("locate gives Jayway AS_PATH_LIST strings, parents and keys", () => {
    const doc = parseJson('{"value":[{"body":{"content":"a"}},{"body":{"content":"b"}}]}');
    const locs = locate(doc, compileJsonPath("$..content"));
    expect(locs.map((l) => l.pathString)).toEqual([
      "$['value'][0]['body']['content']",
      "$['value'][1]['body']['content']",
    ]);
    expect(locs[1].key).toBe("content");
    expect((locs[1].parent as Map<string, JsonValue>).get("content")).toBe("b");
    const root = locate(doc, compileJsonPath("$"))[0];
    expect(root.parent).toBeNull();
    expect(root.key).toBe("$");
    expect(() => locate(doc, compileJsonPath("$..nothing"))).toThrow(PathNotFoundError);
    const multi = locate(parseJson('{"a":1,"b":2}'), compileJsonPath("$['a','b']"))[0];
    expect(multi.keys).toEqual(["a", "b"]);
  });
});

describe("deep scan (spec 5.6)", () => {
  it("visits every node in pre-order, through arrays and into matches", () => {
    const doc = '{"email":"r","x":[{"email":"a","sub":{"email":"b"}},[{"email":"c"}]],"email2":"no"}';
    expect(read(doc, "$..email")).toBe('["r","a","b","c"]');
    expect(read('{"a":{"a":{"a":1}}}', "$..a")).toBe('[{"a":{"a":1}},{"a":1},1]');
  });

  it("a scan starts at the node it is applied to", () => {
    expect(read('{"data":[{"email":"a","x":{"email":"b"}}]}', "$.data[*]..email")).toBe('["a","b"]');
  });

  it("multi-name last token requires ALL listed keys (13.14)", () => {
    expect(map('{"email":"x"}', "$..['id','email']")).toBe("PathNotFoundError");
    expect(map('{"email":"x"}', "$.['id','email']")).toBe('{"email":"<\\"x\\">"}');
    expect(map('{"u":[{"id":1,"email":"e"},{"email":"f"}]}', "$..['id','email']")).toBe(
      '{"u":[{"id":"<1>","email":"<\\"e\\">"},{"email":"f"}]}',
    );
    expect(
      read(
        '{"a":{"calendar@odata.associationLink":"x","calendar@odata.navigationLink":"y"},"b":{"calendar@odata.navigationLink":"z"}}',
        "$..['calendar@odata.associationLink', 'calendar@odata.navigationLink']",
      ),
    ).toBe('[{"calendar@odata.associationLink":"x","calendar@odata.navigationLink":"y"}]');
  });

  it("multi-name not last: any object, each present name continues", () => {
    const doc = '{"pr":{"author":{"login":"a"},"committer":{"login":"c"},"owner":"str"}}';
    expect(read(doc, "$..['author','committer'].login")).toBe('["a","c"]');
    expect(read(doc, "$..['author','committer','owner'].login")).toBe('["a","c"]');
    expect(
      read(
        '{"requested_reviewers":[{"login":"x"}],"owner":{"login":"o"}}',
        "$..['requested_reviewers[*]','owner'].login",
      ),
    ).toBe('["o"]');
  });

  it("single name under scan needs the key (null values count)", () => {
    expect(read('{"a":{"k":null},"b":{"x":1}}', "$..k")).toBe("[null]");
  });

  it("filter under scan: objects are conditions on themselves, arrays test the array then their elements", () => {
    // root (no k -> != holds), then the array's elements, then the element again as an object
    expect(paths('{"a":[{"k":1},{"k":2}]}', "$..[?(@.k!=1)]")).toEqual(["$", "$['a'][1]", "$['a'][1]"]);
    expect(map('{"a":[{"k":1}]}', "$..[?(@.k!=1)]")).toBe("JsonPathEvaluationError");
  });

  it("nested matches are all reported", () => {
    expect(paths('{"payload":{"payload":"n"}}', "$..payload")).toEqual([
      "$['payload']",
      "$['payload']['payload']",
    ]);
  });

  it("two scans in one path repeat matches below nested matches, like Jayway", () => {
    expect(read('{"a":{"a":{"b":1}}}', "$..a..b")).toBe("[1,1]");
    expect(read('{"issues":[{"body":{"x":{"id":1}}}]}', "$.issues[*]..body..id")).toBe("[1]");
  });
});

describe("quirk Q1 (spec 5.6, 13.54)", () => {
  const p = '$..from..[?(@.applicationIdentityType != "bot")].id';

  it("matches visited before the first array accepted by the pre-check survive", () => {
    expect(map('{"from":{"user":{"id":"u1"},"arr":[{"id":"z"}]}}', p)).toBe(
      '{"from":{"user":{"id":"<\\"u1\\">"},"arr":[{"id":"z"}]}}',
    );
  });

  it("everything after that array is suppressed", () => {
    expect(map('{"from":{"arr":[{"id":"z"}],"user":{"id":"u1"}}}', p)).toBe("PathNotFoundError");
    expect(
      read('{"from":{"arr":[{"id":"z"}],"user":{"id":"u1"}},"x":{"from":{"user":{"id":"u2"}}}}', p),
    ).toBe("[]");
  });

  it("the state is reset for every call (the documented divergence: Java keeps it for the process lifetime)", () => {
    const c = compileJsonPath(p);
    expect(() => readPath(parseJson('{"from":{"arr":[{"id":"z"}],"user":{"id":"u1"}}}'), c)).not.toThrow();
    expect(serializeJson(readPath(parseJson('{"from":{"user":{"id":"u1"}}}'), c))).toBe('["u1"]');
  });

  it("Microsoft-shaped `from` objects without arrays are unaffected", () => {
    const doc =
      '{"value":[{"from":{"user":{"id":"u1","applicationIdentityType":"aadUser"}}},{"from":{"application":{"id":"b","applicationIdentityType":"bot"}}}]}';
    expect(read(doc, p)).toBe('["u1"]');
  });

  it("a single index before the last token keeps matching that index (`$..[0].x`)", () => {
    expect(read('{"a":[{"x":1},{"x":2}],"b":[{"x":3}]}', "$..[0].x")).toBe("[1,3]");
  });
});

describe("errors", () => {
  it("uses the three public error classes with stable codes", () => {
    try {
      readPath(parseJson("{}"), compileJsonPath("$.a"));
    } catch (e) {
      expect(e).toBeInstanceOf(PathNotFoundError);
      expect((e as PathNotFoundError).code).toBe("PATH_NOT_FOUND");
    }
    try {
      mapPath(parseJson("{}"), compileJsonPath("$"), (v) => v);
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPathEvaluationError);
      expect((e as JsonPathEvaluationError).code).toBe("JSONPATH_EVALUATION");
    }
  });
});
