/** `!<pseudonymizeEmailHeader>`: pseudonymizes every address of an e-mail header value (spec 4.3). */

import { isBlank } from "../java/strings.js";
import { formatMailbox, isValidAddressList, parseHeaderMailboxes } from "../pseudonyms/email.js";
import type { Transform } from "../rules/model.js";
import type { TransformContext, ValueFunction } from "./context.js";
import { jsonTypeName, TransformError } from "./errors.js";

type Spec = Extract<Transform, { type: "pseudonymizeEmailHeader" }>;

export function pseudonymizeEmailHeaderFunction(spec: Spec, ctx: TransformContext): ValueFunction {
  const p = ctx.pseudonymizer;
  return (v) => {
    if (v === null) return null;
    if (typeof v !== "string") {
      throw new TransformError(`pseudonymizeEmailHeader needs a string, got ${jsonTypeName(v)}`);
    }
    if (isBlank(v)) return "";
    if (!isValidAddressList(v)) return null;
    const ids = parseHeaderMailboxes(v)
      .map((a) => p.pseudonymize(formatMailbox(a)))
      .filter((id) => id !== null);
    if (spec.encoding === "URL_SAFE_TOKEN") {
      return ids.map((id) => `t~${id.hash}${id.domain ? `@${id.domain}` : ""}`).join(",");
    }
    // any other encoding: a JSON list of identities, stored as a string
    return `[${ids.map((id) => p.encodeJson(id)).join(",")}]`;
  };
}
