/**
 * API-mode settings read from the environment once per process (api-mode spec 4.3, 4.4), plus the
 * startup problems of spec 4.6 that can be seen without I/O. Where the reference refuses to start, this
 * port keeps answering health checks (412, problem listed) and fails data requests with 500
 * CONFIGURATION_FAILURE (spec 4.6 REC).
 */
import { isBlank } from "../core/java/strings.js";
import type { GatewayOptions, GatewayPlatform } from "./gateway-options.js";
import { type IpAllowlist, parseIpAllowlist } from "./ip-allowlist.js";
import { parseJavaBoolean } from "./java-boolean.js";
import { targetBase } from "./target-url.js";
import {
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  parseJavaInt,
  type SourceTimeouts,
  sourceTimeouts,
} from "./timeouts.js";
import { defaultUserAgent } from "./version.js";

export type TlsVersion = "TLSv1.2" | "TLSv1.3";

export interface ApiModeConfig {
  /** SOURCE */
  source?: string;
  /** TARGET_HOST, trimmed */
  targetHost?: string;
  /** `https://host[/base]` or null when TARGET_HOST is missing, blank or http:// */
  targetBase: string | null;
  authStrategyId?: string;
  grantType?: string;
  prefixToTrim?: string;
  instanceId?: string;
  /** null = no allowlist configured */
  allowlist: IpAllowlist | null;
  /** TLS_VERSION as the maximum; TLS 1.2 is always the minimum */
  tlsMaxVersion: TlsVersion;
  timeouts: SourceTimeouts;
  followRedirects: boolean;
  /** outbound User-Agent without the ` (gzip)` suffix */
  userAgent: string;
  developmentMode: boolean;
  bundleFilename?: string;
  pseudonymizeAppIds?: boolean;
  pseudonymImplementation?: string;
  /** startup requirements that are not met (spec 4.6); messages name settings, never secrets */
  problems: string[];
}

function defaultInstanceId(platform: GatewayPlatform, env: Readonly<Record<string, string | undefined>>) {
  if (platform === "aws") return env.AWS_LAMBDA_FUNCTION_NAME;
  if (platform === "gcp") return env.K_SERVICE;
  return undefined;
}

export function readApiModeConfig(
  options: Pick<GatewayOptions, "config" | "platform" | "instanceId" | "timeouts">,
): ApiModeConfig {
  const env = options.config.env;
  const problems: string[] = [];

  let tlsMaxVersion: TlsVersion = "TLSv1.3";
  const tls = env.TLS_VERSION;
  if (tls !== undefined) {
    if (tls === "TLSv1.2" || tls === "TLSv1.3") tlsMaxVersion = tls;
    else problems.push(`TLS_VERSION must be TLSv1.2 or TLSv1.3 (got ${JSON.stringify(tls)})`);
  }

  let seconds = DEFAULT_REQUEST_TIMEOUT_SECONDS;
  const rawTimeout = env.REQUEST_TIMEOUT_SECONDS;
  if (rawTimeout !== undefined) {
    const n = parseJavaInt(rawTimeout);
    if (n === null || n <= 0) {
      problems.push(
        `REQUEST_TIMEOUT_SECONDS must be a positive whole number of seconds (got ${JSON.stringify(rawTimeout)})`,
      );
    } else seconds = n;
  }
  const timeouts = { ...sourceTimeouts(seconds), ...definedOnly(options.timeouts) };

  const allowlist = parseIpAllowlist(env.ALLOWED_DATA_ACCESS_IP_BLOCKS);
  const targetHost = env.TARGET_HOST?.trim();
  const prefix = env.REQUEST_PATH_PREFIX_TO_TRIM;
  const instanceId = options.instanceId ?? defaultInstanceId(options.platform, env);
  const ua = env.USER_AGENT;

  return {
    source: env.SOURCE,
    targetHost,
    targetBase: targetBase(targetHost),
    authStrategyId: env.SOURCE_AUTH_STRATEGY_IDENTIFIER,
    grantType: env.GRANT_TYPE,
    prefixToTrim: prefix === undefined || isBlank(prefix) ? undefined : prefix.trim(),
    instanceId: instanceId === undefined || isBlank(instanceId) ? undefined : instanceId,
    allowlist,
    tlsMaxVersion,
    timeouts,
    followRedirects: env.FOLLOW_REDIRECTS === undefined || parseJavaBoolean(env.FOLLOW_REDIRECTS),
    userAgent: ua === undefined || isBlank(ua) ? defaultUserAgent() : ua,
    developmentMode: parseJavaBoolean(env.IS_DEVELOPMENT_MODE),
    bundleFilename: env.BUNDLE_FILENAME,
    pseudonymizeAppIds:
      env.PSEUDONYMIZE_APP_IDS === undefined ? undefined : parseJavaBoolean(env.PSEUDONYMIZE_APP_IDS),
    pseudonymImplementation: env.PSEUDONYM_IMPLEMENTATION,
    problems,
  };
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
