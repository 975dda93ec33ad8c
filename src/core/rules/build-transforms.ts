/**
 * Reads API-mode transforms and augments (rules-engine spec 4, 8.3, 10) from YAML: the type comes from
 * the tag (`!<pseudonymize>` or `!pseudonymize`) or from a `method:` key; every option gets the
 * reference's default; unknown keys, unknown types and JSONPaths that do not compile are problems.
 */
import type { Node } from "yaml";
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import { compileJsonPath } from "../jsonpath/index.js";
import type { Augment, PseudonymEncoding, Transform, TransformType } from "./model.js";
import { indexPath, type MapEntry, suggest, type YamlReader } from "./yaml-reader.js";

export const TRANSFORM_TYPES: readonly TransformType[] = [
  "redact",
  "redactRegexMatches",
  "redactExceptPhrases",
  "redactExceptSubstringsMatchingRegexes",
  "pseudonymize",
  "pseudonymizeEmailHeader",
  "pseudonymizeRegexMatches",
  "filterTokenByRegex",
  "tokenize",
  "textDigest",
  "hashIp",
  "encryptIp",
];

const COMMON_KEYS = ["jsonPaths", "applyOnlyWhen", "method", "fields"];
const OPTION_KEYS: Record<TransformType, string[]> = {
  redact: [],
  hashIp: [],
  encryptIp: [],
  pseudonymize: ["encoding", "includeReversible", "includeOriginal", "onlyIfRegex"],
  pseudonymizeEmailHeader: ["encoding"],
  pseudonymizeRegexMatches: ["regex", "includeReversible"],
  redactRegexMatches: ["redactions"],
  redactExceptPhrases: ["allowedPhrases"],
  redactExceptSubstringsMatchingRegexes: ["exceptions"],
  filterTokenByRegex: ["delimiter", "filters"],
  tokenize: ["regex"],
  textDigest: ["keywords", "isJsonEscaped", "jsonPathToProcessWhenEscaped"],
};

export const ENCODINGS: readonly PseudonymEncoding[] = ["JSON", "URL_SAFE_TOKEN", "URL_SAFE_HASH_ONLY"];

