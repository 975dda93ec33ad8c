/** `!<redactExceptPhrases>`: keeps only the listed phrases found in a string (spec 4.6). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { ValueFunction } from "./context.js";

type Spec = Extract<Transform, { type: "redactExceptPhrases" }>;

export function redactExceptPhrasesFunction(spec: Spec): ValueFunction {
  const regexes = spec.allowedPhrases.map((phrase) =>
    compileJavaRegex(`\\b(\\Q${phrase.replaceAll("\\E", "\\E\\\\E\\Q")}\\E)[\\s:]*\\b`, {
      caseInsensitive: true,
    }),
  );
  return (v) => {
    if (typeof v !== "string") return null;
    if (isBlank(v)) return v;
    const kept: string[] = [];
    for (const re of regexes) {
      const m = re.find(v);
      if (m) kept.push(m[1]);
    }
    return kept.join(",");
  };
}
