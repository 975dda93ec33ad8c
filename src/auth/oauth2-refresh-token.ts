/**
 * `oauth2_refresh_token` (api-mode spec 5.2): a short-lived access token obtained from REFRESH_ENDPOINT
 * with the GRANT_TYPE's request (spec 5.3-5.8), cached in memory and refreshed early, at a random
 * 60-600 s before expiry, so that instances do not all refresh at once.
 *
 * - One refresh at a time per process (single flight): concurrent requests wait for it.
 * - USE_SHARED_TOKEN: the token is stored as `{"token","expirationDate"}` in ACCESS_TOKEN for the
 *   other instances, and refreshing takes the OAUTH_REFRESH_TOKEN lock (2 min expiry): whoever holds it
 *   first re-reads the stored token and only calls the endpoint when that is stale too; whoever does
 *   not get it waits (4 s + jitter) x attempt, re-reads the stored token, and tries again, 3 times.
 * - A rotated refresh token in the answer is written back to REFRESH_TOKEN (3 attempts; a failure is
 *   logged, the request proceeds).
 * - When a proactive refresh fails while the current token still has over a minute left, that token
 *   is used (as the reference's credentials library does) and the failure logged.
 * - A 401 from the source drops the rejected token (never reused, even from the shared store) and the
 *   request is retried once with a fresh one.
 * Deliberate differences: the lock is released when the refresh fails (the reference leaves it to
 * expire), the 2 s eventual-consistency hold happens only after this instance stored a new token, and
 * after a lock wait the stored token is re-read before competing for the lock again.
 */
import { ConfigError } from "../config/types.js";
import {
  type AccessToken,
  parseTokenResponse,
  parseTokenResponseType,
  serializeSharedToken,
  TOKEN_RESPONSE_TYPES,
  type TokenResponse,
  type TokenResponseType,
} from "./access-token.js";
import { MissingAuthConfigError, RefreshLockUnavailableError, UnknownAuthStrategyError } from "./errors.js";
import { GRANT_TYPES, type GrantType, grantTypeFor, parseCredentialsFlow } from "./grants/index.js";
import { AuthProperties, type AuthRuntime, authRuntime, randomInt } from "./runtime.js";
import { readSharedToken, SHARED_TOKEN_PROPERTY, writeSecretWithRetries } from "./shared-token.js";
import type { AuthRequestContext, AuthStrategy, AuthStrategyDeps, UnauthorizedContext } from "./strategy.js";
import { requiredPropertyNames } from "./strategy-table.js";
import { endpointForMessages, TokenHttpClient } from "./token-http.js";

export const OAUTH2_REFRESH_TOKEN = "oauth2_refresh_token";

export const REFRESH_LOCK_ID = "OAUTH_REFRESH_TOKEN";
export const REFRESH_LOCK_EXPIRY_MS = 2 * 60_000;
export const MAX_REFRESH_ATTEMPTS = 3;
/** how long the lock holder waits after storing a token, so that others read it (GCP is eventually consistent) */
export const EVENTUAL_CONSISTENCY_MS = 2_000;
export const LOCK_RETRY_BASE_MS = 4_000;
export const LOCK_RETRY_JITTER_MS = 250;
/** the proactive refresh window: [60, 600) s before expiry, drawn per check */
export const MIN_EARLY_REFRESH_SECONDS = 60;
export const MAX_EARLY_REFRESH_SECONDS = 600;
/** a failed proactive refresh keeps using a token that has at least this long left */
export const STALE_TOKEN_GRACE_MS = 60_000;

type LockOutcome = "acquired" | "held-elsewhere" | "not-needed";

export function oauth2RefreshTokenStrategy(deps: AuthStrategyDeps): AuthStrategy {
  return new OAuthRefreshTokenStrategy(deps);
}

