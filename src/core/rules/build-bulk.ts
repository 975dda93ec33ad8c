/**
 * Reads the bulk rule formats (rules-engine spec 9, bulk-and-cli spec 3, 8-11) from YAML:
 * `ColumnarRules` (CSV columns), `RecordRules` (JSON records) and `MultiTypeBulkDataRules`
 * (object-path template -> one of the others, type deduced from the keys present).
 */
import type { Node } from "yaml";
import { compileJavaRegex } from "../java/regex.js";
import type { JsonValue } from "../json/types.js";
import { forEachSchema, readSchemaFilter } from "./build-schema.js";
import type {
  ColumnarRules,
  ColumnPseudonymFormat,
  MultiTypeBulkRules,
  RecordRules,
  RecordTransform,
} from "./model.js";
import { childPath, indexPath, type MapEntry, type YamlReader } from "./yaml-reader.js";

export const COLUMNAR_KEYS = new Set([
  "delimiter",
  "pseudonymFormat",
  "columnsToPseudonymize",
  "columnsToPseudonymizeIfPresent",
  "columnsToRedact",
  "columnsToRename",
  "columnsToDuplicate",
  "columnsToInclude",
  "fieldsToTransform",
  "defaultScopeIdForSource",
]);
export const RECORD_KEYS = new Set(["format", "transforms", "outputSchemaFilter"]);
export const MULTI_KEYS = new Set(["fileRules"]);

const PSEUDONYM_FORMATS: readonly ColumnPseudonymFormat[] = ["JSON", "URL_SAFE_TOKEN", "URL_SAFE_HASH_ONLY"];
const RECORD_FORMATS: readonly RecordRules["format"][] = ["NDJSON", "CSV", "JSON_ARRAY", "PARQUET", "AUTO"];
const PIPELINE_KEYS = new Set(["newName", "sourceColumn", "transforms"]);
const FIELD_TRANSFORM_KEYS = [
  "filter",
  "formatString",
  "javaRegExpReplace",
  "pseudonymize",
  "pseudonymizeWithScope",
];
const RECORD_TRANSFORM_KEYS = ["redact", "pseudonymize", "tokenize", "textDigest", "textDigestKeywords"];

export function readColumnarRules(r: YamlReader, node: Node | null, entries: MapEntry[]): ColumnarRules {
  r.checkKeys(entries, COLUMNAR_KEYS, "columnar (CSV) rules");
  const get = (k: string) => entries.find((e) => e.key === k);
  const list = (k: string): string[] | undefined => {
    const e = get(k);
    return e ? (r.stringList(e.value, e.path, k) ?? undefined) : undefined;
  };
  const rules: ColumnarRules = {
    kind: "columnar",
    delimiter: ",",
    pseudonymFormat: "JSON",
    columnsToPseudonymize: list("columnsToPseudonymize") ?? [],
    columnsToPseudonymizeIfPresent: list("columnsToPseudonymizeIfPresent") ?? [],
    columnsToRedact: list("columnsToRedact") ?? [],
    columnsToRename: stringMap(r, get("columnsToRename")),
    columnsToDuplicate: stringMap(r, get("columnsToDuplicate")),
    fieldsToTransform: new Map(),
    raw: new Map(),
  };
  const d = get("delimiter");
  if (d) {
    const s = r.string(d.value, d.path, "delimiter");
    if (typeof s === "string" && s !== "") rules.delimiter = s;
  }
  const pf = get("pseudonymFormat");
  if (pf) rules.pseudonymFormat = r.enumValue(pf.value, pf.path, PSEUDONYM_FORMATS, "JSON");
  const include = list("columnsToInclude");
  if (include) rules.columnsToInclude = include;
  const ftt = get("fieldsToTransform");
  if (ftt && !r.isNull(ftt.value)) rules.fieldsToTransform = readPipelines(r, ftt);
  const scope = get("defaultScopeIdForSource");
  if (scope) r.string(scope.value, scope.path, "defaultScopeIdForSource");
  const raw = r.json(node, "");
  if (raw instanceof Map) rules.raw = raw;
  return rules;
}

function stringMap(r: YamlReader, e: MapEntry | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!e || r.isNull(e.value)) return out;
  const entries = r.map(e.value, e.path, e.key);
  for (const x of entries ?? []) {
    const s = r.string(x.value, x.path, `${e.key} entry`);
    if (typeof s === "string") out.set(x.key, s);
    else if (s === null)
      r.error(x.path, x.value, `${e.key} values must be non-empty column names, found null`);
  }
  return out;
}

