/**
 * Storage the refresh strategy shares between instances (spec 5.2): the access token as
 * `{"token","expirationDate"}` JSON in the ACCESS_TOKEN secret (read uncached, from its 5 newest
 * versions), and writes with 3 attempts 150 ms apart whose failure is logged, never fatal.
 */
import { ConfigError, type ConfigService } from "../config/types.js";
import { type AccessToken, parseSharedToken } from "./access-token.js";
import type { AuthRuntime } from "./runtime.js";

export const SHARED_TOKEN_PROPERTY = "ACCESS_TOKEN";
export const SHARED_TOKEN_VERSIONS = 5;
export const WRITE_ATTEMPTS = 3;
export const WRITE_RETRY_DELAY_MS = 150;

/**
 * The stored token with the latest expirationDate (unknown expiry last), ties broken by the highest
 * version; unparsable versions are skipped. Store errors are thrown (`ConfigError`).
 */
export async function readSharedToken(config: ConfigService): Promise<AccessToken | undefined> {
  let versions: { value: string; version?: string }[];
  if (config.getSecretVersions) {
    versions = await config.getSecretVersions(SHARED_TOKEN_PROPERTY, SHARED_TOKEN_VERSIONS);
  } else {
    const value = await config.getSecret(SHARED_TOKEN_PROPERTY, { cache: false });
    versions = value === undefined ? [] : [{ value }];
  }
  const candidates = versions
    .map((v, index) => ({ token: parseSharedToken(v.value), version: v.version, index }))
    .filter(
      (c): c is { token: AccessToken; version: string | undefined; index: number } => c.token !== undefined,
    );
  candidates.sort((a, b) => {
    const ea = a.token.expiresAt;
    const eb = b.token.expiresAt;
    if (ea !== eb) {
      if (ea === null) return 1;
      if (eb === null) return -1;
      return eb - ea;
    }
    const byVersion = compareVersions(b.version, a.version);
    // versions come newest first: the earlier one wins a full tie
    return byVersion !== 0 ? byVersion : a.index - b.index;
  });
  return candidates[0]?.token;
}

/** Numeric version ids compare as numbers (SSM, GCP); others are not ordered (0). */
function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x > y ? 1 : x < y ? -1 : 0;
}

/**
 * Writes `name` to the instance secret store, retrying; true when stored. Logs the outcome by name
 * (never the value); a failure is logged at error level and not thrown.
 */
export async function writeSecretWithRetries(
  config: ConfigService,
  runtime: AuthRuntime,
  name: string,
  value: string,
): Promise<boolean> {
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    try {
      await config.putSecret(name, value);
      return true;
    } catch (e) {
      // config errors name keys, never values; anything else is reported by its class only
      const error = e instanceof ConfigError ? e.message : e instanceof Error ? e.name : typeof e;
      if (attempt === WRITE_ATTEMPTS) {
        runtime.logger.error(
          { property: name, attempts: WRITE_ATTEMPTS, error },
          "could not store refreshed credential; continuing with the in-memory value",
        );
        return false;
      }
      runtime.logger.warn(
        { property: name, attempt, error },
        "storing refreshed credential failed; retrying",
      );
      await runtime.sleep(WRITE_RETRY_DELAY_MS);
    }
  }
  return false;
}
