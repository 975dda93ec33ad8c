/**
 * `windsurf_service_key` (api-mode spec 5.12): no auth header; the SERVICE_KEY secret travels as the
 * top-level `"service_key"` of the JSON request body (added, or replaced in place), and a request
 * without a body sends `{"service_key":"<key>"}` as application/json. A body whose Content-Type is not
 * exactly `application/json` (REF-QUIRK: `; charset=...` included) or that is not a JSON object is the
 * generic 500, as in the reference.
 */
import { isBlank } from "../core/java/strings.js";
import { parseJson, serializeJson } from "../core/json/index.js";
import type { JsonValue } from "../core/json/types.js";
import { UnsupportedRequestBodyError } from "./errors.js";
import { AuthProperties } from "./runtime.js";
import type { AuthStrategy, AuthStrategyDeps, OutboundBody } from "./strategy.js";
import { requiredPropertyNames } from "./strategy-table.js";

export const WINDSURF_SERVICE_KEY = "windsurf_service_key";
export const SERVICE_KEY_FIELD = "service_key";

export function windsurfServiceKeyStrategy(deps: AuthStrategyDeps): AuthStrategy {
  const props = new AuthProperties(deps.config);
  return {
    id: WINDSURF_SERVICE_KEY,
    requiredProperties: requiredPropertyNames(WINDSURF_SERVICE_KEY),
    async headers() {
      return {};
    },
    async rewriteBody(outbound: OutboundBody) {
      const key = await props.require("SERVICE_KEY", "secret");
      if (outbound.body === undefined || isBlank(outbound.body)) {
        return {
          body: serializeJson(new Map<string, JsonValue>([[SERVICE_KEY_FIELD, key]])),
          contentType: "application/json",
        };
      }
      const contentType = outbound.contentType ?? "";
      if (contentType.trim().toLowerCase() !== "application/json") {
        throw new UnsupportedRequestBodyError(
          "windsurf_service_key needs request bodies of Content-Type application/json (exactly)",
        );
      }
      let doc: JsonValue;
      try {
        doc = parseJson(outbound.body);
      } catch {
        throw new UnsupportedRequestBodyError("windsurf_service_key: the request body is not valid JSON");
      }
      if (!(doc instanceof Map)) {
        throw new UnsupportedRequestBodyError("windsurf_service_key: the request body must be a JSON object");
      }
      doc.set(SERVICE_KEY_FIELD, key);
      return { body: serializeJson(doc), contentType };
    },
  };
}
