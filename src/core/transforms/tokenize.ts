/** `!<tokenize>`: replaces a value (or the part a regex captures) by a reversible token (spec 4.9). */
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import type { Transform } from "../rules/model.js";
import type { TransformContext, ValueFunction } from "./context.js";
import { TransformError } from "./errors.js";

type Spec = Extract<Transform, { type: "tokenize" }>;

export function tokenizeFunction(spec: Spec, ctx: TransformContext): ValueFunction {
  const p = ctx.pseudonymizer;
  const re = spec.regex ? compileJavaRegex(spec.regex) : undefined;
  return (v) => {
    if (typeof v !== "string") return null;
    if (isBlank(v)) return v;
    if (!re) return p.tokenize(v);
    const m = re.matchWhole(v);
    if (!m) return v;
    const g = re.groupCount >= 1 ? m[1] : undefined;
    if (g === undefined) throw new TransformError("tokenize regex must capture group 1 when it matches");
    const token = p.tokenize(g);
    if (g === "") {
      // Java String.replace("", t) puts t before every char and at the end
      let out = token;
      for (const ch of v.split("")) out += ch + token;
      return out;
    }
    return v.split(g).join(token);
  };
}
