/**
 * What the per-request log line may say about a URL (api-mode spec 7.4): the path as the rules saw it
 * (reversible pseudonyms still encrypted, never the decrypted form) and the query's parameter names with
 * every value replaced, so no query value, pseudonymized or not, reaches the logs.
 */
import { splitUrl } from "../core/rules/index.js";

export const REDACTED = "<redacted>";

/** `name=<redacted>` for every parameter of a raw query ("" stays ""). */
export function redactQuery(query: string): string {
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join("&");
}

/** Path plus redacted query, for logs. */
export function loggablePath(path: string, query: string | null): string {
  return query === null || query === "" ? path : `${path}?${redactQuery(query)}`;
}

/** The path and redacted query of an absolute URL, for logs. */
export function loggableUrl(url: string): string {
  const parts = splitUrl(url);
  return loggablePath(parts.path, parts.query);
}
