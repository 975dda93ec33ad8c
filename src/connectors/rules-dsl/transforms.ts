/**
 * Builders for API-mode transforms (rules-engine spec 4) and augments (spec 10). Each takes its JSON
 * paths first, so a rule reads `pseudonymize("$..email")`, `redact("$..name", "$..title")`.
 */
import type { AugmentDoc, PseudonymEncoding, TransformDoc } from "./model.js";

type Paths = string | readonly string[];

const list = (paths: Paths): string[] => (typeof paths === "string" ? [paths] : [...paths]);

export function redact(...paths: string[]): TransformDoc {
  return { type: "redact", jsonPaths: paths };
}

export interface PseudonymizeOptions {
  encoding?: PseudonymEncoding;
  includeReversible?: boolean;
  includeOriginal?: boolean;
  applyOnlyWhen?: string;
}

/** `pseudonymize` with the URL_SAFE_TOKEN encoding unless told otherwise */
export function pseudonymize(paths: Paths, opts: PseudonymizeOptions = {}): TransformDoc {
  const t: TransformDoc = { type: "pseudonymize", jsonPaths: list(paths) };
  if (opts.applyOnlyWhen !== undefined) t.applyOnlyWhen = opts.applyOnlyWhen;
  if (opts.includeOriginal !== undefined) t.includeOriginal = opts.includeOriginal;
  if (opts.includeReversible !== undefined) t.includeReversible = opts.includeReversible;
  t.encoding = opts.encoding ?? "URL_SAFE_TOKEN";
  return t;
}

/** `pseudonymize` with a reversible token (`p~…`), URL_SAFE_TOKEN encoding */
export function pseudonymizeReversible(paths: Paths): TransformDoc {
  return pseudonymize(paths, { includeReversible: true });
}

/** `pseudonymize` with the legacy JSON encoding (`{"hash":…}`) */
export function pseudonymizeJson(
  paths: Paths,
  opts: Omit<PseudonymizeOptions, "encoding"> = {},
): TransformDoc {
  return pseudonymize(paths, { ...opts, encoding: "JSON" });
}

/** `pseudonymize` with no encoding key at all (the loader's default applies) */
export function pseudonymizeDefaultEncoding(paths: Paths): TransformDoc {
  return { type: "pseudonymize", jsonPaths: list(paths) };
}

export function pseudonymizeEmailHeader(
  paths: Paths,
  encoding: PseudonymEncoding = "URL_SAFE_TOKEN",
): TransformDoc {
  return { type: "pseudonymizeEmailHeader", jsonPaths: list(paths), encoding };
}

export function pseudonymizeRegexMatches(
  paths: Paths,
  regex: string,
  opts: { includeReversible?: boolean } = {},
): TransformDoc {
  const t: TransformDoc = { type: "pseudonymizeRegexMatches", jsonPaths: list(paths), regex };
  if (opts.includeReversible !== undefined) t.includeReversible = opts.includeReversible;
  return t;
}

export function tokenize(paths: Paths, regex?: string): TransformDoc {
  const t: TransformDoc = { type: "tokenize", jsonPaths: list(paths) };
  if (regex !== undefined) t.regex = regex;
  return t;
}

export function textDigest(
  paths: Paths,
  opts: { keywords?: string[]; isJsonEscaped?: boolean } = {},
): TransformDoc {
  const t: TransformDoc = { type: "textDigest", jsonPaths: list(paths) };
  if (opts.keywords !== undefined) t.keywords = opts.keywords;
  if (opts.isJsonEscaped !== undefined) t.isJsonEscaped = opts.isJsonEscaped;
  return t;
}

export function hashIp(paths: Paths): TransformDoc {
  return { type: "hashIp", jsonPaths: list(paths) };
}

export function redactRegexMatches(paths: Paths, redactions: string[]): TransformDoc {
  return { type: "redactRegexMatches", jsonPaths: list(paths), redactions };
}

export function redactExceptPhrases(paths: Paths, allowedPhrases: string[]): TransformDoc {
  return { type: "redactExceptPhrases", jsonPaths: list(paths), allowedPhrases };
}

export function filterTokenByRegex(paths: Paths, filters: string[], delimiter?: string): TransformDoc {
  const t: TransformDoc = { type: "filterTokenByRegex", jsonPaths: list(paths), filters };
  if (delimiter !== undefined) t.delimiter = delimiter;
  return t;
}

export function textDigestAugment(
  paths: Paths,
  opts: { keywords?: string[]; innerJsonPath?: string } = {},
): AugmentDoc {
  const a: AugmentDoc = { type: "textDigest", jsonPaths: list(paths) };
  if (opts.keywords !== undefined) a.keywords = opts.keywords;
  if (opts.innerJsonPath !== undefined) a.innerJsonPath = opts.innerJsonPath;
  return a;
}