function readPipelines(r: YamlReader, e: MapEntry): ColumnarRules["fieldsToTransform"] {
  const out: ColumnarRules["fieldsToTransform"] = new Map();
  for (const p of r.map(e.value, e.path, "fieldsToTransform") ?? []) {
    const entries = r.map(p.value, p.path, "a field transform pipeline");
    if (!entries) continue;
    r.checkKeys(entries, PIPELINE_KEYS, "a field transform pipeline");
    const pipeline: { newName?: string; sourceColumn?: string; transforms: Map<string, JsonValue>[] } = {
      transforms: [],
    };
    for (const x of entries) {
      if (x.key === "newName" || x.key === "sourceColumn") {
        const s = r.string(x.value, x.path, x.key);
        if (typeof s === "string") pipeline[x.key] = s;
      } else if (x.key === "transforms") {
        r.seq(x.value, x.path, "transforms")?.forEach((item, i) => {
          const t = readFieldTransform(r, item, indexPath(x.path, i));
          if (t) pipeline.transforms.push(t);
        });
      }
    }
    if (pipeline.newName === undefined) {
      r.warn(p.path, p.value, "a field transform pipeline without newName fails when the file is processed");
    }
    out.set(p.key, pipeline);
  }
  return out;
}

function readFieldTransform(
  r: YamlReader,
  node: Node | null,
  path: string,
): Map<string, JsonValue> | undefined {
  const entries = r.map(node, path, "a field transform step");
  if (!entries) return undefined;
  if (entries.length !== 1 || !FIELD_TRANSFORM_KEYS.includes(entries[0].key)) {
    r.error(
      path,
      node,
      `a field transform step must be a mapping with exactly one of ${FIELD_TRANSFORM_KEYS.join(", ")}; found ${
        entries.length === 0 ? "no key" : entries.map((e) => `"${e.key}"`).join(", ")
      }`,
    );
    return undefined;
  }
  const [e] = entries;
  const out = new Map<string, JsonValue>();
  switch (e.key) {
    case "pseudonymize":
      out.set(e.key, r.bool(e.value, e.path, false));
      break;
    case "javaRegExpReplace": {
      const cfg = r.map(e.value, e.path, "javaRegExpReplace");
      if (!cfg) return undefined;
      r.checkKeys(cfg, new Set(["regExp", "replace"]), "javaRegExpReplace");
      const m = new Map<string, JsonValue>();
      for (const k of ["regExp", "replace"]) {
        const c = cfg.find((x) => x.key === k);
        const s = c ? r.string(c.value, c.path, k) : null;
        if (typeof s !== "string") {
          if (s === null)
            r.error(childPath(e.path, k), c?.value ?? e.value, `javaRegExpReplace needs a "${k}" string`);
          return undefined;
        }
        m.set(k, s);
      }
      regexWarning(r, m.get("regExp") as string, childPath(e.path, "regExp"), e.value);
      out.set(e.key, m);
      break;
    }
    default: {
      const s = r.string(e.value, e.path, e.key);
      if (typeof s !== "string") {
        if (s === null) r.error(e.path, e.value, `${e.key} needs a string value`);
        return undefined;
      }
      if (e.key === "filter") regexWarning(r, s, e.path, e.value);
      if (e.key === "pseudonymizeWithScope") {
        r.warn(e.path, e.value, "pseudonymizeWithScope is no longer supported; files using it fail");
      }
      out.set(e.key, s);
    }
  }
  return out;
}