class OAuthRefreshTokenStrategy implements AuthStrategy {
  readonly id = OAUTH2_REFRESH_TOKEN;
  readonly requiredProperties: string[];
  private readonly grant: GrantType | undefined;
  private readonly grantTypeId: string | undefined;
  private readonly responseType: TokenResponseType;
  private readonly shared: boolean;
  private readonly runtime: AuthRuntime;
  private readonly props: AuthProperties;
  private readonly http: TokenHttpClient;
  private current: AccessToken | undefined;
  /** the token value the source last rejected with 401: never used again */
  private rejected: string | undefined;
  private inflight: Promise<AccessToken> | undefined;
  private readonly warned = new Set<string>();

  constructor(private readonly deps: AuthStrategyDeps) {
    const env = deps.config.env;
    const grantType = env.GRANT_TYPE?.trim() ? env.GRANT_TYPE : undefined;
    this.grantTypeId = grantType;
    if (grantType !== undefined) {
      this.grant = grantTypeFor(grantType);
      if (!this.grant) {
        throw new UnknownAuthStrategyError(
          `GRANT_TYPE=${JSON.stringify(grantType)} is not a known grant type of oauth2_refresh_token; use one of ${GRANT_TYPES.join(", ")}`,
        );
      }
    }
    const responseType = parseTokenResponseType(env.TOKEN_RESPONSE_TYPE);
    if (responseType === undefined) {
      throw new UnknownAuthStrategyError(
        `TOKEN_RESPONSE_TYPE=${JSON.stringify(env.TOKEN_RESPONSE_TYPE)} is not known; use one of ${TOKEN_RESPONSE_TYPES.join(", ")}`,
      );
    }
    this.responseType = responseType;
    let variant: string | undefined;
    if (grantType === "client_credentials") {
      variant = parseCredentialsFlow(env.CREDENTIALS_FLOW);
      if (variant === undefined) {
        throw new UnknownAuthStrategyError(
          `CREDENTIALS_FLOW=${JSON.stringify(env.CREDENTIALS_FLOW)} is not known; use client_secret or jwt_assertion`,
        );
      }
    }
    if (grantType === "workload_identity_federation") variant = deps.platform;
    this.requiredProperties = requiredPropertyNames(OAUTH2_REFRESH_TOKEN, grantType, variant);
    // Boolean.parseBoolean: "true" in any case, nothing else (not even with spaces)
    this.shared =
      env.USE_SHARED_TOKEN === undefined
        ? grantType === "account_credentials"
        : env.USE_SHARED_TOKEN.toLowerCase() === "true";
    this.runtime = authRuntime(deps);
    this.props = new AuthProperties(deps.config);
    this.http = new TokenHttpClient(deps.http ?? {}, deps.options?.tokenTimeoutMs);
  }

  async headers(ctx: AuthRequestContext): Promise<Record<string, string>> {
    if (ctx.userToImpersonate !== undefined) {
      this.warnOnce(
        "impersonation",
        "oauth2_refresh_token does not support impersonation; X-Psoxy-User-To-Impersonate is ignored",
      );
    }
    const token = await this.token();
    return { Authorization: `Bearer ${token.token}` };
  }

  async onUnauthorized(ctx: UnauthorizedContext): Promise<boolean> {
    const current = this.current;
    if (current !== undefined && ctx.rejected.Authorization === `Bearer ${current.token}`) {
      this.rejected = current.token;
      this.current = undefined;
      this.runtime.logger.info(
        { strategy: this.id },
        "source rejected the access token (401); refreshing it",
      );
    }
    return true;
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.grant?.close?.();
  }

  /** Fresh = not rejected, and `now <= expiry - g` for a random g in [60, 600) s. */
  private fresh(t: AccessToken | undefined): t is AccessToken {
    if (t === undefined || t.token === this.rejected || t.expiresAt === null) return false;
    const early = randomInt(this.runtime.random, MIN_EARLY_REFRESH_SECONDS, MAX_EARLY_REFRESH_SECONDS);
    return this.runtime.now() <= t.expiresAt - early * 1000;
  }

