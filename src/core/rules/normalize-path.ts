/**
 * Inbound path normalisation (rules-engine spec 7.8): strips `REQUEST_PATH_PREFIX_TO_TRIM` and the
 * function / instance name from the front of a request path. Applied when the target URL is built and
 * again during rule matching.
 */
import { isBlank } from "../java/strings.js";

export interface PathNormalization {
  /** REQUEST_PATH_PREFIX_TO_TRIM */
  prefixToTrim?: string | null;
  /** function / instance name (e.g. the cloud function's name) */
  functionName?: string | null;
}

const withLeadingSlash = (s: string) => (s.startsWith("/") ? s : `/${s}`);

export function stripPathPrefix(p: string, prefix: string): string {
  const P = withLeadingSlash(p);
  const X = withLeadingSlash(prefix);
  if (X.endsWith("/")) {
    if (P.startsWith(X)) {
      const rem = P.slice(X.length);
      return rem === "" ? "/" : `/${rem.replace(/^\/+/, "")}`;
    }
  } else if (P === X) {
    return "/";
  } else if (P.startsWith(`${X}/`)) {
    return P.slice(X.length);
  }
  return p;
}

export function stripFunctionName(p: string, name: string): string {
  if (p === `/${name}`) return "/";
  if (p.startsWith(`/${name}/`)) return p.slice(name.length + 1);
  return p;
}

export function normalizeInboundPath(p: string, opts: PathNormalization = {}): string {
  if (opts.prefixToTrim && !isBlank(opts.prefixToTrim)) p = stripPathPrefix(p, opts.prefixToTrim);
  if (opts.functionName && !isBlank(opts.functionName)) p = stripFunctionName(p, opts.functionName);
  return p;
}
