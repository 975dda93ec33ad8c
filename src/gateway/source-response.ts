/**
 * Step 15 (api-mode spec 1.15): the client's response to a source response. The status passes through;
 * 2xx bodies are sanitized (fail closed: a body that cannot be sanitized throws, and nothing of it leaves
 * the process) and get the X-Psoxy-* metadata headers; other statuses return the source body raw with
 * X-Psoxy-Error: API_ERROR.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { RestSanitizer } from "../core/sanitize/index.js";
import { ERROR_HEADER } from "./gateway-error.js";
import { GatewayReply } from "./reply.js";
import { passThroughHeaders } from "./response-headers.js";
import { SIDE_OUTPUT_WARNING } from "./side-outputs.js";
import type { SourceResponse } from "./source-client.js";
import { PSOXY_COMPAT_VERSION } from "./version.js";

const gunzipAsync = promisify(gunzip);

/** Side-output writers of this request; each resolves to false when its write failed. */
export interface SideOutputHooks {
  original?: (rawBody: Buffer) => Promise<boolean>;
  sanitized?: (sanitizedBody: string) => Promise<boolean>;
}

export interface SanitizeContext {
  sideOutputs?: SideOutputHooks;
  method: string;
  /** the URL the rules matched: tokens still encrypted */
  originalUrl: string;
  /** dev-mode X-Psoxy-Skip-Sanitizer */
  skipSanitization: boolean;
  /** the request's sanitizer (throws for an unknown X-Psoxy-Pseudonym-Implementation) */
  sanitizer: () => RestSanitizer;
  rulesSha: string;
  saltHash: string;
  /**
   * Async leg only (spec 1.15 step 4): writes the sanitized content to the async output (throws when it
   * cannot); the response then carries no body.
   */
  asyncOutput?: (sanitized: string) => Promise<void>;
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

function mediaType(headers: SourceResponse["headers"]): string | undefined {
  const v = headers["content-type"];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined) return undefined;
  const semicolon = s.indexOf(";");
  return (semicolon < 0 ? s : s.slice(0, semicolon)).trim().toLowerCase();
}

/** The client's answer as a `GatewayReply` (`.toResponse()` gives the web Response). */
export async function clientResponse(res: SourceResponse, ctx: SanitizeContext): Promise<GatewayReply> {
  const headers = passThroughHeaders(res.headers);
  // the raw side output is written for every status (spec 1.15 step 2)
  if (ctx.sideOutputs?.original && !(await ctx.sideOutputs.original(res.body))) {
    headers.append("X-Psoxy-Warning", SIDE_OUTPUT_WARNING);
  }
  if (!isSuccess(res.status)) {
    headers.set(ERROR_HEADER, "API_ERROR");
    // async: nothing is written for a non-2xx source response (spec 6.2 REF-QUIRK), and no body returned
    return new GatewayReply(res.status, headers, ctx.asyncOutput ? "" : res.body);
  }
  // async with the dev-mode skip: the reference writes nothing (only sanitized content goes to the output)
  if (ctx.skipSanitization) return new GatewayReply(res.status, headers, ctx.asyncOutput ? "" : res.body);
  const sanitizer = ctx.sanitizer();
  // a gzip file served as such is NDJSON inside (the content-type header keeps saying gzip, as in the reference)
  const bytes =
    mediaType(res.headers) === "application/gzip" && res.body.length > 0
      ? await gunzipAsync(res.body)
      : res.body;
  const sanitized = sanitizer.sanitize(ctx.method, ctx.originalUrl, bytes.toString("utf8"));
  if (ctx.asyncOutput) {
    await ctx.asyncOutput(sanitized);
  } else {
    headers.set("X-Psoxy-Rules-SHA", ctx.rulesSha);
    headers.set("X-Psoxy-Psoxy-Version", PSOXY_COMPAT_VERSION);
    headers.set("X-Psoxy-PII-Salt-Sha256", ctx.saltHash);
  }
  if (ctx.sideOutputs?.sanitized && !(await ctx.sideOutputs.sanitized(sanitized))) {
    headers.append("X-Psoxy-Warning", SIDE_OUTPUT_WARNING);
  }
  return new GatewayReply(res.status, headers, ctx.asyncOutput ? "" : sanitized);
}
