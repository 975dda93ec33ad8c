/**
 * A compact notation for response schemas (rules-engine spec 6), so that the catalogue's schemas stay
 * readable where the YAML form runs to thousands of lines:
 *
 * - a string is a leaf: `"string"`, `"integer"`, `"boolean"`, `"number"`, `"object"`, `"array"`, or a
 *   string format (`"date-time"`, `"date"`, `"time"`), or `"#Name"` for `$ref: "#/definitions/Name"`;
 * - a plain object `{ a: …, b: … }` is `{ type: object, properties: { a, b } }`;
 * - a one-element array `[x]` is `{ type: array, items: x }`;
 * - anything else is built with `schema({...})` / `typed(...)` and passed through as is.
 *
 * Property maps are emitted sorted by name, like the reference's serializer; the filter itself does not
 * depend on the order.
 */
import type { SchemaDoc } from "./model.js";

const BUILT = Symbol("schema");

/** a schema that is already in `SchemaDoc` form */
export interface BuiltSchema extends SchemaDoc {
  readonly [BUILT]: true;
}

export type SchemaInput = string | BuiltSchema | SchemaInput[] | { [name: string]: SchemaInput };

const TYPES = new Set(["string", "integer", "boolean", "number", "object", "array", "null"]);
const STRING_FORMATS = new Set(["date-time", "date", "time"]);

function built(doc: SchemaDoc): BuiltSchema {
  Object.defineProperty(doc, BUILT, { value: true, enumerable: false });
  return doc as BuiltSchema;
}

function isBuilt(x: unknown): x is BuiltSchema {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BUILT] === true;
}

/** Turns the compact notation into a `SchemaDoc`. */
export function s(input: SchemaInput): BuiltSchema {
  if (typeof input === "string") return leaf(input);
  if (isBuilt(input)) return input;
  if (Array.isArray(input)) {
    if (input.length !== 1)
      throw new Error(`array schema shorthand takes one item schema, got ${input.length}`);
    return built({ type: "array", items: s(input[0]) });
  }
  return built({ type: "object", properties: props(input) });
}

function leaf(text: string): BuiltSchema {
  if (text.startsWith("#")) return ref(text.slice(1));
  if (TYPES.has(text)) return built({ type: text });
  if (STRING_FORMATS.has(text)) return built({ type: "string", format: text });
  throw new Error(`unknown schema shorthand "${text}"`);
}

/** Property map, sorted by name. */
export function props(input: { [name: string]: SchemaInput }): Record<string, SchemaDoc> {
  const out: Record<string, SchemaDoc> = {};
  for (const k of Object.keys(input).sort()) out[k] = s(input[k]);
  return out;
}

/** `{ type: object, properties }` */
export function obj(input: { [name: string]: SchemaInput }): BuiltSchema {
  return built({ type: "object", properties: props(input) });
}

/** `{ type: array, items }` */
export function arr(items: SchemaInput): BuiltSchema {
  return built({ type: "array", items: s(items) });
}

/** `$ref` to a definition of the same rules file */
export function ref(name: string): BuiltSchema {
  return built({ $ref: name === "" ? "#" : `#/definitions/${name}` });
}

/** an object schema with an unusual `type` (the reference has a few, e.g. GitHub's "onBehalfOf") */
export function typed(type: string, properties?: { [name: string]: SchemaInput }): BuiltSchema {
  return built(properties ? { type, properties: props(properties) } : { type });
}

/** any other schema, members in compact notation where they are schemas */
export function schema(doc: {
  type?: string;
  format?: string;
  $ref?: string;
  properties?: { [name: string]: SchemaInput };
  items?: SchemaInput;
  anyOf?: SchemaInput[];
  if?: SchemaInput;
  then?: SchemaInput;
  else?: SchemaInput;
  const?: string;
  definitions?: { [name: string]: SchemaInput };
}): BuiltSchema {
  const out: SchemaDoc = {};
  if (doc.type !== undefined) out.type = doc.type;
  if (doc.format !== undefined) out.format = doc.format;
  if (doc.$ref !== undefined) out.$ref = doc.$ref;
  if (doc.properties !== undefined) out.properties = props(doc.properties);
  if (doc.items !== undefined) out.items = s(doc.items);
  if (doc.anyOf !== undefined) out.anyOf = doc.anyOf.map(s);
  if (doc.if !== undefined) out.if = s(doc.if);
  // biome-ignore lint/suspicious/noThenProperty: "then" is a JSON-schema keyword here, not a thenable
  if (doc.then !== undefined) out.then = s(doc.then);
  if (doc.else !== undefined) out.else = s(doc.else);
  if (doc.const !== undefined) out.const = doc.const;
  if (doc.definitions !== undefined) out.definitions = props(doc.definitions);
  return built(out);
}

/** Definitions map (sorted), for `definitions:` at the top of API rules. */
export function definitions(input: { [name: string]: SchemaInput }): Record<string, SchemaDoc> {
  return props(input);
}