  private token(): Promise<AccessToken> {
    const current = this.current;
    if (this.fresh(current)) return Promise.resolve(current);
    if (this.inflight === undefined) {
      const run = this.refreshKeepingUsable(current);
      this.inflight = run;
      run
        .finally(() => {
          if (this.inflight === run) this.inflight = undefined;
        })
        .catch(() => undefined);
    }
    return this.inflight;
  }

  private async refreshKeepingUsable(previous: AccessToken | undefined): Promise<AccessToken> {
    try {
      return await this.refresh();
    } catch (e) {
      const p = this.current ?? previous;
      if (
        p !== undefined &&
        p.token !== this.rejected &&
        p.expiresAt !== null &&
        this.runtime.now() < p.expiresAt - STALE_TOKEN_GRACE_MS
      ) {
        this.runtime.logger.warn(
          {
            strategy: this.id,
            error: e instanceof Error ? e.name : typeof e,
            detail: e instanceof Error ? e.message : undefined,
            expiresInSeconds: Math.floor((p.expiresAt - this.runtime.now()) / 1000),
          },
          "proactive token refresh failed; using the current token until it nears expiry",
        );
        return p;
      }
      throw e;
    }
  }

  private async refresh(): Promise<AccessToken> {
    const grant = this.grant;
    if (grant === undefined) throw new MissingAuthConfigError("GRANT_TYPE");
    const config = this.deps.config;
    if (this.shared && this.current === undefined) {
      // cold start (or after a 401): another instance may have stored a fresh token
      const stored = await readSharedToken(config);
      if (stored !== undefined) this.current = stored;
      if (this.fresh(stored)) {
        this.runtime.logger.info(
          { strategy: this.id },
          "using the shared access token from the secret store",
        );
        return stored;
      }
    }
    for (let attempt = 0; attempt < MAX_REFRESH_ATTEMPTS; attempt++) {
      const lock = this.shared ? await this.acquireLock() : "not-needed";
      if (lock === "held-elsewhere") {
        const waitMs =
          (LOCK_RETRY_BASE_MS + randomInt(this.runtime.random, 0, LOCK_RETRY_JITTER_MS)) * (attempt + 1);
        this.runtime.logger.info(
          { lock: REFRESH_LOCK_ID, attempt: attempt + 1, of: MAX_REFRESH_ATTEMPTS, waitMs },
          "token refresh lock is held by another instance; waiting",
        );
        await this.runtime.sleep(waitMs);
        const stored = await readSharedToken(config);
        if (this.fresh(stored)) {
          this.current = stored;
          this.runtime.logger.info(
            { strategy: this.id },
            "using the access token another instance refreshed",
          );
          return stored;
        }
        continue;
      }
      try {
        const result = await this.refreshHoldingLock(grant);
        if (lock === "acquired" && result.stored) await this.runtime.sleep(EVENTUAL_CONSISTENCY_MS);
        return result.token;
      } finally {
        if (lock === "acquired") await this.releaseLock();
      }
    }
    throw new RefreshLockUnavailableError(MAX_REFRESH_ATTEMPTS);
  }

  /** Spec 5.2 step 2: re-check, else exchange, store, write back a rotated refresh token. */
  private async refreshHoldingLock(grant: GrantType): Promise<{ token: AccessToken; stored: boolean }> {
    const config = this.deps.config;
    if (this.fresh(this.current)) return { token: this.current, stored: false };
    if (this.shared) {
      const stored = await readSharedToken(config);
      if (this.fresh(stored)) {
        this.current = stored;
        this.runtime.logger.info({ strategy: this.id }, "using the access token another instance refreshed");
        return { token: stored, stored: false };
      }
    }
    const response = await this.exchange(grant);
    const token: AccessToken = {
      token: response.accessToken,
      expiresAt: this.runtime.now() + response.expiresInSeconds * 1000,
    };
    this.current = token;
    this.rejected = undefined;
    let stored = false;
    if (this.shared) {
      stored = await writeSecretWithRetries(
        config,
        this.runtime,
        SHARED_TOKEN_PROPERTY,
        serializeSharedToken(token),
      );
    }
    if (response.refreshToken !== undefined) await this.storeRotatedRefreshToken(response.refreshToken);
    return { token, stored };
  }

