/** `!<pseudonymizeRegexMatches>`: pseudonymizes the part of a string a regex captures (spec 4.4). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { TransformContext, ValueFunction } from "./context.js";
import { jsonTypeName, TransformError } from "./errors.js";

type Spec = Extract<Transform, { type: "pseudonymizeRegexMatches" }>;

export function pseudonymizeRegexMatchesFunction(spec: Spec, ctx: TransformContext): ValueFunction {
  const re = compileJavaRegex(spec.regex);
  const hasGroup = re.groupCount >= 1;
  const p = ctx.pseudonymizer;
  return (v) => {
    if (v === null) return null;
    if (typeof v !== "string") {
      throw new TransformError(`pseudonymizeRegexMatches needs a string, got ${jsonTypeName(v)}`);
    }
    if (isBlank(v)) return null;
    let out = "";
    let last = 0;
    let found = false;
    let from = 0;
    while (from <= v.length) {
      const m = re.findWithIndices(v, from);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      from = end === start ? end + 1 : end;
      const g = hasGroup ? m[1] : m[0];
      if (g === undefined || isBlank(g)) continue;
      const id = p.pseudonymize(g, { includeReversible: spec.includeReversible });
      if (id === null) continue;
      let tok = spec.includeReversible && id.reversible ? id.reversible : `t~${id.hash}`;
      if (!(spec.includeReversible && id.reversible) && id.domain) tok += `@${id.domain}`;
      found = true;
      let repl = tok;
      if (hasGroup) {
        // only the exact span of group 1 is replaced
        const g1Start = m.indices![1]![0];
        repl = m[0].slice(0, g1Start - start) + tok + m[0].slice(g1Start - start + g.length);
      }
      out += v.slice(last, start) + repl;
      last = end;
    }
    return found ? out + v.slice(last) : null;
  };
}
