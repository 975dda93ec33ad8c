/**
 * The upstream URL of a request (api-mode spec 1.6): TARGET_HOST (https only, optional port and base
 * path) + the normalized request path + the raw query, with no decoding or re-encoding in between.
 */
import { isBlank } from "../core/java/strings.js";
import { normalizeInboundPath, type PathNormalization } from "../core/rules/index.js";
import { GatewayError } from "./gateway-error.js";
import type { PathAndQuery } from "./target-override.js";

export const FAILED_TO_BUILD_URL_BODY = "Error parsing request URL";

/**
 * `https://host[:port][/base]` for a TARGET_HOST value, without trailing `/`; null when the value is
 * missing, blank or `http://` (the health check then lists TARGET_HOST as missing).
 */
export function targetBase(targetHost: string | undefined): string | null {
  if (targetHost === undefined || isBlank(targetHost)) return null;
  const host = targetHost.trim();
  if (host.startsWith("http://")) return null;
  const withScheme = host.startsWith("https://") ? host : `https://${host}`;
  return withScheme.replace(/\/+$/, "");
}

/** The target URL; throws 500 FAILED_TO_BUILD_URL when there is no usable TARGET_HOST or the URL is malformed. */
export function buildTargetUrl(
  base: string | null,
  request: PathAndQuery,
  normalization: PathNormalization,
): string {
  if (base === null) {
    throw new GatewayError(
      500,
      "FAILED_TO_BUILD_URL",
      FAILED_TO_BUILD_URL_BODY,
      "TARGET_HOST is missing or not https",
    );
  }
  const path = normalizeInboundPath(request.path, normalization);
  let url = `${base}/${path.startsWith("/") ? path.slice(1) : path}`;
  if (request.query !== null && !isBlank(request.query)) url += `?${request.query}`;
  if (!URL.canParse(url)) {
    throw new GatewayError(500, "FAILED_TO_BUILD_URL", FAILED_TO_BUILD_URL_BODY, "target URL is malformed");
  }
  return url;
}
