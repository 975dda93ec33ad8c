/**
 * Step 1 (api-mode spec 1.2): application-level HTTPS enforcement. A request known to have arrived over
 * plain HTTP (the host says so, or X-Forwarded-Proto is present and not `https`, compared ignoring case
 * as the spec recommends) is refused; without either signal the request is allowed.
 */
import { GatewayError } from "./gateway-error.js";
import type { RequestContext } from "./types.js";

export function checkHttps(headers: Headers, context: RequestContext): void {
  const proto = headers.get("X-Forwarded-Proto");
  const https = context.isHttps ?? (proto === null ? undefined : proto.trim().toLowerCase() === "https");
  if (https === false) throw new GatewayError(400, "HTTPS_REQUIRED", "Requests MUST be sent over HTTPS");
}
