/**
 * `gcp_service_account_key` (api-mode spec 5.9): Google Workspace APIs through a service account with
 * domain-wide delegation. The key's JWT-bearer grant is done here with `jose` rather than through
 * google-auth-library, whose service-account client always posts to oauth2.googleapis.com (the
 * reference honours the key's `token_uri`, which also lets tests use a loopback endpoint).
 * - SERVICE_ACCOUNT_KEY (JSON, or base64 of it) and OAUTH_SCOPES are read once per process.
 * - `sub` = X-Psoxy-User-To-Impersonate (already reversed by the gateway); tokens are cached in memory
 *   per user in an LRU of 50, refreshed 3 min 45 s before expiry (google-auth's margin), one fetch at a
 *   time per user. Nothing is written back.
 * - Without a key: Application Default Credentials (the runtime's service account) through
 *   google-auth-library; impersonation is then impossible and ignored with a warning.
 * A token failure (e.g. `unauthorized_client` when delegation is not granted) is 500 CONNECTION_SETUP;
 * a malformed key is the generic 500, as in the reference.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import type { GoogleAuth } from "google-auth-library";
import type { AccessToken } from "./access-token.js";
import { parseTokenResponse } from "./access-token.js";
import { InvalidAuthConfigError, TokenEndpointTimeoutError, TokenRequestError } from "./errors.js";
import { signAssertion } from "./jwt-assertion.js";
import { Lru } from "./lru.js";
import { AuthProperties, type AuthRuntime, authRuntime } from "./runtime.js";
import type { AuthRequestContext, AuthStrategy, AuthStrategyDeps, UnauthorizedContext } from "./strategy.js";
import { requiredPropertyNames } from "./strategy-table.js";
import { endpointForMessages, errorCode, TokenHttpClient } from "./token-http.js";

export const GCP_SERVICE_ACCOUNT_KEY = "gcp_service_account_key";
export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
export const JWT_BEARER_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const IMPERSONATION_CACHE_SIZE = 50;
/** google-auth refreshes this long before expiry */
export const GOOGLE_REFRESH_MARGIN_MS = 225_000;
const GOOGLE_ASSERTION_LIFETIME_SECONDS = 3600;

export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId?: string;
  tokenUri: string;
}

type BaseCredentials =
  | { kind: "key"; key: ServiceAccountKey; scopes: string[] }
  | { kind: "adc"; scopes: string[] };

interface TokenSlot {
  token?: AccessToken & { expiresAt: number };
  inflight?: Promise<AccessToken & { expiresAt: number }>;
}

export function gcpServiceAccountKeyStrategy(deps: AuthStrategyDeps): AuthStrategy {
  return new GcpServiceAccountKeyStrategy(deps);
}

/**
 * SERVICE_ACCOUNT_KEY: trimmed JSON when it starts with `{`, else base64 of the JSON. Throws
 * InvalidAuthConfigError (a generic 500) naming what is wrong, never quoting the key.
 */
export function parseServiceAccountKey(value: string): ServiceAccountKey {
  const trimmed = value.trim();
  let json = trimmed;
  if (!trimmed.startsWith("{")) {
    const compact = trimmed.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
      throw new InvalidAuthConfigError("SERVICE_ACCOUNT_KEY is neither JSON nor base64-encoded JSON");
    }
    json = Buffer.from(compact, "base64").toString("utf8");
  }
  let doc: Record<string, unknown>;
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("not an object");
    doc = parsed as Record<string, unknown>;
  } catch {
    throw new InvalidAuthConfigError("SERVICE_ACCOUNT_KEY is not a JSON object (nor base64 of one)");
  }
  if (doc.type !== undefined && doc.type !== "service_account") {
    throw new InvalidAuthConfigError('SERVICE_ACCOUNT_KEY must be a key of "type": "service_account"');
  }
  const str = (field: string): string | undefined => {
    const v = doc[field];
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
  };
  const clientEmail = str("client_email");
  const pem = str("private_key");
  if (clientEmail === undefined || pem === undefined) {
    throw new InvalidAuthConfigError("SERVICE_ACCOUNT_KEY lacks client_email or private_key");
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new InvalidAuthConfigError("SERVICE_ACCOUNT_KEY private_key is not a PEM private key");
  }
  return {
    clientEmail,
    privateKey,
    privateKeyId: str("private_key_id"),
    tokenUri: str("token_uri") ?? GOOGLE_TOKEN_URI,
  };
}

class GcpServiceAccountKeyStrategy implements AuthStrategy {
  readonly id = GCP_SERVICE_ACCOUNT_KEY;
  readonly requiredProperties = requiredPropertyNames(GCP_SERVICE_ACCOUNT_KEY);
  private readonly runtime: AuthRuntime;
  private readonly props: AuthProperties;
  private readonly http: TokenHttpClient;
  private base: Promise<BaseCredentials> | undefined;
  private readonly tokens = new Lru<string, TokenSlot>(IMPERSONATION_CACHE_SIZE);
  private adc: GoogleAuth | undefined;
  private warnedImpersonation = false;

  constructor(private readonly deps: AuthStrategyDeps) {
    this.runtime = authRuntime(deps);
    this.props = new AuthProperties(deps.config);
    this.http = new TokenHttpClient(deps.http ?? {}, deps.options?.tokenTimeoutMs);
  }

