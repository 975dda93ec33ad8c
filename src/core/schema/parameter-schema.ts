/**
 * Validation of path and query parameter values against `pathParameterSchemas` / `queryParamSchemas`
 * (rules-engine spec 7.4). Values are the raw captures / decoded query values; `null` always validates.
 */
import { compileJavaRegex, JavaRegexSyntaxError } from "../java/regex.js";
import { jtrim } from "../java/strings.js";
import type { ParameterSchema } from "../rules/model.js";

/** A schema that cannot be evaluated (unknown `format`, invalid `pattern`); the reference answers 500. */
export class ParameterSchemaError extends Error {
  readonly code = "PARAMETER_SCHEMA_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "ParameterSchemaError";
  }
}

const INTEGER = /^[0-9]+$/;
const REVERSIBLE_PSEUDONYM = /^p~[a-zA-Z0-9_-]{43,}$/;
// java.lang.Double.parseDouble after its trim of code units <= U+0020
const JAVA_DOUBLE =
  /^[+-]?(?:NaN|Infinity|(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0[xX](?:[0-9a-fA-F]+\.?|[0-9a-fA-F]*\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)[fFdD]?)$/;

/** Whether Java's `Double.parseDouble(s)` accepts `s`. */
export function isJavaDouble(s: string): boolean {
  return JAVA_DOUBLE.test(jtrim(s));
}

/** Canonical name of a string format (`reversible-pseudonym` -> `REVERSIBLE_PSEUDONYM`). */
export function formatName(format: string): string {
  return format.replace(/-/g, "_").toUpperCase();
}

export const SUPPORTED_PARAMETER_FORMATS = ["REVERSIBLE_PSEUDONYM", "PSEUDONYM"] as const;

/** Validates one value; throws `ParameterSchemaError` for a schema the reference cannot evaluate. */
export function validateParameter(schema: ParameterSchema, value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (schema.type === "integer") {
    if (!INTEGER.test(jtrim(value))) return false;
  } else if (schema.type === "number") {
    if (!isJavaDouble(value)) return false;
  }
  if (schema.format !== undefined && schema.format !== null) {
    const name = formatName(schema.format);
    if (name !== "REVERSIBLE_PSEUDONYM" && name !== "PSEUDONYM") {
      throw new ParameterSchemaError(
        `unsupported parameter format "${schema.format}"; use reversible-pseudonym or pseudonym`,
      );
    }
    if (!REVERSIBLE_PSEUDONYM.test(value)) return false;
  }
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.pattern !== undefined && schema.pattern !== null) {
    let ok: boolean;
    try {
      ok = compileJavaRegex(schema.pattern).matches(value);
    } catch (e) {
      if (e instanceof JavaRegexSyntaxError) {
        throw new ParameterSchemaError(`invalid parameter pattern: ${e.message}`);
      }
      throw e;
    }
    if (!ok) return false;
  }
  if (schema.anyOf && schema.anyOf.length > 0) return schema.anyOf.some((c) => validateParameter(c, value));
  return true;
}

export interface QueryParameter {
  name: string;
  /** decoded value; null for a bare `name` without `=` */
  value: string | null;
}

/**
 * `queryParamSchemas`: for each schema, the non-null values of every parameter of that name (ignoring
 * case) must validate, and a `required` parameter must have at least one.
 */
export function validateQueryParameters(
  schemas: ReadonlyMap<string, ParameterSchema>,
  params: readonly QueryParameter[],
): boolean {
  for (const [name, schema] of schemas) {
    const lower = name.toLowerCase();
    let count = 0;
    for (const p of params) {
      if (p.value === null || p.name.toLowerCase() !== lower) continue;
      count++;
      if (!validateParameter(schema, p.value)) return false;
    }
    if (schema.required && count === 0) return false;
  }
  return true;
}
