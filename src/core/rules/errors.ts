/**
 * Errors raised while loading a rules file or matching a request against it.
 *
 * `RulesValidationError` carries every problem found in one pass (not just the first), each tied to the
 * YAML path and source position, so `psoxy rules validate` can show them all at once.
 */

export interface RulesProblem {
  /** YAML path of the offending node, e.g. `endpoints[3].transforms[0].jsonPaths[1]` ("" = the document). */
  path: string;
  /** 1-based line and column of the node in the YAML text, when known. */
  line?: number;
  col?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

export type RulesErrorCode = "RULES_INVALID" | "RULES_INVALID_YAML";

export function formatProblem(p: RulesProblem): string {
  const where = p.line !== undefined ? ` (line ${p.line}:${p.col ?? 1})` : "";
  return `${p.path || "<document>"}${where}: ${p.message}`;
}

export class RulesValidationError extends Error {
  constructor(
    readonly code: RulesErrorCode,
    readonly problems: RulesProblem[],
    readonly source?: string,
  ) {
    const head =
      code === "RULES_INVALID_YAML"
        ? "rules are not valid YAML"
        : "rules do not match any supported rules format or fail validation";
    const list = problems.map((p) => `  - ${formatProblem(p)}`).join("\n");
    super(`${source ? `${source}: ` : ""}${head}:\n${list}`);
    this.name = "RulesValidationError";
  }
}

/**
 * A rules file that loaded but cannot be applied to a request (invalid path template, unknown parameter
 * format, invalid parameter pattern ...). The reference fails such requests with HTTP 500.
 */
export class RulesMatchError extends Error {
  readonly code = "RULES_MATCH_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "RulesMatchError";
  }
}
