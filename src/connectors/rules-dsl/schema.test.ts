import { describe, expect, it } from "vitest";
import { arr, obj, ref, s, schema, typed } from "./schema.js";

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe("schema notation", () => {
  it("expands leaves, objects, arrays and refs", () => {
    expect(plain(s({ b: "integer", a: ["#User"], c: { d: "date-time" } }))).toEqual({
      type: "object",
      properties: {
        a: { type: "array", items: { $ref: "#/definitions/User" } },
        b: { type: "integer" },
        c: { type: "object", properties: { d: { type: "string", format: "date-time" } } },
      },
    });
    expect(Object.keys(obj({ z: "string", a: "string" }).properties!)).toEqual(["a", "z"]);
    expect(plain(arr("boolean"))).toEqual({ type: "array", items: { type: "boolean" } });
    expect(plain(ref(""))).toEqual({ $ref: "#" });
    expect(plain(typed("onBehalfOf", { id: "string" }))).toEqual({
      type: "onBehalfOf",
      properties: { id: { type: "string" } },
    });
    expect(plain(obj({}))).toEqual({ type: "object", properties: {} });
  });

  it("passes built schemas through and builds the other keywords", () => {
    const user = obj({ id: "string" });
    expect(s(user)).toBe(user);
    expect(plain(schema({ anyOf: ["string", "#X"], const: "a", items: "integer" }))).toEqual({
      anyOf: [{ type: "string" }, { $ref: "#/definitions/X" }],
      items: { type: "integer" },
      const: "a",
    });
  });

  it("rejects unknown shorthands and multi-item arrays", () => {
    expect(() => s("strin")).toThrow(/unknown schema shorthand/);
    expect(() => s(["string", "integer"])).toThrow(/one item schema/);
  });
});
