/**
 * `fieldsToTransform` pipelines (bulk-and-cli spec 9) and the cell pseudonym function they share with
 * `columnsToPseudonymize` (spec 8.5). A step runs only while the value is non-null.
 */
import { compileJavaRegex } from "../../core/java/regex.js";
import { isBlank } from "../../core/java/strings.js";
import type { JsonValue } from "../../core/json/types.js";
import type { ColumnarRules } from "../../core/rules/model.js";
import { csvField } from "../csv/csv-writer.js";
import { detachedCopy } from "../detached-string.js";
import { BulkError } from "../errors.js";
import type { BulkPseudonymizer } from "../types.js";
import { JavaFormatError, javaFormat, javaReplaceAll } from "./java-text.js";

export type CellFunction = (value: string | null) => string | null;

const MEMO_LIMIT = 10_000;

export type MemoizedCellFunction = CellFunction & {
  /** the pseudonym of a non-blank value as a CSV field (quoted as the writer would), remembered */
  csv(value: string): string;
};

// text that a JSON string literal holds verbatim, as Jackson and JSON.stringify write it
const JSON_SAFE = /^[^"\\\x00-\x1f\ud800-\udfff]*$/;

/** After this many lookups, a memo that hits less than MEMO_MIN_HIT_RATE of the time is switched off. */
const MEMO_PROBE = 5_000;
const MEMO_MIN_HIT_RATE = 0.2;

/**
 * The reference's pseudonymization function for one cell: blank stays as it is, otherwise the
 * pseudonym in the rules' `pseudonymFormat`.
 *
 * Results are remembered, as ids repeat (managers), but a column of unique ids (employee ids) would
 * only pay for the memo, so it switches itself off when it rarely hits. Keys are detached copies:
 * the values are slices of the input text and would keep every chunk they came from alive.
 */
export function cellPseudonymizer(
  format: ColumnarRules["pseudonymFormat"],
  p: BulkPseudonymizer,
): MemoizedCellFunction {
  const encode = (value: string): string | null => {
    const id = p.pseudonymize(value);
    if (id === null) return null;
    if (format === "URL_SAFE_TOKEN") return p.encodeUrlSafeToken(id);
    if (format === "URL_SAFE_HASH_ONLY") return id.hash;
    return p.encodeJson(id);
  };
  // the CSV field of a pseudonym, built directly in the common case (what csvField(encodeJson(id))
  // gives for an identity of plain domain and hash), else through the encoder and the CSV writer
  const encodeCsv = (value: string): string => {
    const id = p.pseudonymize(value);
    if (id === null) return "";
    if (format === "URL_SAFE_TOKEN") return csvField(p.encodeUrlSafeToken(id), false);
    if (format === "URL_SAFE_HASH_ONLY") return csvField(id.hash, false);
    if (id.original === undefined && id.reversible === undefined && JSON_SAFE.test(id.hash)) {
      if (id.domain === undefined) return `"{""hash"":""${id.hash}""}"`;
      if (JSON_SAFE.test(id.domain)) return `"{""domain"":""${id.domain}"",""hash"":""${id.hash}""}"`;
    }
    return csvField(p.encodeJson(id), false);
  };
  const memo = new Map<string, string | null>();
  let enabled = true;
  let lookups = 0;
  let hits = 0;
  const remembered = <T extends string | null>(value: string, compute: (v: string) => T): T => {
    if (!enabled) return compute(value);
    lookups++;
    const hit = memo.get(value);
    if (hit !== undefined) {
      hits++;
      return hit as T;
    }
    if (lookups === MEMO_PROBE && hits < MEMO_PROBE * MEMO_MIN_HIT_RATE) {
      enabled = false;
      memo.clear();
      return compute(value);
    }
    const out = compute(value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(detachedCopy(value), out);
    return out;
  };
  // an instance serves either `fn` (inside a chain) or `csv` (a column of its own), never both,
  // so the one memo holds one kind of result
  const fn = (value: string | null): string | null =>
    value === null || isBlank(value) ? value : remembered(value, encode);
  return Object.assign(fn, {
    csv: (value: string): string => remembered(value, encodeCsv),
  });
}

type Step = (v: string) => string | null;

function stepOf(step: Map<string, JsonValue>, pseudonymize: CellFunction, label: string): Step {
  const [[kind, arg]] = [...step.entries()];
  switch (kind) {
    case "filter": {
      const re = compileJavaRegex(String(arg));
      return (v) => {
        const m = re.matchWhole(v);
        if (!m) return null;
        return re.groupCount > 0 ? (m[1] ?? null) : v;
      };
    }
    case "formatString": {
      const template = String(arg);
      return (v) => {
        try {
          return javaFormat(template, v);
        } catch (e) {
          if (e instanceof JavaFormatError) throw new BulkError("RULES_INVALID", `${label}: ${e.message}`);
          throw e;
        }
      };
    }
    case "javaRegExpReplace": {
      const cfg = arg as Map<string, JsonValue>;
      const re = compileJavaRegex(String(cfg.get("regExp")));
      const replacement = String(cfg.get("replace"));
      return (v) => {
        if (!re.matches(v)) return v;
        try {
          return javaReplaceAll(re, v, replacement);
        } catch (e) {
          if (e instanceof JavaFormatError) throw new BulkError("RULES_INVALID", `${label}: ${e.message}`);
          throw e;
        }
      };
    }
    case "pseudonymize":
      return arg === true ? (v) => pseudonymize(v) : (v) => v;
    case "pseudonymizeWithScope":
      return () => {
        throw new BulkError(
          "RULES_INVALID",
          `${label}: pseudonymizeWithScope is no longer supported in v0.5+`,
        );
      };
    default:
      throw new BulkError("RULES_INVALID", `${label}: unknown field transform "${kind}"`);
  }
}

/** The function of one pipeline: its steps in order, stopping at the first null. */
export function pipelineFunction(
  transforms: Map<string, JsonValue>[],
  pseudonymize: CellFunction,
  label: string,
): CellFunction {
  const steps = transforms.map((t) => stepOf(t, pseudonymize, label));
  return (value) => {
    let v = value;
    for (const step of steps) {
      if (v === null) break;
      v = step(v);
    }
    return v;
  };
}
