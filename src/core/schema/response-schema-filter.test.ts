// biome-ignore-all lint/suspicious/noThenProperty: `then` is a JSON-schema keyword here
import { describe, expect, it } from "vitest";
import { parseJson } from "../json/parse.js";
import { serializeJson } from "../json/serialize.js";
import { JsonDouble } from "../json/types.js";
import { loadRules } from "../rules/load-rules.js";
import type { ApiRules, JsonSchemaFilter } from "../rules/model.js";
import { filterResponseBySchema, SchemaFilterError } from "./response-schema-filter.js";

const props = (o: Record<string, JsonSchemaFilter>) => new Map(Object.entries(o));
const run = (
  json: string,
  schema: JsonSchemaFilter,
  root?: JsonSchemaFilter | Map<string, JsonSchemaFilter>,
) => serializeJson(filterResponseBySchema(parseJson(json), schema, root));

describe("schema filter type rules (spec 6.2, 13.23-27)", () => {
  it("13.23: boolean maps null to false; string maps null to null", () => {
    expect(run("null", { type: "boolean" })).toBe("false");
    expect(run("true", { type: "boolean" })).toBe("true");
    expect(run('"true"', { type: "boolean" })).toBe("null");
    expect(run("null", { type: "string" })).toBe("null");
    expect(run("12", { type: "string" })).toBe("null");
    expect(run('"x"', { type: "string" })).toBe('"x"');
  });
  it("13.24: integer truncates toward zero, long range, strings are not integers", () => {
    expect(run("3.7", { type: "integer" })).toBe("3");
    expect(run("-3.7", { type: "integer" })).toBe("-3");
    expect(run("-0.5", { type: "integer" })).toBe("0");
    expect(run("1e10", { type: "integer" })).toBe("10000000000");
    expect(run("1e19", { type: "integer" })).toBe("null");
    expect(run("9.3e18", { type: "integer" })).toBe("null");
    expect(run("9.2e18", { type: "integer" })).toBe("9200000000000000000");
    expect(run("9223372036854775807", { type: "integer" })).toBe("9223372036854775807");
    expect(run("9223372036854775808", { type: "integer" })).toBe("null");
    expect(run("-9223372036854775808", { type: "integer" })).toBe("-9223372036854775808");
    expect(run('"12"', { type: "integer" })).toBe("null");
    expect(run("true", { type: "integer" })).toBe("null");
    expect(run("null", { type: "integer" })).toBe("null");
    expect(run("{}", { type: "integer" })).toBe("null");
  });
  it("Java clamps a double of exactly 2^63 to Long.MAX_VALUE", () => {
    expect(filterResponseBySchema(new JsonDouble(2 ** 63), { type: "integer" })).toBe(9223372036854775807n);
  });
  it("number keeps integers and doubles as they are", () => {
    expect(run("3", { type: "number" })).toBe("3");
    expect(run("3.50", { type: "number" })).toBe("3.5");
    expect(run("12345678901234567890123", { type: "number" })).toBe("12345678901234567890123");
    expect(run('"3"', { type: "number" })).toBe("null");
    expect(run("null", { type: "number" })).toBe("null");
  });
  it("null type always gives null", () => {
    expect(run('"x"', { type: "null" })).toBe("null");
  });
  it("13.25: a mismatch drops an array element but nulls an object member", () => {
    expect(run('["a",1,null,"b"]', { type: "array", items: { type: "string" } })).toBe('["a","b"]');
    expect(
      run('{"a":1,"b":"x"}', {
        type: "object",
        properties: props({ a: { type: "string" }, b: { type: "string" } }),
      }),
    ).toBe('{"a":null,"b":"x"}');
    expect(run('"x"', { type: "array", items: { type: "string" } })).toBe("null");
    expect(run("[1]", { type: "object", properties: props({}) })).toBe("null");
  });
  it("objects: input member order, unknown members dropped, absent members not added", () => {
    const s: JsonSchemaFilter = {
      type: "object",
      properties: props({ z: { type: "integer" }, a: { type: "integer" }, m: { type: "integer" } }),
    };
    expect(run('{"a":1,"x":2,"z":3}', s)).toBe('{"a":1,"z":3}');
  });
  it("13.26: members whose key starts with + survive any object schema", () => {
    const s: JsonSchemaFilter = { type: "object", properties: props({ a: { type: "string" } }) };
    expect(run('{"+a:textDigest":{"length":1},"a":"x","b":1}', s)).toBe(
      '{"+a:textDigest":{"length":1},"a":"x"}',
    );
    expect(run('{"+x":[1],"y":2}', { type: "object" })).toBe('{"+x":[1]}');
  });
  it("13.27: a schema without type nulls objects and arrays and passes scalars", () => {
    expect(run('{"a":1}', {})).toBe("null");
    expect(run("[1]", {})).toBe("null");
    expect(run("[1]", { properties: props({}) })).toBe("null");
    for (const v of ['"s"', "1", "1.5", "true", "null", "9223372036854775807"])
      expect(run(v, { format: "date" })).toBe(v);
    expect(() => run("9223372036854775808", {})).toThrow(SchemaFilterError);
  });
  it("array without items fails only when there is an element", () => {
    expect(run("[]", { type: "array" })).toBe("[]");
    expect(() => run("[1]", { type: "array" })).toThrow(SchemaFilterError);
  });
  it("an unknown type fails when reached", () => {
    expect(() =>
      run('{"u":{"x":1}}', { type: "object", properties: props({ u: { type: "onBehalfOf" } }) }),
    ).toThrow(/unknown schema type "onBehalfOf"/);
    expect(run('{"v":1}', { type: "object", properties: props({ u: { type: "onBehalfOf" } }) })).toBe("{}");
  });
  it("returns a new tree and leaves the input untouched", () => {
    const doc = parseJson('{"a":{"b":1,"c":2}}');
    const out = filterResponseBySchema(doc, {
      type: "object",
      properties: props({ a: { type: "object", properties: props({ b: { type: "integer" } }) } }),
    });
    expect(serializeJson(doc)).toBe('{"a":{"b":1,"c":2}}');
    expect(serializeJson(out)).toBe('{"a":{"b":1}}');
  });
});