  async headers(ctx: AuthRequestContext): Promise<Record<string, string>> {
    const base = await this.baseCredentials();
    if (base.kind === "adc") {
      if (ctx.userToImpersonate !== undefined && !this.warnedImpersonation) {
        this.warnedImpersonation = true;
        this.runtime.logger.warn(
          { strategy: this.id },
          "no SERVICE_ACCOUNT_KEY: Application Default Credentials cannot impersonate; X-Psoxy-User-To-Impersonate is ignored",
        );
      }
      return { Authorization: `Bearer ${await this.adcToken(base.scopes)}` };
    }
    const token = await this.tokenFor(base, ctx.userToImpersonate);
    return { Authorization: `Bearer ${token.token}` };
  }

  async onUnauthorized(ctx: UnauthorizedContext): Promise<boolean> {
    const base = await this.base?.catch(() => undefined);
    if (base === undefined) return false;
    if (base.kind === "adc") {
      this.adc = undefined;
      return true;
    }
    const slot = this.tokens.get(slotKey(ctx.userToImpersonate));
    if (slot?.token && ctx.rejected.Authorization === `Bearer ${slot.token.token}`) slot.token = undefined;
    return true;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private baseCredentials(): Promise<BaseCredentials> {
    if (this.base === undefined) {
      const load = this.loadBase();
      this.base = load;
      // not memoized when it fails (store unreachable, scopes missing): the next request tries again
      load.catch(() => {
        if (this.base === load) this.base = undefined;
      });
    }
    return this.base;
  }

  private async loadBase(): Promise<BaseCredentials> {
    const [key, scopesValue] = await Promise.all([
      this.props.get("SERVICE_ACCOUNT_KEY", "secret"),
      this.props.require("OAUTH_SCOPES", "config"),
    ]);
    const scopes = scopesValue.split(" ").filter((s) => s !== "");
    if (key === undefined) {
      this.runtime.logger.warn(
        { strategy: this.id },
        "SERVICE_ACCOUNT_KEY is not set; using Application Default Credentials (no impersonation)",
      );
      return { kind: "adc", scopes };
    }
    return { kind: "key", key: parseServiceAccountKey(key), scopes };
  }

  private tokenFor(
    base: Extract<BaseCredentials, { kind: "key" }>,
    user: string | undefined,
  ): Promise<AccessToken> {
    const key = slotKey(user);
    let slot = this.tokens.get(key);
    if (slot === undefined) {
      slot = {};
      this.tokens.set(key, slot);
    }
    const s = slot;
    if (s.token !== undefined && this.runtime.now() < s.token.expiresAt - GOOGLE_REFRESH_MARGIN_MS) {
      return Promise.resolve(s.token);
    }
    if (s.inflight === undefined) {
      const run = this.fetchToken(base, user);
      s.inflight = run;
      run.then(
        (t) => {
          s.token = t;
          s.inflight = undefined;
        },
        () => {
          s.inflight = undefined;
        },
      );
    }
    return s.inflight;
  }

  private async fetchToken(
    base: Extract<BaseCredentials, { kind: "key" }>,
    user: string | undefined,
  ): Promise<AccessToken & { expiresAt: number }> {
    const { key, scopes } = base;
    const now = this.runtime.now();
    const assertion = await signAssertion({
      key: key.privateKey,
      header: key.privateKeyId === undefined ? {} : { kid: key.privateKeyId },
      claims: {
        iss: key.clientEmail,
        scope: scopes.join(" "),
        aud: key.tokenUri,
        ...(user === undefined ? {} : { sub: user }),
      },
      nowMs: now,
      lifetimeSeconds: GOOGLE_ASSERTION_LIFETIME_SECONDS,
    });
    const body = await this.http.send({
      method: "POST",
      url: key.tokenUri,
      form: [
        ["grant_type", JWT_BEARER_GRANT_TYPE],
        ["assertion", assertion],
      ],
      what: "Google token endpoint",
    });
    const response = parseTokenResponse(
      body,
      "DEFAULT",
      this.runtime.now(),
      `Google token endpoint ${endpointForMessages(key.tokenUri)}`,
    );
    this.runtime.logger.info(
      { strategy: this.id, impersonating: user !== undefined, expiresInSeconds: response.expiresInSeconds },
      "Google access token obtained",
    );
    return { token: response.accessToken, expiresAt: this.runtime.now() + response.expiresInSeconds * 1000 };
  }

  private async adcToken(scopes: string[]): Promise<string> {
    const { GoogleAuth } = await import("google-auth-library");
    this.adc ??= new GoogleAuth({ ...this.deps.options?.googleAuth, scopes });
    let token: string | null | undefined;
    try {
      token = await this.adc.getAccessToken();
    } catch (e) {
      const name = e instanceof Error ? e.name : typeof e;
      const status = (e as { response?: { status?: unknown } })?.response?.status;
      const code = errorCode(e);
      const detail = `${name}${typeof status === "number" ? `, HTTP ${status}` : ""}${code ? `, ${code}` : ""}`;
      if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || name === "TimeoutError") {
        throw new TokenEndpointTimeoutError(`Application Default Credentials timed out (${detail})`, {
          cause: e,
        });
      }
      throw new TokenRequestError(`Application Default Credentials could not provide a token (${detail})`, {
        cause: e,
      });
    }
    if (!token) throw new TokenRequestError("Application Default Credentials provided no access token");
    return token;
  }
}

/** LRU key: the impersonated user, or the service account itself. */
function slotKey(user: string | undefined): string {
  return user === undefined ? "" : `user:${user}`;
}
