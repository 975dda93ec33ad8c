/**
 * The response schema filter ("JSON Schema Filter", rules-engine spec 6): keeps only what a schema
 * describes. It is a filter, not a validator: members absent from the schema are dropped, members of
 * the wrong type become null (array elements disappear), members whose key starts with "+" (augment
 * output) always pass. Returns a new tree; the input is not modified.
 *
 * `$ref` resolves against a root schema: in API mode a synthetic root holding only the rules file's
 * top-level `definitions`; in bulk mode the `outputSchemaFilter` itself.
 */
import { javaDoubleToString } from "../json/java-double.js";
import {
  type AnyJsonObject,
  isAnyJsonObject,
  JsonDouble,
  type JsonValue,
  objEntries,
  objGet,
  objSet,
} from "../json/types.js";
import type { JsonSchemaFilter } from "../rules/model.js";

/** The filter cannot be applied (unknown type, unresolvable `$ref`, ...); the request / file fails. */
export class SchemaFilterError extends Error {
  readonly code = "SCHEMA_FILTER_FAILED";
  constructor(
    message: string,
    /** JSONPath-like location in the document, e.g. `$.value[].id` */
    readonly at: string,
  ) {
    super(`${message} (at ${at})`);
    this.name = "SchemaFilterError";
  }
}

const NOMATCH: unique symbol = Symbol("NOMATCH");
type Filtered = JsonValue | typeof NOMATCH;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const TWO_63 = 2 ** 63;
const MAX_DEPTH = 10_000;

/**
 * Filters `doc` by `schema`. `root` is either the root schema for `$ref` (bulk mode: the
 * outputSchemaFilter) or the top-level `definitions` of an API rules file (API mode); absent = a root
 * without definitions.
 */
export function filterResponseBySchema(
  doc: JsonValue,
  schema: JsonSchemaFilter,
  root?: JsonSchemaFilter | ReadonlyMap<string, JsonSchemaFilter>,
  options: { plainObjects?: boolean } = {},
): JsonValue {
  const rootSchema: JsonSchemaFilter =
    root === undefined
      ? {}
      : root instanceof Map
        ? { definitions: root as Map<string, JsonSchemaFilter> }
        : (root as JsonSchemaFilter);
  const previous = plainObjects;
  plainObjects = options.plainObjects === true;
  let r: Filtered;
  try {
    r = filter(doc, schema, rootSchema, "$", 0);
  } finally {
    plainObjects = previous;
  }
  if (r === NOMATCH)
    throw new SchemaFilterError("a const / if condition did not match at the document root", "$");
  return r;
}

/** Jackson `asText()` of a node. */
function text(node: JsonValue): string {
  if (node === null) return "null";
  if (typeof node === "string") return node;
  if (typeof node === "number" && !Number.isInteger(node)) return javaDoubleToString(node); // a plain double
  if (typeof node === "boolean" || typeof node === "number" || typeof node === "bigint") return String(node);
  if (node instanceof JsonDouble) return javaDoubleToString(node.value);
  return "";
}

/**
 * Output objects are plain (see PlainJsonObject) while filtering a tree that the sanitizer's native fast
 * path built (its property names are safe for plain objects), Maps otherwise. Set for one call.
 */
let plainObjects = false;

function newObject(): AnyJsonObject {
  return plainObjects ? {} : new Map<string, JsonValue>();
}

function isObject(v: JsonValue | undefined): v is AnyJsonObject {
  return isAnyJsonObject(v);
}

