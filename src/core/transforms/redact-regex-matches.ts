/** `!<redactRegexMatches>`: removes every match of each regex from a string (spec 4.5). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { ValueFunction } from "./context.js";

type Spec = Extract<Transform, { type: "redactRegexMatches" }>;

export function redactRegexMatchesFunction(spec: Spec): ValueFunction {
  const regexes = spec.redactions.map((r) => compileJavaRegex(r));
  return (v) => {
    if (typeof v !== "string") return null;
    if (isBlank(v)) return v;
    let s = v;
    for (const re of regexes) s = re.replaceAllLiteral(s, "");
    return s;
  };
}
