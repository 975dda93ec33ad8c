/** `!<textDigest>`: replaces text by its length, word count and keyword counts (spec 4.10, 10.1). */

import { isBlank, javaSplit, jtrim } from "../java/strings.js";
import { parsePermissive, serializeSmart } from "../json/json-smart.js";
import { serializeJson } from "../json/serialize.js";
import type { JsonObject, JsonValue } from "../json/types.js";
import { compileJsonPath, mapPath } from "../jsonpath/index.js";
import type { Transform } from "../rules/model.js";
import type { ValueFunction } from "./context.js";

type Spec = Extract<Transform, { type: "textDigest" }>;

const WHITESPACE = /[ \t\n\x0B\f\r]+/g;
const NON_WORD = /[^a-zA-Z0-9_]+/g;

/** Thrown to abandon the rest of one path's application (isJsonEscaped inner path missing). */
export class AbortPathApplication extends Error {}

/** The digest object, members in the reference's sorted order: keywords, length, word_count. */
export function digest(text: string, keywords: readonly string[]): JsonObject {
  const r: JsonObject = new Map();
  if (text === "") {
    r.set("length", 0);
    r.set("word_count", 0);
    return r;
  }
  if (keywords.length > 0) {
    const wanted = new Set(keywords.map((k) => k.toLowerCase()));
    const counts = new Map<string, number>();
    for (const t of javaSplit(text.toLowerCase(), NON_WORD)) {
      if (wanted.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    if (counts.size > 0) {
      const sorted: JsonObject = new Map();
      for (const k of [...counts.keys()].sort()) sorted.set(k, counts.get(k)!);
      r.set("keywords", sorted);
    }
  }
  r.set("length", text.length);
  r.set("word_count", javaSplit(jtrim(text), WHITESPACE).length);
  return r;
}

export function textDigestFunction(spec: Spec): ValueFunction {
  const keywords = spec.keywords;
  const inner =
    spec.isJsonEscaped && spec.jsonPathToProcessWhenEscaped && !isBlank(spec.jsonPathToProcessWhenEscaped)
      ? compileJsonPath(spec.jsonPathToProcessWhenEscaped)
      : undefined;
  return (v) => {
    if (typeof v !== "string") return null;
    if (!inner) return serializeJson(digest(v, keywords));
    let doc: JsonValue;
    try {
      doc = parsePermissive(v);
    } catch {
      throw new AbortPathApplication();
    }
    try {
      doc = mapPath(doc, inner, (x) => (typeof x === "string" ? serializeJson(digest(x, keywords)) : null));
    } catch {
      throw new AbortPathApplication();
    }
    return serializeSmart(doc);
  };
}
