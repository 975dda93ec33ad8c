/**
 * The API-mode pipeline (api-mode spec 1.0): a function from a web-standard Request to a Response. The
 * steps run in the reference's order, because the order decides which error a request gets:
 * HTTPS -> health check -> IP allowlist -> (startup requirements) -> target overrides -> target URL ->
 * URL token reversal -> rules -> content encoding -> body -> rules authorization -> outbound request ->
 * async -> source call -> response. Each step throws a `GatewayError` carrying its exact response;
 * anything else becomes the platform's generic 500. One log line per request, without secrets, tokens,
 * bodies or query values.
 */
import { randomUUID } from "node:crypto";
import {
  AuthError,
  type AuthStrategy,
  createAuthStrategy,
  MissingAuthConfigError,
  TokenEndpointTimeoutError,
  UnknownAuthStrategyError,
} from "../auth/index.js";
import { ConfigError } from "../config/types.js";
import { createPseudonymizer, TokenDecryptionError } from "../core/pseudonyms/index.js";
import { readApiModeConfig } from "./api-mode-config.js";
import { isAsyncRequested, isSafeRequestId } from "./async-context.js";
import { AsyncDispatch } from "./async-dispatch.js";
import { AsyncOutputs, type AsyncOutputWriter } from "./async-output.js";
import { AsyncRedirectClient, isAsyncRedirect } from "./async-redirect.js";
import {
  HEALTH_CHECK_HEADER,
  PSEUDONYM_IMPLEMENTATION_HEADER,
  SKIP_SANITIZER_HEADER,
  USER_TO_IMPERSONATE_HEADER,
} from "./control-headers.js";
import {
  GatewayError,
  gatewayErrorResponse,
  unhandledErrorCode,
  unhandledErrorResponse,
} from "./gateway-error.js";
import type { GatewayOptions } from "./gateway-options.js";
import { healthCheck, healthCheckResponse, IP_NOT_AUTHORIZED_MESSAGE } from "./health-check.js";
import { checkHttps } from "./https-check.js";
import { parseJavaBoolean } from "./java-boolean.js";
import { outboundHeaders } from "./outbound-headers.js";
import { PseudonymKeyStore, type PseudonymKeys } from "./pseudonym-keys.js";
import { GatewayReply } from "./reply.js";
import { checkBodyAllowed, checkContentEncoding, readRequestBody } from "./request-body.js";
import { requestBodyAllowed } from "./request-body-rules.js";
import { loggablePath, loggableUrl } from "./request-log.js";
import { CONNECTION_SETUP_BODY, type Reverser, reverseInBody, reverseInHeader } from "./request-reversal.js";
import { RulesLoadError, RulesSource } from "./rules-source.js";
import { type SanitizerSet, Sanitizers, sanitizerFor } from "./sanitizers.js";
import { openSideOutput } from "./side-output-targets.js";
import { originalMetadata, type SideOutputWriter, sanitizedMetadata } from "./side-outputs.js";
import { SourceClient, type SourceRequest } from "./source-client.js";
import { clientResponse, type SideOutputHooks } from "./source-response.js";
import { applyTargetOverrides } from "./target-override.js";
import { buildTargetUrl, FAILED_TO_BUILD_URL_BODY } from "./target-url.js";
import type { Gateway, RequestContext } from "./types.js";
import { PSOXY_COMPAT_VERSION } from "./version.js";

export const NETWORK_EGRESS_BLOCKED_BODY =
  "Network timeout: unable to connect to target API. This could indicate: 1) Proxy network egress is blocked (VPC/serverless connector misconfiguration, firewall rules, missing Cloud NAT), OR 2) Target API is unreachable or experiencing connectivity issues. If using VPC connector, verify: VPC connector is active, CIDR range is correct, firewall allows egress, Cloud NAT is configured.";

export interface GatewayInstance extends Gateway {
  respond(request: Request, context?: RequestContext): Promise<Response | GatewayReply>;
  /** Releases the outbound connection pool. */
  close(): Promise<void>;
}

