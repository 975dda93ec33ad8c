/**
 * The transforms of `RecordRules` (bulk-and-cli spec 10.4) applied to one record: JSONPath-selected
 * values are redacted (set to null), pseudonymized (always `t~` URL-safe tokens), tokenized, or
 * replaced by a text digest; paths that match nothing are skipped.
 */
import { isBlank } from "../../core/java/strings.js";
import { JsonDouble, type JsonValue } from "../../core/json/types.js";
import {
  type CompiledPath,
  compileJsonPath,
  JsonPathEvaluationError,
  mapPath,
  PathNotFoundError,
  readPath,
} from "../../core/jsonpath/index.js";
import type { RecordTransform } from "../../core/rules/model.js";
import { digestJson } from "../../core/transforms/text-digest.js";
import { detachedCopy } from "../detached-string.js";
import { BulkError } from "../errors.js";
import type { BulkPseudonymizer, BulkWarning } from "../types.js";

interface Compiled {
  type: RecordTransform["type"];
  paths: CompiledPath[];
  fn: (v: JsonValue) => JsonValue;
}

export type RecordTransformer = (doc: JsonValue, record: number) => JsonValue;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function withRoot(path: string): string {
  return path.startsWith("$") || path.startsWith("@") ? path : `$.${path}`;
}

function kindOf(v: JsonValue): string {
  if (v === null) return "null";
  if (v instanceof JsonDouble) return "decimal number";
  if (v instanceof Map) return "object";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

class RecordValueError extends Error {}

export function compileRecordTransforms(
  transforms: RecordTransform[],
  pseudonymizer: BulkPseudonymizer,
  warn: (w: Omit<BulkWarning, "file">) => void,
): RecordTransformer {
  const warned = new Set<string>();
  const warnOnce = (code: string, message: string) => {
    if (warned.has(code)) return;
    warned.add(code);
    warn({ code, message });
  };
  const memo = new Map<string, string>();
  const pseudonymize = (v: JsonValue): JsonValue => {
    if (v === null) return null;
    if (typeof v === "string") {
      if (isBlank(v)) return v;
      const hit = memo.get(v);
      if (hit !== undefined) return hit;
      const id = pseudonymizer.pseudonymize(v);
      const out = id === null ? null : pseudonymizer.encodeUrlSafeToken(id);
      if (out !== null) {
        if (memo.size >= 10_000) memo.clear();
        memo.set(detachedCopy(v), out);
      }
      return out;
    }
    if (typeof v === "number" && Number.isInteger(v)) {
      const id = pseudonymizer.pseudonymize(v);
      return id === null ? null : pseudonymizer.encodeUrlSafeToken(id);
    }
    if (typeof v === "bigint" && v >= LONG_MIN && v <= LONG_MAX) {
      const id = pseudonymizer.pseudonymize(v);
      return id === null ? null : pseudonymizer.encodeUrlSafeToken(id);
    }
    throw new RecordValueError(`pseudonymize supports only text and integer values, found a ${kindOf(v)}`);
  };
  const compiled: Compiled[] = transforms.map((t): Compiled => {
    const paths = t.jsonPaths.map((p) => compileJsonPath(withRoot(p)));
    switch (t.type) {
      case "redact":
        return { type: t.type, paths, fn: () => null };
      case "pseudonymize":
        return { type: t.type, paths, fn: pseudonymize };
      case "tokenize":
        return {
          type: t.type,
          paths,
          fn: (v) => {
            if (typeof v !== "string") {
              if (v !== null)
                warnOnce("TOKENIZE_NON_TEXT", `tokenize found a ${kindOf(v)}; it is written as null`);
              return null;
            }
            return isBlank(v) ? v : pseudonymizer.tokenize(v);
          },
        };
      case "textDigest":
      case "textDigestKeywords": {
        const keywords = t.type === "textDigestKeywords" ? t.keywords : [];
        return {
          type: t.type,
          paths,
          fn: (v) => {
            if (typeof v !== "string") {
              if (v !== null)
                warnOnce("DIGEST_NON_TEXT", `${t.type} found a ${kindOf(v)}; it is written as null`);
              return null;
            }
            return digestJson(v, keywords);
          },
        };
      }
      default:
        throw new BulkError("RULES_INVALID", `unknown record transform ${(t as { type: string }).type}`);
    }
  });

  const apply = (doc: JsonValue, record: number): JsonValue => {
    for (const t of compiled) {
      for (const path of t.paths) {
        if (t.type === "pseudonymize") {
          let found: JsonValue;
          try {
            found = readPath(doc, path);
          } catch {
            continue;
          }
          if (found === null) continue;
        }
        try {
          mapPath(doc, path, t.fn);
        } catch (e) {
          if (e instanceof PathNotFoundError || e instanceof JsonPathEvaluationError) continue;
          if (e instanceof RecordValueError) {
            throw new BulkError("UNSUPPORTED_VALUE", `${e.message} at ${path.text}`, { record });
          }
          throw e;
        }
      }
    }
    return doc;
  };
  return apply;
}
