/**
 * Loads a rules file (YAML text) into the model of `model.ts`.
 *
 * Like the reference (rules-engine spec 8.1), the YAML is read as the first of ColumnarRules, API rules,
 * MultiTypeBulkDataRules, RecordRules that accepts its keys without unknown properties, so `{}` is an
 * empty ColumnarRules. Unlike the reference, a rejected file reports every problem with its YAML path and
 * position, taken from the rules type the file most likely meant to be.
 */
import { gunzipSync } from "node:zlib";
import type { Node } from "yaml";
import { API_KEYS, readApiRules } from "./build-api.js";
import {
  COLUMNAR_KEYS,
  MULTI_KEYS,
  RECORD_KEYS,
  readColumnarRules,
  readMultiRules,
  readRecordRules,
} from "./build-bulk.js";
import { type RulesProblem, RulesValidationError } from "./errors.js";
import type { AnyRules } from "./model.js";
import { type MapEntry, parseRulesYaml, YamlReader } from "./yaml-reader.js";

export interface LoadRulesOptions {
  /** name of the rules source (file path, "RULES" ...) used in error messages */
  source?: string;
  /** receives things that load but will misbehave (deprecated keys, templates that fail per request ...) */
  onWarning?: (warning: RulesProblem) => void;
}

export interface RulesValidationResult {
  rules?: AnyRules;
  /** set when the file is rejected */
  error?: RulesValidationError;
  warnings: RulesProblem[];
}

interface Kind {
  name: AnyRules["kind"];
  keys: ReadonlySet<string>;
  read(r: YamlReader, root: Node, entries: MapEntry[]): AnyRules;
}

// the reference's order of attempts
const KINDS: Kind[] = [
  { name: "columnar", keys: COLUMNAR_KEYS, read: (r, root, e) => readColumnarRules(r, root, e) },
  { name: "api", keys: API_KEYS, read: (r, _root, e) => readApiRules(r, e) },
  { name: "multi", keys: MULTI_KEYS, read: (r, _root, e) => readMultiRules(r, e) },
  { name: "record", keys: RECORD_KEYS, read: (r, _root, e) => readRecordRules(r, e) },
];

/** Parses and validates rules YAML; the result holds either the rules or the error, plus warnings. */
export function validateRules(text: string, opts: LoadRulesOptions = {}): RulesValidationResult {
  try {
    return read(text, opts.source);
  } catch (e) {
    if (e instanceof RulesValidationError) return { error: e, warnings: [] };
    throw e;
  }
}

/** Parses and validates rules YAML; throws `RulesValidationError` when the file is rejected. */
export function loadRules(text: string, opts: LoadRulesOptions = {}): AnyRules {
  const result = read(text, opts.source);
  if (result.error) throw result.error;
  if (opts.onWarning) for (const w of result.warnings) opts.onWarning(w);
  return result.rules!;
}

function read(text: string, source: string | undefined): RulesValidationResult {
  const { doc, lineCounter, root } = parseRulesYaml(text, source);
  const top = new YamlReader(doc, lineCounter);
  const entries = top.map(root, "", "the rules file (top level)");
  if (!entries || root === null) {
    return { error: new RulesValidationError("RULES_INVALID", top.problems, source), warnings: [] };
  }
  const known = (k: Kind) => entries.filter((e) => k.keys.has(e.key)).length;
  let firstCandidate: { kind: Kind; reader: YamlReader } | undefined;
  for (const kind of KINDS) {
    if (known(kind) !== entries.length) continue;
    const r = new YamlReader(doc, lineCounter);
    const rules = kind.read(r, root, entries);
    if (r.problems.length === 0) return { rules, warnings: r.warnings };
    firstCandidate ??= { kind, reader: r };
  }
  if (firstCandidate) {
    return {
      error: new RulesValidationError("RULES_INVALID", firstCandidate.reader.problems, source),
      warnings: firstCandidate.reader.warnings,
    };
  }
  // no rules type knows every top-level key: report against the closest one
  let best = KINDS[0];
  for (const k of KINDS) if (known(k) > known(best)) best = k;
  const r = new YamlReader(doc, lineCounter);
  if (known(best) === 0) {
    for (const e of entries) {
      r.error(
        e.path,
        e.keyNode,
        `unknown top-level key "${e.key}"; a rules file has "endpoints" (API rules), "columnsToPseudonymize"/"columnsToRedact" (CSV rules), "format"/"transforms" (record rules) or "fileRules" (multi-file rules)`,
      );
    }
  } else {
    best.read(r, root, entries);
  }
  return { error: new RulesValidationError("RULES_INVALID", r.problems, source), warnings: r.warnings };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** java.util.Base64.getDecoder(): standard alphabet, no white space, padding optional but exact. */
function strictBase64(value: string): Uint8Array | null {
  if (!BASE64.test(value)) return null;
  const body = value.replace(/=+$/, "");
  const pad = value.length - body.length;
  if (body.length % 4 === 1) return null;
  if (pad > 0 && (body.length + pad) % 4 !== 0) return null;
  const bin = atob(body);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The YAML text of a `RULES` configuration value (spec 8.1): standard base64 (strict) of YAML or of
 * gzipped YAML, else the value itself.
 */
export function decodeRulesValue(value: string): string {
  const raw = strictBase64(value);
  if (raw === null) return value;
  let bytes: Uint8Array = raw;
  try {
    bytes = gunzipSync(raw);
  } catch {
    // not gzipped
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * Loads a `RULES` configuration value (base64 / gzip / plain YAML). When the decoded text is rejected
 * but differs from the raw value, the raw value is tried once more, as the reference does.
 */
export function loadRulesValue(value: string, opts: LoadRulesOptions = {}): AnyRules {
  const decoded = decodeRulesValue(value);
  try {
    return loadRules(decoded, opts);
  } catch (e) {
    if (decoded === value || !(e instanceof RulesValidationError)) throw e;
    try {
      return loadRules(value, opts);
    } catch (e2) {
      // garbage from decoding something that merely looked like base64: the raw text's error is the useful one
      throw /[\uFFFD\x00-\x08\x0E-\x1F]/.test(decoded) ? e2 : e;
    }
  }
}