/** Fields of the per-request log line. */
interface RequestLog {
  method: string;
  path: string;
  status?: number;
  durationMs?: number;
  error?: string;
  detail?: string;
  exception?: string;
  outcome?: "health-check" | "allowed" | "blocked" | "sanitization-skipped";
  tokenInUrlDecrypted?: boolean;
  /** the request's own path when X-Psoxy-TargetPath / -TargetQuery replaced it (query redacted) */
  inboundPath?: string;
  impersonating?: boolean;
  clientIp?: string;
  /** the step an unexpected exception came from */
  stage?: string;
  /** the async leg of a request queued with `Prefer: respond-async` */
  async?: boolean;
  requestId?: string;
}

export function createGateway(options: GatewayOptions): GatewayInstance {
  const { config, logger, platform } = options;
  const now = options.now ?? (() => new Date());
  const apiConfig = readApiModeConfig(options);
  const problems = [...apiConfig.problems];
  let strategy: AuthStrategy | null = null;
  try {
    strategy = createAuthStrategy(apiConfig.authStrategyId, {
      config,
      logger,
      platform,
      // token endpoints go through the same TLS policy, CA and User-Agent as the source (spec 5)
      http: { userAgent: apiConfig.userAgent, tlsMaxVersion: apiConfig.tlsMaxVersion, ca: options.ca },
      options: options.auth,
    });
  } catch (e) {
    if (!(e instanceof UnknownAuthStrategyError)) throw e;
    problems.push(e.message);
  }
  // side outputs (spec 1.15, 6.7): env-only settings, stores and queue clients created on first use
  const sideOutputs = new Map<
    "SIDE_OUTPUT_ORIGINAL" | "SIDE_OUTPUT_SANITIZED",
    () => Promise<SideOutputWriter>
  >();
  for (const name of ["SIDE_OUTPUT_ORIGINAL", "SIDE_OUTPUT_SANITIZED"] as const) {
    const uri = config.env[name];
    if (uri === undefined || uri.trim() === "") continue;
    try {
      sideOutputs.set(
        name,
        openSideOutput(name, uri, {
          stores: options.sideOutputStore,
          queues: options.sideOutputQueues,
          logger,
        }),
      );
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0)
    logger.error({ problems }, "proxy configuration is invalid; data requests will fail");
  if (apiConfig.allowlist && apiConfig.allowlist.invalid.length > 0) {
    logger.warn(
      { invalidEntries: apiConfig.allowlist.invalid },
      "ALLOWED_DATA_ACCESS_IP_BLOCKS entries that are neither IP addresses nor CIDR blocks are ignored",
    );
  }

  const keys = new PseudonymKeyStore(config);
  const rules = new RulesSource({
    config,
    logger,
    builtinRules: options.builtinRules,
    resourcesDir: options.resourcesDir,
    platform,
    instanceId: apiConfig.instanceId,
    remoteStore: options.remoteResourceStore,
  });
  // the base without trailing "/", so that `TARGET_HOST=host/base/` strips "/base" before matching, as the URL has it
  const sanitizers = new Sanitizers({ config, rules, keys, targetHost: apiConfig.targetBase ?? undefined });
  const client = new SourceClient({
    tlsMaxVersion: apiConfig.tlsMaxVersion,
    timeouts: apiConfig.timeouts,
    followRedirects: apiConfig.followRedirects,
    ca: options.ca,
  });
  const normalization = { prefixToTrim: apiConfig.prefixToTrim, functionName: apiConfig.instanceId };
  // async requests (spec 1.12, 1.14, 1.15): queueing on the sync leg, redirects and output on the async leg
  const asyncDispatch = new AsyncDispatch({ config, platform, logger, dispatcher: options.asyncDispatcher });
  const asyncOutputs = new AsyncOutputs({ config, store: options.sideOutputStore });
  const asyncRedirects = new AsyncRedirectClient({
    tlsMaxVersion: apiConfig.tlsMaxVersion,
    timeouts: apiConfig.timeouts,
    ca: options.ca,
    userAgent: apiConfig.userAgent,
  });

  let reverserFor: { keys: PseudonymKeys; reverse: Reverser } | undefined;
  const reverser = (k: PseudonymKeys): Reverser => {
    if (reverserFor?.keys !== k) {
      const p = createPseudonymizer({ salt: k.salt, encryptionKey: k.encryptionKey });
      reverserFor = { keys: k, reverse: (text) => p.reverseAll(text) };
    }
    return reverserFor.reverse;
  };

  /** Startup requirements (spec 4.6) that the reference checks before serving anything. */
  async function requireStartup(): Promise<PseudonymKeys> {
    if (problems.length > 0) {
      throw new GatewayError(500, "CONFIGURATION_FAILURE", `Proxy is misconfigured: ${problems.join("; ")}`);
    }
    const k = await keys.keys().catch((e) => {
      throw configFailure(e, "reading PSOXY_SALT");
    });
    if (!k) {
      throw new GatewayError(
        500,
        "CONFIGURATION_FAILURE",
        "Proxy is misconfigured: PSOXY_SALT is not set in the secret store",
      );
    }
    return k;
  }

  /** Runs a strategy call, mapping its failures to the responses of spec 1.11. */
  async function withAuthErrors<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ConfigError) throw configFailure(e, "reading source credentials", true);
      if (e instanceof MissingAuthConfigError) throw new GatewayError(500, "CONNECTION_SETUP", "", e.message);
      if (e instanceof TokenEndpointTimeoutError) {
        throw new GatewayError(502, "NETWORK_EGRESS_BLOCKED", NETWORK_EGRESS_BLOCKED_BODY, e.message);
      }
      if (e instanceof AuthError)
        throw new GatewayError(500, "CONNECTION_SETUP", CONNECTION_SETUP_BODY, e.message);
      throw e;
    }
  }

  async function pipeline(
    request: Request,
    context: RequestContext,
    log: RequestLog,
  ): Promise<Response | GatewayReply> {
    const headers = request.headers;
    const method = request.method;
    const url = new URL(request.url);
    const inbound = { path: url.pathname, query: url.search === "" ? null : url.search.slice(1) };
    log.path = loggablePath(inbound.path, inbound.query);
    // one id and arrival time per request, kept from the sync leg to the async leg (spec 1.12, 6.2)
    const processing = context.processing;
    if (processing) {
      log.async = true;
      log.requestId = processing.requestId;
    }
    const hostId = context.requestId;
    // only async requests and side outputs use the id: no random UUID for the others
    let knownId: string | undefined = processing?.requestId;
    const requestId = (): string =>
      (knownId ??= hostId !== undefined && isSafeRequestId(hostId) ? hostId : randomUUID());
    const receivedAt = processing?.requestReceivedAt ?? context.receivedAt ?? now();

    log.stage = "https";
    checkHttps(headers, context);

    if (headers.has(HEALTH_CHECK_HEADER)) {
      log.outcome = "health-check";
      log.stage = "health-check";
      const result = await healthCheck(
        { config, apiConfig, strategy, problems, keys, rules },
        context.clientIp,
      );
      if (!result.passed) logger.warn({ healthCheck: result.body }, "Health check failed");
      return healthCheckResponse(result);
    }

    log.stage = "ip-allowlist";
    if (apiConfig.allowlist && !apiConfig.allowlist.allows(context.clientIp)) {
      throw new GatewayError(403, "UNAUTHORIZED_IP_ADDRESS", IP_NOT_AUTHORIZED_MESSAGE);
    }

    log.stage = "startup";
    const k = await requireStartup();

    log.stage = "target-overrides";
    const effective = applyTargetOverrides(headers, inbound);
    if (effective !== inbound) log.inboundPath = log.path;

    log.stage = "target-url";
    const originalUrl = buildTargetUrl(apiConfig.targetBase, effective, normalization);
    log.path = loggableUrl(originalUrl);

    log.stage = "url-reversal";
    const reverse = reverser(k);
    let targetUrl: string;
    try {
      targetUrl = reverse(originalUrl);
    } catch (e) {
      if (!(e instanceof TokenDecryptionError)) throw e;
      throw new GatewayError(500, "FAILED_TO_BUILD_URL", FAILED_TO_BUILD_URL_BODY, `URL token: ${e.message}`);
    }
    // buildTargetUrl has checked originalUrl already
    if (targetUrl !== originalUrl && !URL.canParse(targetUrl)) {
      throw new GatewayError(
        500,
        "FAILED_TO_BUILD_URL",
        FAILED_TO_BUILD_URL_BODY,
        "decrypted URL is malformed",
      );
    }
    log.tokenInUrlDecrypted = targetUrl !== originalUrl;

    log.stage = "rules";
    let set: SanitizerSet;
    try {
      set = await sanitizers.get();
    } catch (e) {
      if (!(e instanceof RulesLoadError)) throw e;
      throw new GatewayError(500, e.code, "Error loading sanitizer rules", e.message);
    }

    log.stage = "request-body";
    checkContentEncoding(headers);
    const body = await readRequestBody(request);
    checkBodyAllowed(method, body);
    const contentType = headers.get("Content-Type") ?? "application/json";

    log.stage = "authorization";
    const skipSanitization =
      apiConfig.developmentMode && parseJavaBoolean(headers.get(SKIP_SANITIZER_HEADER));
    if (skipSanitization) {
      log.outcome = "sanitization-skipped";
    } else if (allowedByRules(set, method, originalUrl, contentType, body)) {
      log.outcome = "allowed";
    } else {
      log.outcome = "blocked";
      throw new GatewayError(403, "BLOCKED_BY_RULES", "", `blocked by rules ${set.loaded.sha}`);
    }

    log.stage = "outbound-request";
    const impersonate = headers.get(USER_TO_IMPERSONATE_HEADER);
    let userToImpersonate: string | undefined;
    if (impersonate !== null) {
      log.impersonating = true;
      userToImpersonate = reverseInHeader(reverse, USER_TO_IMPERSONATE_HEADER, impersonate);
    }
    const s = strategy!;
    const authContext = userToImpersonate === undefined ? {} : { userToImpersonate };
    let outBody = body === undefined ? undefined : reverseInBody(reverse, contentType, body);
    let outContentType = outBody === undefined ? undefined : contentType;
    if (s.rewriteBody) {
      // windsurf_service_key carries its credential in the body (spec 1.11 step 4)
      const rewritten = await withAuthErrors(() =>
        s.rewriteBody!({ method, body: outBody, contentType: outContentType }),
      );
      outBody = rewritten.body;
      outContentType = rewritten.contentType;
    }
    // the reference picks forwarded headers by the endpoint matching the decrypted URL (spec 1.11 REF-QUIRK)
    const allowed = set.matcher.allowedHeaders(method, targetUrl);
    const build = (auth: Record<string, string>): SourceRequest => ({
      method,
      url: targetUrl,
      body: outBody,
      headers: outboundHeaders({
        inbound: headers,
        allowed,
        reverse,
        userAgent: apiConfig.userAgent,
        contentType: outContentType,
        auth,
      }),
    });
    let auth = await withAuthErrors(() => s.headers(authContext));
    let outbound = build(auth);

    log.stage = "async";
    // the async leg makes sure it has somewhere to write before calling the source
    const asyncOutput: AsyncOutputWriter | undefined = processing
      ? await asyncOutputs.writerFor(processing)
      : undefined;
    if (!processing && isAsyncRequested(headers)) {
      const id = requestId();
      log.requestId = id;
      return asyncDispatch.dispatch(context, id, receivedAt);
    }

    log.stage = "source-call";
    let res = await client.send(outbound);
    if (
      res.status === 401 &&
      s.onUnauthorized &&
      (await withAuthErrors(() => s.onUnauthorized!({ ...authContext, rejected: auth })))
    ) {
      auth = await withAuthErrors(() => s.headers(authContext));
      outbound = build(auth);
      res = await client.send(outbound);
    }
    if (processing && isAsyncRedirect(method, res)) {
      log.stage = "async-redirect";
      res = await asyncRedirects.follow(outbound.url, res);
    }

    log.stage = "sanitize";
    const writeTo = async (
      name: "SIDE_OUTPUT_ORIGINAL" | "SIDE_OUTPUT_SANITIZED",
      content: Buffer | string,
      metadata: Record<string, string>,
    ): Promise<boolean> => {
      try {
        const output = await sideOutputs.get(name)!();
        const ok = await output.write(content, metadata, receivedAt, requestId());
        if (!ok) logger.warn({ sideOutput: name }, "side output write failed");
        return ok;
      } catch {
        logger.warn({ sideOutput: name }, "side output store unavailable");
        return false;
      }
    };
    const saltHash = (await keys.saltHash()) ?? "";
    const hooks: SideOutputHooks = {};
    const metadata = () =>
      sanitizedMetadata(
        {
          host: headers.get("Host"),
          method,
          path: effective.path,
          query: effective.query ?? "",
          body,
          headers,
        },
        { rulesSha: set.loaded.sha, version: PSOXY_COMPAT_VERSION, saltHash },
      );
    if (sideOutputs.has("SIDE_OUTPUT_ORIGINAL")) {
      hooks.original = (raw) =>
        writeTo(
          "SIDE_OUTPUT_ORIGINAL",
          raw,
          originalMetadata({ method, url: outbound.url, body: outbound.body }),
        );
    }
    if (sideOutputs.has("SIDE_OUTPUT_SANITIZED")) {
      hooks.sanitized = (text) => writeTo("SIDE_OUTPUT_SANITIZED", text, metadata());
    }
    return clientResponse(res, {
      sideOutputs: hooks,
      method,
      originalUrl,
      skipSanitization,
      sanitizer: () => sanitizerFor(set, headers.get(PSEUDONYM_IMPLEMENTATION_HEADER)),
      rulesSha: set.loaded.sha,
      saltHash,
      asyncOutput: asyncOutput && ((text) => asyncOutput(text, metadata())),
    });
  }

  async function respond(request: Request, context: RequestContext = {}): Promise<Response | GatewayReply> {
    const started = now().getTime();
    const log: RequestLog = { method: request.method, path: "" };
    if (context.clientIp !== undefined) log.clientIp = context.clientIp;
    let response: Response | GatewayReply;
    try {
      response = await pipeline(request, context, log);
      if (response.status >= 300 && log.outcome !== "health-check")
        log.error = response.headers.get("X-Psoxy-Error") ?? undefined;
    } catch (e) {
      if (e instanceof GatewayError) {
        response = gatewayErrorResponse(e);
        log.error = e.code ?? `HTTP_${e.status}`;
        log.detail = e.message;
      } else {
        response = unhandledErrorResponse(platform, e);
        log.error = unhandledErrorCode(platform);
        log.exception = describeException(e, log.stage === "sanitize" && !apiConfig.developmentMode);
      }
    }
    log.status = response.status;
    log.durationMs = now().getTime() - started;
    const level = log.status >= 500 ? "error" : log.status >= 400 ? "warn" : "info";
    logger[level](logLine(log, log.error !== undefined && log.status >= 400), "api request");
    return response;
  }

  return {
    respond,
    async handle(request: Request, context?: RequestContext): Promise<Response> {
      const response = await respond(request, context);
      return response instanceof GatewayReply ? response.toResponse() : response;
    },
    close: async () => {
      await client.close();
      await asyncRedirects.close();
      await strategy?.close?.();
    },
  };
}

