/**
 * Reads the JSON-schema subset used as a response filter (`responseSchema`, `definitions`,
 * `outputSchemaFilter`; rules-engine spec 6 and 8.4) from YAML.
 */
import type { Node } from "yaml";
import type { JsonSchemaFilter } from "./model.js";
import { childPath, indexPath, type YamlReader } from "./yaml-reader.js";

const SCHEMA_KEYS = new Set([
  "type",
  "$ref",
  "format",
  "properties",
  "items",
  "definitions",
  "anyOf",
  "if",
  "then",
  "else",
  "const",
]);
/** Accepted and ignored by the reference. */
const SCHEMA_IGNORED = new Set(["title", "required", "additionalProperties", "$schema"]);
const KNOWN_TYPES = new Set(["string", "integer", "number", "boolean", "object", "array", "null"]);
const SCHEMA_NOTE =
  " (title, required, additionalProperties and $schema are ignored; any other JSON-Schema keyword, such as description, makes the reference reject the whole rules file: remove it)";

export function readSchemaFilter(
  r: YamlReader,
  node: Node | null,
  path: string,
  depth = 0,
): JsonSchemaFilter | undefined {
  if (depth > 200) {
    r.error(path, node, "schema nesting is too deep (recursive YAML alias?)");
    return undefined;
  }
  const entries = r.map(node, path, "a schema");
  if (!entries) return undefined;
  r.checkKeys(entries, SCHEMA_KEYS, "schema", SCHEMA_IGNORED, SCHEMA_NOTE);
  const s: JsonSchemaFilter = {};
  for (const e of entries) {
    if (r.isNull(e.value)) continue;
    switch (e.key) {
      case "type": {
        const t = r.string(e.value, e.path, "type");
        if (typeof t === "string") {
          s.type = t;
          if (!KNOWN_TYPES.has(t)) {
            r.warn(
              e.path,
              e.value,
              `unknown schema type "${t}": any response member reaching this schema fails the request (use one of ${[
                ...KNOWN_TYPES,
              ].join(", ")})`,
            );
          }
        }
        break;
      }
      case "$ref": {
        const ref = r.string(e.value, e.path, "$ref");
        if (typeof ref === "string") {
          s.$ref = ref;
          if (ref !== "#" && !ref.startsWith("#/definitions/")) {
            r.warn(e.path, e.value, `unsupported $ref "${ref}": only "#" and "#/definitions/<name>" resolve`);
          }
        }
        break;
      }
      case "format": {
        const f = r.string(e.value, e.path, "format");
        if (typeof f === "string") s.format = f;
        break;
      }
      case "const": {
        const c = r.string(e.value, e.path, "const");
        if (typeof c === "string") s.const = c;
        break;
      }
      case "properties":
      case "definitions": {
        const m = readSchemaMap(r, e.value, e.path, depth);
        if (m) s[e.key] = m;
        break;
      }
      case "items":
      case "if":
      case "then":
      case "else": {
        const sub = readSchemaFilter(r, e.value, e.path, depth + 1);
        if (sub) s[e.key] = sub;
        break;
      }
      case "anyOf": {
        const items = r.seq(e.value, e.path, "anyOf");
        if (items) {
          const list: JsonSchemaFilter[] = [];
          items.forEach((it, i) => {
            const sub = readSchemaFilter(r, it, indexPath(e.path, i), depth + 1);
            if (sub) list.push(sub);
          });
          s.anyOf = list;
        }
        break;
      }
    }
  }
  return s;
}

/** A mapping of name -> schema, in document order. */
export function readSchemaMap(
  r: YamlReader,
  node: Node | null,
  path: string,
  depth = 0,
): Map<string, JsonSchemaFilter> | undefined {
  const entries = r.map(node, path, "a mapping of names to schemas");
  if (!entries) return undefined;
  const out = new Map<string, JsonSchemaFilter>();
  for (const e of entries) {
    const sub = readSchemaFilter(r, e.value, childPath(path, e.key), depth + 1);
    if (sub) out.set(e.key, sub);
  }
  return out;
}

/** Calls `visit` for every schema reachable from `s` (not following $ref). */
export function forEachSchema(
  s: JsonSchemaFilter,
  visit: (s: JsonSchemaFilter, path: string) => void,
  path = "",
  depth = 0,
): void {
  if (depth > 200) return;
  visit(s, path);
  const sub = (key: string) => childPath(path, key);
  for (const [k, v] of s.properties ?? [])
    forEachSchema(v, visit, childPath(sub("properties"), k), depth + 1);
  for (const [k, v] of s.definitions ?? [])
    forEachSchema(v, visit, childPath(sub("definitions"), k), depth + 1);
  if (s.items) forEachSchema(s.items, visit, sub("items"), depth + 1);
  s.anyOf?.forEach((c, i) => {
    forEachSchema(c, visit, indexPath(sub("anyOf"), i), depth + 1);
  });
  if (s.if) forEachSchema(s.if, visit, sub("if"), depth + 1);
  if (s.then) forEachSchema(s.then, visit, sub("then"), depth + 1);
  if (s.else) forEachSchema(s.else, visit, sub("else"), depth + 1);
}