describe("$ref and anyOf", () => {
  const defs = new Map<string, JsonSchemaFilter>([
    [
      "User",
      {
        type: "object",
        properties: props({ id: { type: "string" }, manager: { $ref: "#/definitions/User" } }),
      },
    ],
  ]);
  it("resolves #/definitions/N against the root; recursion works", () => {
    const s: JsonSchemaFilter = { type: "array", items: { $ref: "#/definitions/User" } };
    expect(run('[{"id":"1","x":0,"manager":{"id":"2","y":1}}]', s, defs)).toBe(
      '[{"id":"1","manager":{"id":"2"}}]',
    );
  });
  it("an unknown definition or unsupported $ref fails", () => {
    expect(() => run("{}", { $ref: "#/definitions/Nope" }, defs)).toThrow(/definition not found: Nope/);
    expect(() => run("{}", { $ref: "#/definitions/User" })).toThrow(SchemaFilterError);
    expect(() => run("{}", { $ref: "other.json#/x" }, defs)).toThrow(/unsupported \$ref/);
  });
  it('"#" refers to the root itself (bulk mode)', () => {
    const root: JsonSchemaFilter = {
      type: "object",
      properties: props({ name: { type: "string" }, child: { $ref: "#" } }),
    };
    expect(run('{"name":"a","x":1,"child":{"name":"b","x":2}}', root, root)).toBe(
      '{"name":"a","child":{"name":"b"}}',
    );
    // API mode: the synthetic root has no type -> leaf semantics
    expect(run('{"a":{"b":1}}', { type: "object", properties: props({ a: { $ref: "#" } }) }, defs)).toBe(
      '{"a":null}',
    );
  });
  it("bulk mode resolves against the outputSchemaFilter's own definitions", () => {
    const root: JsonSchemaFilter = {
      type: "object",
      properties: props({ p: { $ref: "#/definitions/P" } }),
      definitions: new Map([["P", { type: "object", properties: props({ t: { type: "string" } }) }]]),
    };
    expect(run('{"p":{"t":"x","u":1}}', root, root)).toBe('{"p":{"t":"x"}}');
  });
  it("anyOf: first candidate that is not NOMATCH wins; none -> null", () => {
    expect(run("1", { anyOf: [{ type: "string" }, { type: "integer" }] })).toBe("null");
    const byConst: JsonSchemaFilter = {
      anyOf: [{ type: "string", const: "a" }, { type: "integer" }],
    };
    expect(run('"a"', byConst)).toBe('""');
    expect(run("5", byConst)).toBe("5");
    expect(run('"b"', { anyOf: [{ type: "string", const: "a" }] })).toBe("null");
  });
  it("13.55: API mode resolves $ref against top-level definitions, ignoring definitions inside the schema", () => {
    const rules = loadRules(`endpoints:
  - pathTemplate: /x
    responseSchema:
      type: object
      properties:
        a: { $ref: "#/definitions/A" }
      definitions:
        A: { type: integer }
definitions:
  A: { type: string }
`) as ApiRules;
    const schema = rules.endpoints[0].responseSchema!;
    expect(run('{"a":"s"}', schema, rules.definitions)).toBe('{"a":"s"}');
    expect(run('{"a":1}', schema, rules.definitions)).toBe('{"a":null}');
    const noTop = loadRules(
      'endpoints:\n  - pathTemplate: /x\n    responseSchema: { type: object, properties: { a: { $ref: "#/definitions/A" } }, definitions: { A: { type: integer } } }\n',
    ) as ApiRules;
    expect(() => run('{"a":1}', noTop.endpoints[0].responseSchema!, noTop.definitions)).toThrow(
      SchemaFilterError,
    );
  });
});

