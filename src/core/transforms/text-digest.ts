/** `!<textDigest>`: replaces text by its length, word count and keyword counts (spec 4.10, 10.1). */

import { isBlank, javaSplit, jtrim } from "../java/strings.js";
import { parsePermissive, serializeSmart } from "../json/json-smart.js";
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

const isWordChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x41 && c <= 0x5a);
const isSplitSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * `serializeJson(digest(text, keywords))`, written directly: the same counts without the token arrays,
 * the Map and the generic writer. Keyword names are runs of `[a-z0-9_]`, which JSON needs no escape for.
 */
export function digestJson(text: string, keywords: readonly string[]): string {
  if (text === "") return '{"length":0,"word_count":0}';
  let out = "{";
  if (keywords.length > 0) {
    const wanted = new Set(keywords.map((k) => k.toLowerCase()));
    const lengths = new Set([...wanted].map((k) => k.length));
    const counts = new Map<string, number>();
    const lower = text.toLowerCase();
    const n = lower.length;
    for (let i = 0; i < n; ) {
      if (!isWordChar(lower.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isWordChar(lower.charCodeAt(j))) j++;
      if (lengths.has(j - i)) {
        const token = lower.slice(i, j);
        if (wanted.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
      }
      i = j;
    }
    if (counts.size > 0) {
      const parts = [...counts.keys()].sort().map((k) => `"${k}":${counts.get(k)}`);
      out += `"keywords":{${parts.join(",")}},`;
    }
  }
  // Java `trim().split("[ \t\n\x0B\f\r]+").length`: the runs of those blanks between words, plus one
  const trimmed = jtrim(text);
  let words = 1;
  for (let i = 0; i < trimmed.length; i++) {
    if (isSplitSpace(trimmed.charCodeAt(i)) && !isSplitSpace(trimmed.charCodeAt(i - 1))) words++;
  }
  return `${out}"length":${text.length},"word_count":${words}}`;
}

export function textDigestFunction(spec: Spec): ValueFunction {
  const keywords = spec.keywords;
  const inner =
    spec.isJsonEscaped && spec.jsonPathToProcessWhenEscaped && !isBlank(spec.jsonPathToProcessWhenEscaped)
      ? compileJsonPath(spec.jsonPathToProcessWhenEscaped)
      : undefined;
  return (v) => {
    if (typeof v !== "string") return null;
    if (!inner) return digestJson(v, keywords);
    let doc: JsonValue;
    try {
      doc = parsePermissive(v);
    } catch {
      throw new AbortPathApplication();
    }
    try {
      doc = mapPath(doc, inner, (x) => (typeof x === "string" ? digestJson(x, keywords) : null));
    } catch {
      throw new AbortPathApplication();
    }
    return serializeSmart(doc);
  };
}