/** Rules authorization (spec 1.10) against the original, still tokenized URL. */
function allowedByRules(
  set: SanitizerSet,
  method: string,
  originalUrl: string,
  contentType: string,
  body: string | undefined,
): boolean {
  if (set.loaded.rules.allowAllEndpoints) return true;
  const match = set.matcher.match(method, originalUrl);
  return match !== null && requestBodyAllowed(match.endpoint.requestBody, contentType, body);
}

/** A configuration-store failure: 503 when transient, else 500 (CONNECTION_SETUP while getting credentials). */
function configFailure(e: unknown, what: string, connectionSetup = false): unknown {
  if (!(e instanceof ConfigError)) return e;
  if (e.transient)
    return new GatewayError(503, "CONFIGURATION_FAILURE", "", `config store unavailable ${what}`);
  return connectionSetup
    ? new GatewayError(500, "CONNECTION_SETUP", CONNECTION_SETUP_BODY, `config store error ${what}`)
    : new GatewayError(500, "CONFIGURATION_FAILURE", "", `config store error ${what}`);
}

/** Name and code of an unexpected exception; its message only where it cannot carry source data. */
function describeException(e: unknown, hideMessage: boolean): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  const head = typeof code === "string" ? `${e.name} (${code})` : e.name;
  return hideMessage ? head : `${head}: ${e.message}`;
}

/**
 * The log line's fields: those set, in the order the pipeline first set them, and the stage only for
 * errors. A fresh object rather than deleting fields from `log`, which would leave it in V8's slow
 * dictionary mode for the logger to walk.
 */
function logLine(log: RequestLog, keepStage: boolean): Partial<RequestLog> {
  const out: Record<string, unknown> = {};
  for (const k in log) {
    const v = log[k as keyof RequestLog];
    if (v !== undefined && (keepStage || k !== "stage")) out[k] = v;
  }
  return out;
}
