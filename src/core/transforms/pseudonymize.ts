/** `!<pseudonymize>`: replaces a value by its pseudonym (rules-engine spec 4.2, 3.6). */
import { JsonDouble } from "../json/types.js";
import type { Transform } from "../rules/model.js";
import type { TransformContext, ValueFunction } from "./context.js";
import { jsonTypeName, TransformError } from "./errors.js";

type Spec = Extract<Transform, { type: "pseudonymize" }>;

export function pseudonymizeFunction(spec: Spec, ctx: TransformContext): ValueFunction {
  const p = ctx.pseudonymizer;
  const options = { includeReversible: spec.includeReversible, includeOriginal: spec.includeOriginal };
  return (v) => {
    if (
      v !== null &&
      typeof v !== "string" &&
      typeof v !== "number" &&
      typeof v !== "bigint" &&
      !(v instanceof JsonDouble)
    ) {
      throw new TransformError(`pseudonymize cannot be applied to a value of type ${jsonTypeName(v)}`);
    }
    const id = p.pseudonymize(v, options);
    switch (spec.encoding) {
      case "URL_SAFE_TOKEN":
        // a legacy-flagged pseudonymizer writes reversible pseudonyms in the old JSON form itself
        return id === null ? null : p.encodeUrlSafeToken(id);
      case "JSON":
        return id === null ? "null" : p.encodeJson(id);
      case "URL_SAFE_HASH_ONLY":
        if (id === null)
          throw new TransformError("pseudonymize with URL_SAFE_HASH_ONLY got a null or blank value");
        return id.hash;
    }
  };
}
