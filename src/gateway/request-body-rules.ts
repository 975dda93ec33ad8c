/**
 * The `requestBody` part of an endpoint's rules (rules-engine spec 7.6): a required body must be there,
 * and a body whose Content-Type has a schema must validate against it. Unused by shipped rules, so the
 * validator covers the common JSON Schema keywords (type, enum, const, properties, required,
 * additionalProperties, items, pattern, min/max length, minimum/maximum, allOf/anyOf/oneOf/not, and
 * `format: pseudonym` as the reference rewrites it) and ignores the rest; a schema library would
 * compile schemas to JavaScript at run time, which this project does not do.
 */
import { parseJson } from "../core/json/parse.js";
import { isJsonNumber, type JsonValue, numberValue } from "../core/json/types.js";
import { formDecode, type RequestBodySpec } from "../core/rules/index.js";

export class UnsupportedBodyTypeError extends Error {
  readonly code = "UNSUPPORTED_REQUEST_BODY_TYPE";
  constructor(contentType: string) {
    super(`request body schemas exist only for JSON and form bodies, not ${contentType}`);
    this.name = "UnsupportedBodyTypeError";
  }
}

const PSEUDONYM_PATTERN = /p~[a-zA-Z0-9_-]{43,}/;

/** Whether the body satisfies `spec`; throws `UnsupportedBodyTypeError` for a schema on another media type. */
export function requestBodyAllowed(
  spec: RequestBodySpec | undefined,
  contentType: string,
  body: string | undefined,
): boolean {
  if (!spec) return true;
  if (body === undefined) return spec.required !== true;
  const content = spec.content;
  if (!content || content.size === 0) return true;
  const mediaType = contentType.split(";")[0].trim().toLowerCase() || "application/json";
  const schema = content.get(contentType) ?? content.get(mediaType);
  if (schema === undefined) return true;
  let doc: JsonValue;
  if (mediaType === "application/json") {
    try {
      doc = parseJson(body);
    } catch {
      return false;
    }
  } else if (mediaType === "application/x-www-form-urlencoded") {
    doc = new Map<string, JsonValue>();
    for (const pair of body.split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const name = formDecode(eq < 0 ? pair : pair.slice(0, eq));
      doc.set(name, eq < 0 ? "" : formDecode(pair.slice(eq + 1)));
    }
  } else {
    throw new UnsupportedBodyTypeError(mediaType);
  }
  return validate(schema, doc);
}

function typeOf(v: JsonValue): string {
  if (v === null) return "null";
  if (v instanceof Map) return "object";
  if (Array.isArray(v)) return "array";
  if (isJsonNumber(v)) return Number.isInteger(numberValue(v)) ? "integer" : "number";
  return typeof v;
}

function hasType(v: JsonValue, type: JsonValue): boolean {
  const actual = typeOf(v);
  const ok = (t: JsonValue) => t === actual || (t === "number" && actual === "integer");
  return Array.isArray(type) ? type.some(ok) : ok(type);
}

function equal(a: JsonValue, b: JsonValue): boolean {
  if (isJsonNumber(a) && isJsonNumber(b)) return numberValue(a) === numberValue(b);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !equal(v, b.get(k)!)) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return a === b;
}

function validate(schema: JsonValue, v: JsonValue): boolean {
  if (schema === true || !(schema instanceof Map)) return schema !== false;
  const s = (k: string) => schema.get(k);
  const num = (k: string) => {
    const x = s(k);
    return x !== undefined && isJsonNumber(x) ? numberValue(x) : undefined;
  };
  const type = s("type");
  if (type !== undefined && !hasType(v, type)) return false;
  const en = s("enum");
  if (Array.isArray(en) && !en.some((e) => equal(e, v))) return false;
  const cst = s("const");
  if (cst !== undefined && !equal(cst, v)) return false;
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    const list = s(k);
    if (!Array.isArray(list)) continue;
    const passed = list.filter((c) => validate(c, v)).length;
    if (k === "allOf" ? passed !== list.length : k === "anyOf" ? passed === 0 : passed !== 1) return false;
  }
  const not = s("not");
  if (not !== undefined && validate(not, v)) return false;
  if (typeof v === "string") {
    const len = [...v].length;
    const min = num("minLength");
    const max = num("maxLength");
    if ((min !== undefined && len < min) || (max !== undefined && len > max)) return false;
    const pattern = s("pattern");
    if (typeof pattern === "string" && !new RegExp(pattern, "u").test(v)) return false;
    const format = s("format");
    if (
      typeof format === "string" &&
      /^(reversible[-_])?pseudonym$/i.test(format) &&
      !PSEUDONYM_PATTERN.test(v)
    )
      return false;
  }
  if (isJsonNumber(v)) {
    const x = numberValue(v);
    const min = num("minimum");
    const max = num("maximum");
    if ((min !== undefined && x < min) || (max !== undefined && x > max)) return false;
  }
  if (Array.isArray(v)) {
    const items = s("items");
    if (items !== undefined && !v.every((x) => validate(items, x))) return false;
  }
  if (v instanceof Map) {
    const required = s("required");
    if (Array.isArray(required) && !required.every((r) => typeof r === "string" && v.has(r))) return false;
    const props = s("properties");
    const additional = s("additionalProperties");
    for (const [k, x] of v) {
      const p = props instanceof Map ? props.get(k) : undefined;
      if (p !== undefined) {
        if (!validate(p, x)) return false;
      } else if (additional !== undefined && !validate(additional, x)) return false;
    }
  }
  return true;
}
