/**
 * Picks the rules that apply to one bulk object in a multi-file rule set (rules-engine spec 9.3,
 * bulk-and-cli spec 11): templates in file order, one leading `/` dropped, case-sensitive whole match,
 * first match wins; a nested rule set is matched with the last captured parameter, one level only.
 */
import { RulesMatchError } from "./errors.js";
import type { ColumnarRules, MultiTypeBulkRules, RecordRules } from "./model.js";
import { compileTemplate } from "./path-template.js";

export interface FileRulesMatch {
  template: string;
  rules: ColumnarRules | RecordRules | MultiTypeBulkRules;
  /** captured parameters in group order */
  captured: string[];
}

function firstMatch(rules: MultiTypeBulkRules, key: string): FileRulesMatch | null {
  for (const entry of rules.fileRules) {
    const template = entry.template.startsWith("/") ? entry.template.slice(1) : entry.template;
    let re: ReturnType<typeof compileTemplate>;
    try {
      re = compileTemplate(template, false);
    } catch (e) {
      throw new RulesMatchError(
        `fileRules template ${JSON.stringify(entry.template)} is not a valid pattern (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const m = re.matchWhole(key);
    if (m) {
      const captured: string[] = [];
      for (let i = 1; i < m.length; i++) captured.push(m[i] ?? "");
      return { template: entry.template, rules: entry.rules, captured };
    }
  }
  return null;
}

/**
 * The rules for `objectPath`, or null when no template matches. `inputBasePath`, when given, is removed
 * from the front of the path first (the reference's Javadoc says so; its code matches the full key, so
 * pass it only if you want the documented behaviour).
 */
export function selectFileRules(
  rules: MultiTypeBulkRules,
  objectPath: string,
  inputBasePath?: string,
): ColumnarRules | RecordRules | null {
  let key = objectPath;
  if (inputBasePath && key.startsWith(inputBasePath)) key = key.slice(inputBasePath.length);
  const m = firstMatch(rules, key);
  if (!m) return null;
  if (m.rules.kind !== "multi") return m.rules;
  if (m.captured.length === 0) {
    throw new RulesMatchError(
      `fileRules template ${JSON.stringify(m.template)} holds nested fileRules but captures no parameter to match them with`,
    );
  }
  const inner = firstMatch(m.rules, m.captured[m.captured.length - 1]);
  if (!inner) return null;
  if (inner.rules.kind === "multi")
    throw new RulesMatchError("MultiTypeBulkDataRules cannot be nested more than 1 level");
  return inner.rules;
}