  private async exchange(grant: GrantType): Promise<TokenResponse> {
    const endpoint = await this.props.require("REFRESH_ENDPOINT", "config");
    const request = await grant.build({
      endpoint,
      props: this.props,
      runtime: this.runtime,
      http: this.http,
      platform: this.deps.platform ?? "node",
      options: this.deps.options ?? {},
    });
    const body = await this.http.send({
      method: "POST",
      url: request.url,
      headers: request.headers,
      form: request.form,
      what: "token endpoint",
    });
    const response = parseTokenResponse(
      body,
      this.responseType,
      this.runtime.now(),
      `token endpoint ${endpointForMessages(request.url)}`,
    );
    this.runtime.logger.info(
      {
        strategy: this.id,
        grantType: this.grantTypeId,
        expiresInSeconds: response.expiresInSeconds,
        sharedToken: this.shared,
        refreshTokenReturned: response.refreshToken !== undefined,
      },
      "source access token obtained",
    );
    return response;
  }

  /**
   * Writes a refresh token that differs from the stored REFRESH_TOKEN. The reference's "only if the
   * stored one is over an hour old" guard never applies there (REF-QUIRK 11), so it always writes.
   */
  private async storeRotatedRefreshToken(refreshToken: string): Promise<void> {
    let stored: string | undefined;
    try {
      stored = await this.props.get("REFRESH_TOKEN", "secret");
    } catch (e) {
      this.runtime.logger.error(
        {
          property: "REFRESH_TOKEN",
          error: e instanceof ConfigError ? e.message : String((e as Error)?.name),
        },
        "could not read the stored refresh token; the rotated one is not written",
      );
      return;
    }
    if (stored === undefined || stored === refreshToken) return;
    if (await writeSecretWithRetries(this.deps.config, this.runtime, "REFRESH_TOKEN", refreshToken)) {
      this.runtime.logger.info({ property: "REFRESH_TOKEN" }, "rotated refresh token stored");
    }
  }

  private async acquireLock(): Promise<LockOutcome> {
    const config = this.deps.config;
    if (!config.acquireLock) {
      this.warnOnce(
        "no-lock",
        "the config store has no locks; refreshing without the OAUTH_REFRESH_TOKEN lock",
      );
      return "not-needed";
    }
    try {
      return (await config.acquireLock(REFRESH_LOCK_ID, REFRESH_LOCK_EXPIRY_MS))
        ? "acquired"
        : "held-elsewhere";
    } catch (e) {
      if (e instanceof ConfigError && !e.transient) {
        this.warnOnce("no-lock", `refreshing without the OAUTH_REFRESH_TOKEN lock: ${e.message}`);
        return "not-needed";
      }
      this.runtime.logger.warn(
        { lock: REFRESH_LOCK_ID, error: e instanceof ConfigError ? e.message : (e as Error)?.name },
        "could not take the token refresh lock",
      );
      return "held-elsewhere";
    }
  }

  private async releaseLock(): Promise<void> {
    try {
      await this.deps.config.releaseLock?.(REFRESH_LOCK_ID);
    } catch (e) {
      this.runtime.logger.warn(
        { lock: REFRESH_LOCK_ID, error: e instanceof ConfigError ? e.message : (e as Error)?.name },
        "could not release the token refresh lock; it expires by itself",
      );
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.runtime.logger.warn({ strategy: this.id }, message);
  }
}