/** The compile error of a JSONPath, or undefined when it compiles. */
export function jsonPathError(text: string): string | undefined {
  try {
    compileJsonPath(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function regexWarning(r: YamlReader, pattern: string, path: string, node: Node | null): void {
  try {
    compileJavaRegex(pattern);
  } catch (e) {
    r.warn(
      path,
      node,
      `not a valid Java regular expression (${e instanceof Error ? e.message : String(e)}); values reaching this transform will fail the request`,
    );
  }
}

/** Resolves the type of a transform / augment node (tag first, then `method:`). */
function typeOf(
  r: YamlReader,
  node: Node | null,
  entries: MapEntry[],
  path: string,
  what: string,
  known: readonly string[],
): string | undefined {
  const tag = r.tagOf(node);
  const methodEntry = entries.find((e) => e.key === "method");
  const method = methodEntry ? r.string(methodEntry.value, methodEntry.path, "method") : undefined;
  const type = tag ?? (typeof method === "string" ? method : undefined);
  if (type === undefined) {
    r.error(
      path,
      node,
      `${what} has no type: tag it (e.g. "- !<${known[0]}>") or add "method: ${known[0]}"; known types: ${known.join(", ")}`,
    );
    return undefined;
  }
  if (!known.includes(type)) {
    const hint = suggest(type, known);
    r.error(
      path,
      node,
      `unknown ${what} type "${type}"${hint ? ` (did you mean "${hint}"?)` : ""}; known types (case-sensitive): ${known.join(", ")}`,
    );
    return undefined;
  }
  if (tag !== undefined && typeof method === "string" && method !== tag) {
    r.warn(
      methodEntry!.path,
      methodEntry!.value,
      `method "${method}" differs from the tag !<${tag}>; the tag wins`,
    );
  }
  return type;
}

/** Entries of a (possibly tagged, possibly empty) transform node. */
function entriesOf(r: YamlReader, node: Node | null, path: string, what: string): MapEntry[] | undefined {
  const n = r.resolve(node);
  if (r.isNull(n) && r.tagOf(n) !== undefined) return [];
  return r.map(n, path, what);
}

function readPaths(r: YamlReader, e: MapEntry | undefined, validate: boolean): string[] {
  if (!e) return [];
  const list = r.stringList(e.value, e.path, "jsonPaths");
  if (!list) return [];
  if (validate) {
    list.forEach((p, i) => {
      const err = jsonPathError(p);
      if (err !== undefined) {
        r.error(indexPath(e.path, i), e.value, `not a valid JSONPath (${err})`);
      }
    });
  }
  return list;
}

export function readTransform(r: YamlReader, node: Node | null, path: string): Transform | undefined {
  const n = r.resolve(node);
  const entries = entriesOf(r, n, path, "a transform");
  if (!entries) return undefined;
  const type = typeOf(r, n, entries, path, "transform", TRANSFORM_TYPES) as TransformType | undefined;
  if (!type) return undefined;
  r.checkKeys(entries, new Set([...COMMON_KEYS, ...OPTION_KEYS[type]]), `a ${type} transform`);
  const get = (k: string) => entries.find((e) => e.key === k);

  const jsonPaths = readPaths(r, get("jsonPaths"), true);
  if (jsonPaths.length === 0) r.warn(path, n, `${type} transform has no jsonPaths; it does nothing`);
  let applyOnlyWhen: string | undefined;
  const cond = get("applyOnlyWhen");
  if (cond) {
    const s = r.string(cond.value, cond.path, "applyOnlyWhen");
    if (typeof s === "string") {
      applyOnlyWhen = s;
      if (!isBlank(s)) {
        const err = jsonPathError(s);
        if (err !== undefined) r.error(cond.path, cond.value, `not a valid JSONPath (${err})`);
      }
    }
  }
  const fields = get("fields");
  if (fields) r.stringList(fields.value, fields.path, "fields");

  const base = { jsonPaths, ...(applyOnlyWhen !== undefined ? { applyOnlyWhen } : {}) };
  const bool = (k: string) => {
    const e = get(k);
    return e ? r.bool(e.value, e.path, false) : false;
  };
  const str = (k: string): string | undefined => {
    const e = get(k);
    if (!e) return undefined;
    const s = r.string(e.value, e.path, k);
    return typeof s === "string" ? s : undefined;
  };
  const list = (k: string): string[] => {
    const e = get(k);
    return (e && r.stringList(e.value, e.path, k)) || [];
  };
  const encoding = (): PseudonymEncoding => {
    const e = get("encoding");
    return e ? r.enumValue(e.value, e.path, ENCODINGS, "URL_SAFE_TOKEN") : "URL_SAFE_TOKEN";
  };
  const checkRegexes = (k: string, values: string[]) => {
    const e = get(k);
    values.forEach((v, i) => {
      regexWarning(r, v, indexPath(e!.path, i), e!.value);
    });
  };

  switch (type) {
    case "redact":
    case "hashIp":
    case "encryptIp":
      return { type, ...base };
    case "pseudonymize": {
      const t: Transform = {
        type,
        ...base,
        encoding: encoding(),
        includeReversible: bool("includeReversible"),
        includeOriginal: bool("includeOriginal"),
      };
      const only = str("onlyIfRegex");
      if (only !== undefined) {
        t.onlyIfRegex = only;
        r.warn(
          get("onlyIfRegex")!.path,
          get("onlyIfRegex")!.value,
          "onlyIfRegex is accepted but has no effect",
        );
      }
      if (t.includeOriginal && t.encoding === "URL_SAFE_TOKEN") {
        const e = get("includeOriginal")!;
        r.error(
          e.path,
          e.value,
          'includeOriginal: true cannot be combined with encoding URL_SAFE_TOKEN (the default); set encoding: "JSON" or drop includeOriginal',
        );
      }
      return t;
    }
    case "pseudonymizeEmailHeader":
      return { type, ...base, encoding: encoding() };
    case "pseudonymizeRegexMatches": {
      const regex = str("regex");
      if (regex === undefined) {
        r.error(path, n, 'pseudonymizeRegexMatches needs a "regex" (a Java regular expression)');
        return undefined;
      }
      regexWarning(r, regex, get("regex")!.path, get("regex")!.value);
      return { type, ...base, regex, includeReversible: bool("includeReversible") };
    }
    case "redactRegexMatches": {
      const redactions = list("redactions");
      checkRegexes("redactions", redactions);
      return { type, ...base, redactions };
    }
    case "redactExceptPhrases":
      return { type, ...base, allowedPhrases: list("allowedPhrases") };
    case "redactExceptSubstringsMatchingRegexes": {
      const exceptions = list("exceptions");
      checkRegexes("exceptions", exceptions);
      return { type, ...base, exceptions };
    }
    case "filterTokenByRegex": {
      const d = get("delimiter");
      let delimiter: string | null = "\\s+";
      if (d) {
        const s = r.string(d.value, d.path, "delimiter");
        if (s === null) delimiter = null;
        else if (typeof s === "string") {
          delimiter = s;
          regexWarning(r, s, d.path, d.value);
        }
      }
      const filters = list("filters");
      checkRegexes("filters", filters);
      return { type, ...base, delimiter, filters };
    }
    case "tokenize": {
      const regex = str("regex");
      if (regex !== undefined) regexWarning(r, regex, get("regex")!.path, get("regex")!.value);
      return { type, ...base, ...(regex !== undefined ? { regex } : {}) };
    }
    case "textDigest": {
      const t: Transform = {
        type,
        ...base,
        keywords: list("keywords"),
        isJsonEscaped: bool("isJsonEscaped"),
      };
      const inner = str("jsonPathToProcessWhenEscaped");
      if (inner !== undefined) t.jsonPathToProcessWhenEscaped = inner;
      return t;
    }
  }
}

const AUGMENT_TYPES = ["textDigest", "sentenceMetadata"] as const;
const TEXT_DIGEST_AUGMENT_KEYS = new Set([
  "jsonPaths",
  "keywords",
  "innerJsonPath",
  "outputSchema",
  "method",
]);

export function readAugment(r: YamlReader, node: Node | null, path: string): Augment | undefined {
  const n = r.resolve(node);
  const entries = entriesOf(r, n, path, "an augment");
  if (!entries) return undefined;
  const type = typeOf(r, n, entries, path, "augment", AUGMENT_TYPES);
  if (!type) return undefined;
  const get = (k: string) => entries.find((e) => e.key === k);
  const pathsEntry = get("jsonPaths");
  const jsonPaths = pathsEntry ? (r.stringList(pathsEntry.value, pathsEntry.path, "jsonPaths") ?? []) : [];
  jsonPaths.forEach((p, i) => {
    const err = jsonPathError(p);
    if (err !== undefined) {
      r.warn(
        indexPath(pathsEntry!.path, i),
        pathsEntry!.value,
        `not a valid JSONPath (${err}); the augment skips it`,
      );
    }
  });
  if (type === "sentenceMetadata") {
    const a: Augment = { type, jsonPaths };
    for (const e of entries)
      if (e.key !== "jsonPaths" && e.key !== "method") a[e.key] = r.json(e.value, e.path);
    return a;
  }
  r.checkKeys(entries, TEXT_DIGEST_AUGMENT_KEYS, "a textDigest augment");
  const kw = get("keywords");
  const keywords = (kw && r.stringList(kw.value, kw.path, "keywords")) || [];
  const inner = get("innerJsonPath");
  const innerJsonPath = inner ? r.string(inner.value, inner.path, "innerJsonPath") : undefined;
  const out: Augment = { type: "textDigest", jsonPaths, keywords };
  if (typeof innerJsonPath === "string") out.innerJsonPath = innerJsonPath;
  return out;
}
