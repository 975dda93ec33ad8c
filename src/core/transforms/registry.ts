/**
 * Turns a transform from the rules model into something that can be applied to a document, and applies
 * it with the reference's semantics (spec 4.0): optional document-level condition, paths in list order,
 * "path not found" silently skipped, every other failure fails the whole response.
 */

import { isBlank } from "../java/strings.js";
import type { JsonValue } from "../json/types.js";
import {
  type CompiledPath,
  compileJsonPath,
  deepScanMemberName,
  deleteMembersEverywhere,
  deletePath,
  mapPath,
  PathNotFoundError,
  readPath,
} from "../jsonpath/index.js";
import type { Transform } from "../rules/model.js";
import { memoizeStrings, type TransformContext, type ValueFunction } from "./context.js";
import { TransformError } from "./errors.js";
import { filterTokenByRegexFunction } from "./filter-token-by-regex.js";
import { encryptIpFunction, hashIpFunction } from "./ip.js";
import { pseudonymizeFunction } from "./pseudonymize.js";
import { pseudonymizeEmailHeaderFunction } from "./pseudonymize-email-header.js";
import { pseudonymizeRegexMatchesFunction } from "./pseudonymize-regex-matches.js";
import { redactExceptPhrasesFunction } from "./redact-except-phrases.js";
import { redactExceptSubstringsFunction } from "./redact-except-substrings.js";
import { redactRegexMatchesFunction } from "./redact-regex-matches.js";
import { AbortPathApplication, textDigestFunction } from "./text-digest.js";
import { tokenizeFunction } from "./tokenize.js";

export interface CompiledTransform {
  readonly spec: Transform;
  readonly paths: CompiledPath[];
  readonly condition?: CompiledPath;
  /** undefined for redact (which deletes instead of mapping) */
  readonly fn?: ValueFunction;
  /**
   * Redact only: runs of consecutive `$..name` paths, by the index of their first path, as the set of
   * names they delete (one walk for the run instead of one evaluation per path; same document).
   */
  readonly deepRuns?: ReadonlyMap<number, { names: ReadonlySet<string>; end: number }>;
}

function deepRuns(paths: CompiledPath[]): Map<number, { names: Set<string>; end: number }> | undefined {
  const runs = new Map<number, { names: Set<string>; end: number }>();
  for (let i = 0; i < paths.length; ) {
    const names = new Set<string>();
    let j = i;
    for (; j < paths.length; j++) {
      const name = deepScanMemberName(paths[j]!);
      if (name === null) break;
      names.add(name);
    }
    if (j > i) {
      runs.set(i, { names, end: j });
      i = j;
    } else i++;
  }
  return runs.size > 0 ? runs : undefined;
}

/** The value function of a (non-redact) transform. */
export function valueFunction(spec: Transform, ctx: TransformContext): ValueFunction | undefined {
  const fn = baseValueFunction(spec, ctx);
  switch (spec.type) {
    case "pseudonymize":
    case "pseudonymizeEmailHeader":
    case "pseudonymizeRegexMatches":
    case "tokenize":
    case "hashIp":
    case "encryptIp":
      return fn && memoizeStrings(fn, ctx.session);
    default:
      return fn;
  }
}

function baseValueFunction(spec: Transform, ctx: TransformContext): ValueFunction | undefined {
  switch (spec.type) {
    case "redact":
      return undefined;
    case "pseudonymize":
      return pseudonymizeFunction(spec, ctx);
    case "pseudonymizeEmailHeader":
      return pseudonymizeEmailHeaderFunction(spec, ctx);
    case "pseudonymizeRegexMatches":
      return pseudonymizeRegexMatchesFunction(spec, ctx);
    case "redactRegexMatches":
      return redactRegexMatchesFunction(spec);
    case "redactExceptPhrases":
      return redactExceptPhrasesFunction(spec);
    case "redactExceptSubstringsMatchingRegexes":
      return redactExceptSubstringsFunction(spec);
    case "filterTokenByRegex":
      return filterTokenByRegexFunction(spec);
    case "tokenize":
      return tokenizeFunction(spec, ctx);
    case "textDigest":
      return textDigestFunction(spec);
    case "hashIp":
      return hashIpFunction(ctx);
    case "encryptIp":
      return encryptIpFunction(ctx);
  }
}

export function compileTransform(spec: Transform, ctx: TransformContext): CompiledTransform {
  const paths = (spec.jsonPaths ?? []).map((p) => compileJsonPath(p));
  return {
    spec,
    paths,
    deepRuns: spec.type === "redact" ? deepRuns(paths) : undefined,
    condition:
      spec.applyOnlyWhen !== undefined && !isBlank(spec.applyOnlyWhen)
        ? compileJsonPath(spec.applyOnlyWhen)
        : undefined,
    fn: valueFunction(spec, ctx),
  };
}

/** `applyOnlyWhen`: evaluated once per document, not per match (spec 4.0). */
export function conditionHolds(doc: JsonValue, condition: CompiledPath): boolean {
  let r: JsonValue;
  try {
    r = readPath(doc, condition);
  } catch (e) {
    if (e instanceof PathNotFoundError) {
      throw new TransformError(`applyOnlyWhen path ${condition.text} is missing from the document`);
    }
    throw e;
  }
  if (Array.isArray(r)) return r.length > 0;
  throw new TransformError(`applyOnlyWhen path ${condition.text} must select a list`);
}

/** Applies one compiled transform to a document; returns the (possibly replaced) root. */
export function applyTransform(doc: JsonValue, t: CompiledTransform): JsonValue {
  if (t.condition && !conditionHolds(doc, t.condition)) return doc;
  const paths = t.paths;
  for (let i = 0; i < paths.length; i++) {
    const run = t.deepRuns?.get(i);
    if (run !== undefined) {
      deleteMembersEverywhere(doc, run.names);
      i = run.end - 1;
      continue;
    }
    const path = paths[i]!;
    try {
      doc = t.fn ? mapPath(doc, path, t.fn) : deletePath(doc, path);
    } catch (e) {
      if (e instanceof PathNotFoundError || e instanceof AbortPathApplication) continue;
      throw e;
    }
  }
  return doc;
}