function regexWarning(r: YamlReader, pattern: string, path: string, node: Node | null): void {
  try {
    compileJavaRegex(pattern);
  } catch (err) {
    r.warn(
      path,
      node,
      `not a valid Java regular expression (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

export function readRecordRules(r: YamlReader, entries: MapEntry[]): RecordRules {
  r.checkKeys(entries, RECORD_KEYS, "record rules");
  const get = (k: string) => entries.find((e) => e.key === k);
  const rules: RecordRules = { kind: "record", format: "NDJSON", transforms: [] };
  const f = get("format");
  if (f) {
    if (r.isNull(f.value))
      r.error(f.path, f.value, `format must not be null; use one of ${RECORD_FORMATS.join(", ")}`);
    else rules.format = r.enumValue(f.value, f.path, RECORD_FORMATS, "NDJSON");
  }
  const t = get("transforms");
  if (t) {
    r.seq(t.value, t.path, "transforms")?.forEach((item, i) => {
      const rt = readRecordTransform(r, item, indexPath(t.path, i));
      if (rt) rules.transforms.push(rt);
    });
  }
  const o = get("outputSchemaFilter");
  if (o && !r.isNull(o.value)) {
    const s = readSchemaFilter(r, o.value, o.path);
    if (s) {
      rules.outputSchemaFilter = s;
      forEachSchema(s, (sub, at) => {
        const ref = sub.$ref;
        if (ref?.startsWith("#/definitions/") && !s.definitions?.has(ref.slice("#/definitions/".length))) {
          r.warn(
            at ? `${o.path}.${at}` : o.path,
            o.value,
            `$ref "${ref}" has no matching definition in outputSchemaFilter.definitions`,
          );
        }
      });
    }
  }
  return rules;
}

/** `- redact: "$.a"`, `- pseudonymize: ["$.a", "$.b"]`, `- textDigestKeywords: {jsonPaths: [...], keywords: [...]}` */
function readRecordTransform(r: YamlReader, node: Node | null, path: string): RecordTransform | undefined {
  const entries = r.map(node, path, "a record transform");
  if (!entries) return undefined;
  if (entries.length !== 1 || !RECORD_TRANSFORM_KEYS.includes(entries[0].key)) {
    r.error(
      path,
      node,
      `a record transform must be a mapping with exactly one of ${RECORD_TRANSFORM_KEYS.join(", ")} (e.g. - redact: "$.name"); found ${
        entries.length === 0 ? "no key" : entries.map((e) => `"${e.key}"`).join(", ")
      }`,
    );
    return undefined;
  }
  const [e] = entries;
  if (e.key === "textDigestKeywords") {
    const cfg = r.map(e.value, e.path, "textDigestKeywords");
    if (!cfg) return undefined;
    r.checkKeys(cfg, new Set(["jsonPaths", "keywords"]), "textDigestKeywords");
    const jp = cfg.find((x) => x.key === "jsonPaths");
    const kw = cfg.find((x) => x.key === "keywords");
    return {
      type: "textDigestKeywords",
      jsonPaths: jp ? pathList(r, jp.value, jp.path) : [],
      keywords: (kw && r.stringList(kw.value, kw.path, "keywords")) || [],
    };
  }
  const type = e.key as "pseudonymize" | "redact" | "tokenize" | "textDigest";
  if (r.isNull(e.value)) r.warn(e.path, e.value, `${type} has no paths; it does nothing`);
  return { type, jsonPaths: pathList(r, e.value, e.path) };
}

/** A single path or a list of paths (the record format accepts both). */
function pathList(r: YamlReader, node: Node | null, path: string): string[] {
  const n = r.resolve(node);
  if (r.isNull(n)) return [];
  const single = r.scalarText(n);
  if (single !== undefined) return [single];
  return r.stringList(n, path, "paths") ?? [];
}

export function readMultiRules(r: YamlReader, entries: MapEntry[], depth = 0): MultiTypeBulkRules {
  r.checkKeys(entries, MULTI_KEYS, "multi-file bulk rules");
  const rules: MultiTypeBulkRules = { kind: "multi", fileRules: [] };
  const fr = entries.find((e) => e.key === "fileRules");
  if (!fr) return rules;
  const items = r.map(fr.value, fr.path, "fileRules (path template -> rules)");
  if (!items) return rules;
  if (items.length === 0) r.error(fr.path, fr.value, "fileRules needs at least one path template");
  for (const item of items) {
    if (depth === 0 && !item.key.startsWith("/")) {
      r.warn(item.path, item.keyNode, `path template "${item.key}" should start with "/"`);
    }
    if (item.key.includes("*")) {
      r.warn(
        item.path,
        item.keyNode,
        `"*" in path template "${item.key}" is a literal asterisk, not a wildcard; use a {parameter} to match any name`,
      );
    }
    const nested = readNestedBulkRules(r, item.value, item.path, depth);
    if (nested) rules.fileRules.push({ template: item.key, rules: nested });
  }
  return rules;
}

/** Jackson "deduction": the type whose property set covers the keys present. */
function readNestedBulkRules(
  r: YamlReader,
  node: Node | null,
  path: string,
  depth: number,
): MultiTypeBulkRules["fileRules"][number]["rules"] | undefined {
  const entries = r.map(node, path, "file rules");
  if (!entries) return undefined;
  if (entries.length === 0) {
    r.error(
      path,
      node,
      "file rules entry has no rules: add columnsToPseudonymize/columnsToRedact (CSV), format/transforms (records) or fileRules",
    );
    return undefined;
  }
  const score = (keys: Set<string>) => entries.filter((e) => keys.has(e.key)).length;
  const candidates: Array<[number, string]> = [
    [score(COLUMNAR_KEYS), "columnar"],
    [score(RECORD_KEYS), "record"],
    [score(MULTI_KEYS), "multi"],
  ];
  let best = candidates[0];
  for (const c of candidates) if (c[0] > best[0]) best = c;
  if (best[1] === "record") return readRecordRules(r, entries);
  if (best[1] === "multi") {
    if (depth >= 1) r.warn(path, node, "file rules nested more than one level fail at run time");
    return readMultiRules(r, entries, depth + 1);
  }
  return readColumnarRules(r, node, entries);
}
