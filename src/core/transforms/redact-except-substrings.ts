/** `!<redactExceptSubstringsMatchingRegexes>`: keeps the longest substring matching one of the regexes (spec 4.7). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { ValueFunction } from "./context.js";

type Spec = Extract<Transform, { type: "redactExceptSubstringsMatchingRegexes" }>;

export function redactExceptSubstringsFunction(spec: Spec): ValueFunction {
  const wrappers = spec.exceptions.map((r) => compileJavaRegex(`.*?(${r}).*?`));
  return (v) => {
    if (typeof v !== "string") return null;
    if (isBlank(v)) return v;
    let best: string | undefined;
    for (const re of wrappers) {
      const m = re.matchWhole(v);
      const g = m?.[1];
      if (g !== undefined && (best === undefined || g.length > best.length)) best = g;
    }
    return best ?? "";
  };
}
