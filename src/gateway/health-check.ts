/**
 * The health check (api-mode spec 3): answers any request carrying X-Psoxy-Health-Check with what is
 * configured and what is missing, 200 when the instance can serve, 412 otherwise. Never calls the source,
 * never obtains source credentials and never reveals a secret value (only the salt's hash, and names).
 */
import { parseDocument } from "yaml";
import type { AuthStrategy } from "../auth/index.js";
import type { ConfigService } from "../config/types.js";
import { decodeRulesValue } from "../core/rules/index.js";
import type { ApiModeConfig } from "./api-mode-config.js";
import { plainResponse } from "./gateway-error.js";
import type { PseudonymKeyStore } from "./pseudonym-keys.js";
import { RulesLoadError, type RulesSource } from "./rules-source.js";
import { bundleVersion, PORT_VERSION } from "./version.js";

export const IP_NOT_AUTHORIZED_MESSAGE = "Client IP is not authorized to access this proxy instance.";

export interface HealthCheckDeps {
  config: ConfigService;
  apiConfig: ApiModeConfig;
  /** null when SOURCE_AUTH_STRATEGY_IDENTIFIER names no strategy */
  strategy: AuthStrategy | null;
  /** startup requirements not met (beyond a missing salt, which `nonDefaultSalt` reports) */
  problems: readonly string[];
  keys: PseudonymKeyStore;
  rules: RulesSource;
}

export interface HealthCheckResult {
  passed: boolean;
  /** alphabetically ordered, nulls included except where the spec omits the field */
  body: Record<string, unknown>;
}

export async function healthCheck(
  deps: HealthCheckDeps,
  clientIp: string | undefined,
): Promise<HealthCheckResult> {
  const cfg = deps.apiConfig;
  const warnings: string[] = [];
  const unreadable = (name: string) =>
    warnings.push(`Could not read ${name}: configuration store unavailable`);

  const missing: string[] = [];
  for (const name of deps.strategy?.requiredProperties ?? []) {
    try {
      if (
        (await deps.config.getConfig(name)) === undefined &&
        (await deps.config.getSecret(name)) === undefined
      ) {
        missing.push(name);
      }
    } catch {
      unreadable(name);
      missing.push(name);
    }
  }
  if (cfg.targetBase === null) missing.push("TARGET_HOST");
  missing.sort();

  let nonDefaultSalt = false;
  let saltHash: string | undefined;
  try {
    nonDefaultSalt = (await deps.keys.keys()) !== undefined;
    saltHash = await deps.keys.saltHash();
  } catch {
    unreadable("PSOXY_SALT");
  }

  let rules: string | undefined;
  try {
    const value = await deps.rules.configuredValue();
    if (value !== undefined) {
      try {
        await deps.rules.load();
        rules = reserialize(decodeRulesValue(value)) ?? value;
      } catch (e) {
        rules = value;
        warnings.push(
          `RULES configuration error: ${e instanceof RulesLoadError ? e.code : "CONFIGURATION_FAILURE"}`,
        );
      }
    }
  } catch {
    unreadable("RULES");
  }

  let clientIpAuthorized: boolean | undefined;
  if (cfg.allowlist) {
    clientIpAuthorized = cfg.allowlist.allows(clientIp);
    if (!clientIpAuthorized) warnings.unshift(IP_NOT_AUTHORIZED_MESSAGE);
  }
  warnings.push(...deps.problems);

  const body: Record<string, unknown> = {
    bundleFilename: cfg.bundleFilename ?? null,
    callerIp: clientIp ?? "unknown",
    clientIpAuthorized,
    configPropertiesLastModified: {},
    configuredHost: cfg.targetHost ?? null,
    configuredSource: cfg.source ?? null,
    javaSourceCodeVersion: PORT_VERSION,
    missingConfigProperties: missing,
    nonDefaultSalt,
    pseudonymImplementation: cfg.pseudonymImplementation,
    pseudonymizeAppIds: cfg.pseudonymizeAppIds ?? null,
    rules,
    saltSha256Hash: saltHash ?? null,
    sourceAuthGrantType: cfg.grantType ?? null,
    sourceAuthStrategy: cfg.authStrategyId ?? null,
    userAgent: cfg.userAgent,
    version: bundleVersion(cfg.bundleFilename),
    warningMessages: warnings,
  };
  const passed =
    cfg.source !== undefined &&
    nonDefaultSalt &&
    missing.length === 0 &&
    clientIpAuthorized !== false &&
    deps.problems.length === 0;
  return { passed, body: sortedWithoutUndefined(body) };
}

/** The health check response: compact JSON + CRLF, `Content-Type: application/json` (no charset). */
export function healthCheckResponse(result: HealthCheckResult): Response {
  const headers = new Headers({ "Content-Type": "application/json" });
  return plainResponse(result.passed ? 200 : 412, `${JSON.stringify(result.body)}\r\n`, headers);
}

function sortedWithoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The rules YAML as re-serialized by the YAML library (the reference re-serializes with Jackson). */
function reserialize(text: string): string | undefined {
  try {
    const doc = parseDocument(text);
    return doc.errors.length > 0 ? undefined : doc.toString();
  } catch {
    return undefined;
  }
}
