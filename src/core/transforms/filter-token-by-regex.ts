/** `!<filterTokenByRegex>`: keeps only the tokens that fully match one of the filters (spec 4.8). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank, javaSplit, jtrim } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { ValueFunction } from "./context.js";

type Spec = Extract<Transform, { type: "filterTokenByRegex" }>;

export function filterTokenByRegexFunction(spec: Spec): ValueFunction {
  const delimiter =
    spec.delimiter === null
      ? null
      : (() => {
          const r = compileJavaRegex(spec.delimiter).regex;
          return new RegExp(r.source, `${r.flags}g`);
        })();
  const filters = spec.filters.map((f) => compileJavaRegex(f));
  return (v) => {
    if (typeof v !== "string") return null;
    if (isBlank(v)) return v;
    const tokens = delimiter === null ? [v] : javaSplit(v, delimiter);
    const kept = tokens.filter((t) => filters.some((f) => f.matches(t)));
    const out = jtrim(kept.join(" "));
    return out === "" ? null : out;
  };
}
