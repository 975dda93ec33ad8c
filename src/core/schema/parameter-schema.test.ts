import { describe, expect, it } from "vitest";
import {
  isJavaDouble,
  ParameterSchemaError,
  validateParameter,
  validateQueryParameters,
} from "./parameter-schema.js";

const TOKEN = `p~${"a".repeat(20)}_-${"Z9".repeat(11)}`;

describe("validateParameter (spec 7.4)", () => {
  it("null always validates", () => {
    expect(validateParameter({ type: "integer", enum: ["x"] }, null)).toBe(true);
  });
  it("integer: trimmed ASCII digits", () => {
    expect(validateParameter({ type: "integer" }, " 42 ")).toBe(true);
    expect(validateParameter({ type: "integer" }, "-1")).toBe(false);
    expect(validateParameter({ type: "integer" }, "1.0")).toBe(false);
    expect(validateParameter({ type: "integer" }, "\u0661")).toBe(false);
  });
  it("number: Java Double.parseDouble", () => {
    for (const ok of ["1", "-1.5", " 2e3 ", "NaN", "-Infinity", "0x1p3", "1d", ".5", "5.", "1e-3F"]) {
      expect(isJavaDouble(ok), ok).toBe(true);
    }
    for (const bad of ["", "abc", "1e", "0x1", "Infinityd", "1,5", "--1"])
      expect(isJavaDouble(bad), bad).toBe(false);
    expect(validateParameter({ type: "number" }, "x")).toBe(false);
  });
  it("13.37: format reversible-pseudonym / pseudonym", () => {
    expect(validateParameter({ format: "reversible-pseudonym" }, TOKEN)).toBe(true);
    expect(validateParameter({ format: "REVERSIBLE_PSEUDONYM" }, TOKEN)).toBe(true);
    expect(validateParameter({ format: "pseudonym" }, TOKEN)).toBe(true);
    expect(validateParameter({ format: "reversible-pseudonym" }, `${TOKEN}@acme.com`)).toBe(false);
    expect(validateParameter({ format: "reversible-pseudonym" }, `t~${TOKEN.slice(2)}`)).toBe(false);
    expect(() => validateParameter({ format: "email" }, "x")).toThrow(ParameterSchemaError);
  });
  it("enum is exact; pattern must match the whole value", () => {
    expect(validateParameter({ enum: ["all"] }, "all")).toBe(true);
    expect(validateParameter({ enum: ["all"] }, "All")).toBe(false);
    expect(validateParameter({ pattern: "[a-z]+" }, "abc")).toBe(true);
    expect(validateParameter({ pattern: "[a-z]+" }, "abc1")).toBe(false);
    expect(() => validateParameter({ pattern: "(" }, "x")).toThrow(ParameterSchemaError);
  });
  it("anyOf: one alternative suffices (after the schema's own checks)", () => {
    const s = { anyOf: [{ enum: ["all"] }, { type: "integer" }] };
    expect(validateParameter(s, "all")).toBe(true);
    expect(validateParameter(s, "7")).toBe(true);
    expect(validateParameter(s, "x")).toBe(false);
    expect(validateParameter({ type: "integer", anyOf: [{ enum: ["all"] }] }, "all")).toBe(false);
  });
  it("query parameters: names ignore case, required needs a non-null value", () => {
    const schemas = new Map([["q", { type: "integer", required: true }]]);
    expect(validateQueryParameters(schemas, [{ name: "Q", value: "1" }])).toBe(true);
    expect(validateQueryParameters(schemas, [{ name: "q", value: null }])).toBe(false);
    expect(validateQueryParameters(schemas, [])).toBe(false);
    expect(
      validateQueryParameters(schemas, [
        { name: "q", value: "1" },
        { name: "q", value: "x" },
      ]),
    ).toBe(false);
    expect(validateQueryParameters(new Map([["q", { type: "integer" }]]), [])).toBe(true);
  });
});
