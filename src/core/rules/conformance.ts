/**
 * Runs conformance cases that concern the rules layer: `urls` cases (is `method url` allowed by a rules
 * file?) and the vectors `path-template-match`, `path-template-capture`, `bulk-file-rules-selection`.
 * Used by the tests and by `psoxy rules test`.
 *
 * Rules files are read lazily through `process.getBuiltinModule` so that importing this module does not
 * pull file-system access into the pure core.
 */
import { fromPlain, jsonEquals } from "../json/convert.js";
import { selectFileRules } from "./bulk-select.js";
import { compileApiRules } from "./endpoint-match.js";
import { loadRules } from "./load-rules.js";
import type { AnyRules } from "./model.js";
import { compileTemplate } from "./path-template.js";
import { splitUrl } from "./url-parts.js";

export interface UrlCase {
  id?: string;
  rules: string;
  method: string;
  url: string;
  allowed: boolean;
  via?: string;
}

export interface RulesVector {
  id?: string;
  kind: string;
  input: string;
  options?: Record<string, unknown>;
  expected: unknown;
}

export interface CaseResult {
  ok: boolean;
  actual: unknown;
}

export type ReadText = (relativePath: string) => string;

const rulesCache = new Map<string, AnyRules>();

function fileReader(conformanceDir: string): ReadText {
  return (rel) => {
    const fs = process.getBuiltinModule("node:fs");
    const dir = conformanceDir.endsWith("/") ? conformanceDir : `${conformanceDir}/`;
    return fs.readFileSync(`${dir}${rel}`, "utf8");
  };
}

/** Loads (and caches) the rules file of a case; `conformanceDir` is a directory or a reader function. */
export function loadCaseRules(rel: string, conformanceDir: string | ReadText): AnyRules {
  const key = `${typeof conformanceDir === "string" ? conformanceDir : "<reader>"}|${rel}`;
  let rules = rulesCache.get(key);
  if (!rules) {
    const read = typeof conformanceDir === "string" ? fileReader(conformanceDir) : conformanceDir;
    rules = loadRules(read(rel), { source: rel });
    if (typeof conformanceDir === "string") rulesCache.set(key, rules);
  }
  return rules;
}

/**
 * Decides whether the case's request is allowed. The URL in the case is the final URL the reference
 * checked; its own host is the target host (so no target-host path is stripped).
 */
export function runUrlCase(caseObj: UrlCase, conformanceDir: string | ReadText): CaseResult {
  try {
    const rules = loadCaseRules(caseObj.rules, conformanceDir);
    if (rules.kind !== "api")
      return { ok: false, actual: { error: `rules are ${rules.kind} rules, not API rules` } };
    const matcher = compileApiRules(rules, { targetHost: splitUrl(caseObj.url).authority });
    const actual = matcher.isAllowed(caseObj.method, caseObj.url);
    return { ok: actual === caseObj.allowed, actual };
  } catch (e) {
    return { ok: false, actual: { error: e instanceof Error ? e.message : String(e) } };
  }
}

export const RULES_VECTOR_KINDS = [
  "path-template-match",
  "path-template-capture",
  "bulk-file-rules-selection",
];

export function runRulesVector(vector: RulesVector): CaseResult {
  try {
    const opts = vector.options ?? {};
    switch (vector.kind) {
      case "path-template-match": {
        const actual = compileTemplate(String(opts.template), false).matches(vector.input);
        return { ok: actual === vector.expected, actual };
      }
      case "path-template-capture": {
        const m = compileTemplate(String(opts.template), false).matchWhole(vector.input);
        const actual = m ? (m.groups?.[String(opts.group)] ?? null) : null;
        return { ok: actual === vector.expected, actual };
      }
      case "bulk-file-rules-selection": {
        const rules = loadRules(String(opts.rulesYaml));
        if (rules.kind !== "multi") return { ok: false, actual: { error: `parsed as ${rules.kind} rules` } };
        const chosen = selectFileRules(rules, vector.input);
        const actual =
          chosen === null
            ? null
            : chosen.kind === "columnar"
              ? { firstColumnToPseudonymize: chosen.columnsToPseudonymize[0] ?? null }
              : { format: chosen.format };
        return { ok: jsonEquals(fromPlain(actual), fromPlain(vector.expected)), actual };
      }
      default:
        return { ok: false, actual: { error: `unsupported vector kind ${vector.kind}` } };
    }
  } catch (e) {
    return { ok: false, actual: { error: e instanceof Error ? e.message : String(e) } };
  }
}