function filter(
  node: JsonValue | undefined,
  s: JsonSchemaFilter,
  root: JsonSchemaFilter,
  at: string,
  depth: number,
): Filtered {
  if (depth > MAX_DEPTH) throw new SchemaFilterError("schema recursion is too deep", at);
  if (s.$ref !== undefined) {
    if (s.$ref === "#") return filter(node, root, root, at, depth + 1);
    if (s.$ref.startsWith("#/definitions/")) {
      const name = s.$ref.slice("#/definitions/".length);
      const def = root.definitions?.get(name);
      if (!def) throw new SchemaFilterError(`definition not found: ${name}`, at);
      return filter(node, def, root, at, depth + 1);
    }
    throw new SchemaFilterError(`unsupported $ref: ${s.$ref}`, at);
  }
  if (s.anyOf && s.anyOf.length > 0) {
    for (const c of s.anyOf) {
      const r = filter(node, c, root, at, depth + 1);
      if (r !== NOMATCH) return r;
    }
    return null;
  }
  if (node === undefined) throw new SchemaFilterError("member required by a condition is missing", at);
  if (s.type === undefined) {
    if (isAnyJsonObject(node) || Array.isArray(node)) return null;
    if (typeof node === "bigint" && (node < LONG_MIN || node > LONG_MAX)) {
      throw new SchemaFilterError("integer beyond the long range cannot pass a schema without type", at);
    }
    return node;
  }
  if (s.if) return conditional(node, s, root, at, depth);
  if (s.const !== undefined) return text(node) === s.const ? "" : NOMATCH;
  switch (s.type) {
    case "string":
      return typeof node === "string" ? node : null;
    case "integer":
      return integer(node);
    case "number":
      return typeof node === "number" || typeof node === "bigint" || node instanceof JsonDouble ? node : null;
    case "boolean":
      if (typeof node === "boolean") return node;
      return node === null ? false : null;
    case "object": {
      if (!isObject(node)) return null;
      const out = newObject();
      for (const [k, v] of objEntries(node)) {
        if (k.startsWith("+")) {
          objSet(out, k, v);
          continue;
        }
        const ps = s.properties?.get(k);
        if (!ps) continue;
        const r = filter(v, ps, root, `${at}.${k}`, depth + 1);
        if (r === NOMATCH) return NOMATCH;
        objSet(out, k, r);
      }
      return out;
    }
    case "array": {
      if (!Array.isArray(node)) return null;
      const out: JsonValue[] = [];
      for (const e of node) {
        if (!s.items) throw new SchemaFilterError('schema of type "array" has no "items"', `${at}[]`);
        const r = filter(e, s.items, root, `${at}[]`, depth + 1);
        if (r === NOMATCH)
          throw new SchemaFilterError("a const / if condition did not match an array element", `${at}[]`);
        if (r !== null) out.push(r);
      }
      return out;
    }
    case "null":
      return null;
    default:
      throw new SchemaFilterError(`unknown schema type "${s.type}"`, at);
  }
}

/** `type: integer`: Jackson's canConvertToInt / canConvertToLong, truncating toward zero. */
function integer(node: JsonValue): JsonValue {
  if (typeof node === "number" && Number.isInteger(node)) return node;
  if (typeof node === "bigint") return node >= LONG_MIN && node <= LONG_MAX ? node : null;
  // a double: JsonDouble, or a non-integral number in a tree of plain values
  if (node instanceof JsonDouble || typeof node === "number") {
    const d = typeof node === "number" ? node : node.value;
    if (Number.isNaN(d)) return null;
    if (d >= INT_MIN && d <= INT_MAX) return Math.trunc(d) + 0;
    if (d >= -TWO_63 && d <= TWO_63) {
      let b = BigInt(Math.trunc(d));
      if (b > LONG_MAX) b = LONG_MAX;
      if (b < LONG_MIN) b = LONG_MIN;
      return Number.isSafeInteger(Number(b)) ? Number(b) : b;
    }
    return null;
  }
  return null;
}

/** A condition schema (`if` / `else`): the lexicographically first property decides. */
function condition(
  node: JsonValue,
  c: JsonSchemaFilter,
  root: JsonSchemaFilter,
  at: string,
  depth: number,
): Filtered {
  if (c.$ref !== undefined || (c.anyOf && c.anyOf.length > 0)) return filter(node, c, root, at, depth + 1);
  const keys = [...(c.properties?.keys() ?? [])].sort();
  if (keys.length === 0) throw new SchemaFilterError("an if/else condition needs exactly one property", at);
  const k = keys[0];
  const member = isObject(node) ? objGet(node, k) : undefined;
  return filter(member, c.properties!.get(k)!, root, `${at}.${k}`, depth + 1);
}

/** The `then` schema: keeps the members it names (no "+" exemption, no NOMATCH propagation). */
function then(
  node: JsonValue,
  t: JsonSchemaFilter | undefined,
  root: JsonSchemaFilter,
  at: string,
  depth: number,
): Filtered {
  if (!t) throw new SchemaFilterError('an "if" schema needs a "then"', at);
  if (t.$ref !== undefined || (t.anyOf && t.anyOf.length > 0)) return filter(node, t, root, at, depth + 1);
  const out = newObject();
  if (!isObject(node)) return out;
  for (const [k, v] of objEntries(node)) {
    const ps = t.properties?.get(k);
    if (!t.properties) throw new SchemaFilterError('a "then" schema needs "properties"', at);
    if (!ps) continue;
    const r = filter(v, ps, root, `${at}.${k}`, depth + 1);
    if (r === NOMATCH)
      throw new SchemaFilterError("a const / if condition did not match inside then", `${at}.${k}`);
    objSet(out, k, r);
  }
  return out;
}

function conditional(
  node: JsonValue,
  s: JsonSchemaFilter,
  root: JsonSchemaFilter,
  at: string,
  depth: number,
): Filtered {
  let r = condition(node, s.if!, root, at, depth);
  if (r === NOMATCH && s.else) r = condition(node, s.else, root, at, depth);
  if (r !== NOMATCH) r = then(node, s.then, root, at, depth);
  return r;
}
