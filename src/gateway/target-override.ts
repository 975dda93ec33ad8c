/**
 * `X-Psoxy-TargetPath` / `X-Psoxy-TargetQuery` (api-mode spec 1.5): client-chosen replacements for the
 * request path and query, validated so that they cannot smuggle anything but a path or query onto the
 * TARGET_HOST base. Values are used exactly as sent (no percent-decoding or re-encoding).
 */
import { jtrim } from "../core/java/strings.js";
import { TARGET_PATH_HEADER, TARGET_QUERY_HEADER } from "./control-headers.js";
import { GatewayError } from "./gateway-error.js";

const MAX_LENGTH = 4096;

export interface PathAndQuery {
  path: string;
  /** raw query without `?`; null = none */
  query: string | null;
}

/** The problem with an override value (spec order), or null when it is acceptable. */
export function overrideProblem(header: string, value: string, isPath: boolean): string | null {
  if (isPath && value === "") return `${header} must not be empty`;
  if (value.length > MAX_LENGTH) return `${header} exceeds max length of ${MAX_LENGTH}`;
  if (/[\r\n]/.test(value)) return `${header} must not contain CR/LF`;
  if (/[ \t]/.test(value)) return `${header} must not contain whitespace`;
  if (value.includes("#")) return `${header} must not contain '#'`;
  if (isPath && value.includes("?")) return `${header} must not contain '?'`;
  if (/[^\x20-\x7e]/.test(value)) return `${header} must be printable ASCII only`;
  if (isPath && !value.startsWith("/")) return `${header} must start with '/'`;
  return null;
}

/**
 * Applies the override headers to the inbound path and query; throws 400 INVALID_REQUEST with the exact
 * message when a value is invalid.
 */
export function applyTargetOverrides(headers: Headers, inbound: PathAndQuery): PathAndQuery {
  const rawPath = headers.get(TARGET_PATH_HEADER);
  const rawQuery = headers.get(TARGET_QUERY_HEADER);
  if (rawPath === null && rawQuery === null) return inbound;
  let { path, query } = inbound;
  if (rawPath !== null) {
    const value = jtrim(rawPath);
    const problem = overrideProblem(TARGET_PATH_HEADER, value, true);
    if (problem) throw new GatewayError(400, "INVALID_REQUEST", problem);
    path = value;
  }
  if (rawQuery !== null) {
    let value = jtrim(rawQuery);
    if (value.startsWith("?")) value = value.slice(1);
    const problem = overrideProblem(TARGET_QUERY_HEADER, value, false);
    if (problem) throw new GatewayError(400, "INVALID_REQUEST", problem);
    query = value === "" ? null : value;
  }
  return { path, query };
}