describe("conditionals (spec 6.3)", () => {
  const s: JsonSchemaFilter = {
    type: "object",
    if: { properties: props({ kind: { type: "string", const: "user" } }) },
    then: { properties: props({ kind: { type: "string" }, email: { type: "string" } }) },
    else: { properties: props({ kind: { type: "string", const: "bot" } }) },
  };
  it("if matches -> then filters members (no + exemption)", () => {
    expect(run('{"kind":"user","email":"e","+x":1,"other":2}', s)).toBe('{"kind":"user","email":"e"}');
  });
  it("else matches -> then is applied", () => {
    expect(run('{"kind":"bot","email":"e"}', s)).toBe('{"kind":"bot","email":"e"}');
  });
  it("neither matches -> NOMATCH, which nulls the enclosing anyOf / fails at the root", () => {
    expect(() => run('{"kind":"x"}', s)).toThrow(SchemaFilterError);
    expect(run('{"kind":"x"}', { anyOf: [s] })).toBe("null");
    const arr: JsonSchemaFilter = { type: "array", items: s };
    expect(() => run('[{"kind":"x"}]', arr)).toThrow(SchemaFilterError);
  });
  it("NOMATCH inside an object member propagates to the object", () => {
    const outer: JsonSchemaFilter = {
      anyOf: [
        { type: "object", properties: props({ k: { type: "string", const: "a" } }) },
        { type: "object", properties: props({ k: { type: "string" }, v: { type: "integer" } }) },
      ],
    };
    expect(run('{"k":"b","v":1}', outer)).toBe('{"k":"b","v":1}');
    expect(run('{"k":"a","v":1}', outer)).toBe('{"k":""}');
  });
  it("the lexicographically first property of the condition decides; a missing member fails", () => {
    const c: JsonSchemaFilter = {
      type: "object",
      if: { properties: props({ z: { type: "string", const: "no" }, a: { type: "string", const: "yes" } }) },
      then: { properties: props({ a: { type: "string" } }) },
    };
    expect(run('{"a":"yes","z":"x"}', c)).toBe('{"a":"yes"}');
    expect(() => run('{"z":"no"}', c)).toThrow(SchemaFilterError);
  });
  it("const compares Jackson's asText of the node", () => {
    expect(run("1.0", { type: "number", const: "1.0" })).toBe('""');
    expect(run("1", { anyOf: [{ type: "number", const: "1.0" }] })).toBe("null");
    expect(run("1", { anyOf: [{ type: "number", const: "1" }] })).toBe('""');
    expect(run("null", { anyOf: [{ type: "string", const: "null" }] })).toBe('""');
    expect(run("true", { anyOf: [{ type: "boolean", const: "true" }] })).toBe('""');
  });
});
