/**
 * HashiCorp Vault KV v2 as a RemoteStore. An addition of this project: the reference removed Vault
 * in v0.5.2; this follows its last design (docs/guides "Using HashiCorp Vault with Psoxy"):
 * - a key is a Vault path `<PATH_TO_*_CONFIG><PROPERTY>`, e.g. `secret/psoxy/PSOXY_GCAL/RULES`;
 *   its first segment is the KV v2 mount unless `mount` is given; the value is the field `value`
 *   (`GET {VAULT_ADDR}/v1/{mount}/data/{path}` -> `data.data.value`);
 * - `VAULT_TOKEN` authenticates, `VAULT_NAMESPACE` (optional) goes in `X-Vault-Namespace`;
 * - writes: `POST .../data/{path}` with `{"data": {"value": ...}}`;
 * - a token with a TTL renews itself: at most once per check interval (default 1 h) a request first
 *   calls `lookup-self`, and when the TTL is below the threshold (default 36 h, as the reference)
 *   `renew-self` asks for twice the threshold. A TTL of 0 means no expiry.
 * Read errors: 404 / 403 / other 4xx -> absent (as the reference); 5xx, 429 and network -> transient.
 * Locks use KV v2 check-and-set (cas=0 creates only if absent) on `<key>_lock`.
 */
import {
  ConfigError,
  type ConfigLogger,
  type RemoteStore,
  silentConfigLogger,
  type ValueVersion,
} from "./types.js";

export const VAULT_VALUE_FIELD = "value";
export const VAULT_RENEW_THRESHOLD_SECONDS = 36 * 3600;

export interface VaultStoreOptions {
  /** VAULT_ADDR, e.g. `https://vault.example.com:8200`. */
  address: string;
  /** VAULT_TOKEN. */
  token: string;
  /** VAULT_NAMESPACE (Vault Enterprise / HCP). */
  namespace?: string;
  /** KV v2 mount; default the first segment of each key. */
  mount?: string;
  fetch?: typeof fetch;
  logger?: ConfigLogger;
  /** Epoch millis; default Date.now. */
  clock?: () => number;
  renewThresholdSeconds?: number;
  /** How often (at most) the token's TTL is looked up; default 1 h. */
  renewCheckIntervalMs?: number;
  /** Per request; default 10 s. */
  requestTimeoutMs?: number;
}

interface VaultResponse {
  status: number;
  body: Record<string, unknown> | undefined;
}

export class VaultStore implements RemoteStore {
  readonly kind = "vault";
  private readonly address: string;
  private readonly fetchImpl: typeof fetch;
  private readonly logger: ConfigLogger;
  private readonly clock: () => number;
  private readonly renewThresholdSeconds: number;
  private readonly renewCheckIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private lastTokenCheck: number | undefined;
  private tokenCheck: Promise<void> | undefined;

  constructor(private readonly options: VaultStoreOptions) {
    if (!options.address) throw new ConfigError("VAULT_ADDR is required for the Vault store", false);
    if (!options.token) throw new ConfigError("VAULT_TOKEN is required when VAULT_ADDR is set", false);
    this.address = options.address.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? fetch;
    this.logger = options.logger ?? silentConfigLogger;
    this.clock = options.clock ?? Date.now;
    this.renewThresholdSeconds = options.renewThresholdSeconds ?? VAULT_RENEW_THRESHOLD_SECONDS;
    this.renewCheckIntervalMs = options.renewCheckIntervalMs ?? 3600_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  async get(key: string): Promise<string | undefined> {
    const response = await this.call("GET", this.dataPath(key), undefined, key, "read");
    if (response.status !== 200) return this.absentOrThrow(response, key, "read");
    const value = fieldOf(response.body);
    return typeof value === "string" ? value : undefined;
  }

  async put(key: string, value: string): Promise<void> {
    const response = await this.call(
      "POST",
      this.dataPath(key),
      { data: { [VAULT_VALUE_FIELD]: value } },
      key,
      "write",
    );
    if (response.status !== 200 && response.status !== 204) throw this.failure(response, key, "write");
    this.logger.info(
      { key, version: (response.body?.data as { version?: number })?.version },
      "stored Vault secret",
    );
  }

  async getVersions(key: string, limit: number): Promise<ValueVersion[]> {
    const metadata = await this.call("GET", this.path(key, "metadata"), undefined, key, "list versions of");
    if (metadata.status !== 200) {
      this.absentOrThrow(metadata, key, "list versions of");
      return [];
    }
    const versions = ((metadata.body?.data as { versions?: Record<string, VersionMeta> })?.versions ??
      {}) as Record<string, VersionMeta>;
    const live = Object.entries(versions)
      .filter(([, meta]) => !meta.destroyed && !meta.deletion_time)
      .map(([n, meta]) => ({ n: Number(n), created: Date.parse(meta.created_time ?? "") }))
      .sort((a, b) => b.n - a.n)
      .slice(0, limit);
    const result: ValueVersion[] = [];
    for (const { n, created } of live) {
      const response = await this.call("GET", `${this.dataPath(key)}?version=${n}`, undefined, key, "read");
      const value = response.status === 200 ? fieldOf(response.body) : undefined;
      if (typeof value === "string") {
        result.push({ value, version: String(n), lastModified: Number.isNaN(created) ? undefined : created });
      }
    }
    return result;
  }

  async acquireLock(key: string, expiryMs: number): Promise<boolean> {
    const lockKey = `${key}_lock`;
    const now = this.clock();
    const created = await this.call(
      "POST",
      this.dataPath(lockKey),
      { options: { cas: 0 }, data: { [VAULT_VALUE_FIELD]: `locked_${now}` } },
      lockKey,
      "lock",
    );
    if (created.status === 200 || created.status === 204) return true;
    if (created.status !== 400) {
      this.logger.error({ key: lockKey, status: created.status }, "could not acquire lock");
      return false;
    }
    // cas mismatch: the lock exists; clear it when stale so the caller's retry can take it.
    const metadata = await this.call("GET", this.path(lockKey, "metadata"), undefined, lockKey, "read");
    const updated = Date.parse(
      String((metadata.body?.data as { updated_time?: string })?.updated_time ?? ""),
    );
    if (metadata.status === 200 && !Number.isNaN(updated) && updated < now - expiryMs) {
      this.logger.warn({ key: lockKey }, "lock is stale; removing it");
      await this.releaseLock(key);
    }
    return false;
  }

  async releaseLock(key: string): Promise<void> {
    const lockKey = `${key}_lock`;
    try {
      // Deleting the metadata removes every version, so cas=0 can create the lock again.
      const response = await this.call(
        "DELETE",
        this.path(lockKey, "metadata"),
        undefined,
        lockKey,
        "unlock",
      );
      if (response.status >= 300 && response.status !== 404) {
        this.logger.error({ key: lockKey, status: response.status }, "could not release lock");
      }
    } catch (error) {
      this.logger.error({ key: lockKey, error: (error as Error).message }, "could not release lock");
    }
  }

  /** Looks the token up and renews it when its TTL is below the threshold (at most once per interval). */
  async renewTokenIfNeeded(force = false): Promise<void> {
    const now = this.clock();
    if (!force && this.lastTokenCheck !== undefined && now - this.lastTokenCheck < this.renewCheckIntervalMs)
      return;
    this.tokenCheck ??= this.checkToken().finally(() => {
      this.tokenCheck = undefined;
    });
    await this.tokenCheck;
  }

  private async checkToken(): Promise<void> {
    this.lastTokenCheck = this.clock();
    try {
      const lookup = await this.send("GET", "/v1/auth/token/lookup-self");
      if (lookup.status !== 200) {
        this.logger.warn({ status: lookup.status }, "Vault token lookup failed");
        return;
      }
      const data = (lookup.body?.data ?? {}) as { ttl?: number; renewable?: boolean };
      const ttl = Number(data.ttl ?? 0);
      if (ttl === 0 || ttl >= this.renewThresholdSeconds) return; // 0 = no expiry
      if (data.renewable === false) {
        this.logger.warn({ ttlSeconds: ttl }, "Vault token is not renewable and expires soon; trying anyway");
      }
      const renewed = await this.send("POST", "/v1/auth/token/renew-self", {
        increment: `${this.renewThresholdSeconds * 2}s`,
      });
      if (renewed.status === 200) {
        const lease = (renewed.body?.auth as { lease_duration?: number } | undefined)?.lease_duration;
        this.logger.info({ previousTtlSeconds: ttl, ttlSeconds: lease }, "renewed Vault token");
      } else {
        this.logger.warn({ status: renewed.status, ttlSeconds: ttl }, "Vault token renewal failed");
      }
    } catch (error) {
      // Keep going with the current token: it may still be valid for a while.
      this.logger.warn({ error: (error as Error).message }, "Vault token check failed");
    }
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    key: string,
    action: string,
  ): Promise<VaultResponse> {
    await this.renewTokenIfNeeded();
    try {
      return await this.send(method, path, body);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ConfigError(
        `${this.kind}: could not ${action} ${key}: ${(error as Error).name}${cause ? ` ${cause}` : ""}`,
        true,
        { cause: error },
      );
    }
  }

  private async send(method: string, path: string, body?: unknown): Promise<VaultResponse> {
    const headers: Record<string, string> = {
      "X-Vault-Token": this.options.token,
      "X-Vault-Request": "true",
    };
    if (this.options.namespace) headers["X-Vault-Namespace"] = this.options.namespace;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await this.fetchImpl(`${this.address}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
      redirect: "error",
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  }

  private absentOrThrow(response: VaultResponse, key: string, action: string): undefined {
    if (isTransientStatus(response.status)) throw this.failure(response, key, action);
    return undefined;
  }

  private failure(response: VaultResponse, key: string, action: string): ConfigError {
    // Vault's `errors` are messages about the request, never the stored value.
    const errors = Array.isArray(response.body?.errors)
      ? `: ${(response.body.errors as string[]).join("; ")}`
      : "";
    return new ConfigError(
      `${this.kind}: could not ${action} ${key} (HTTP ${response.status}${errors})`,
      isTransientStatus(response.status),
    );
  }

  private dataPath(key: string): string {
    return this.path(key, "data");
  }

  /** `/v1/<mount>/<kind>/<rest>`; the mount is the first segment of the key unless configured. */
  private path(key: string, kind: "data" | "metadata"): string {
    const trimmed = key.replace(/^\/+/, "");
    let mount = this.options.mount?.replace(/^\/+|\/+$/g, "");
    let rest: string;
    if (mount) {
      rest = trimmed.startsWith(`${mount}/`) ? trimmed.slice(mount.length + 1) : trimmed;
    } else {
      const slash = trimmed.indexOf("/");
      if (slash < 0) {
        throw new ConfigError(`vault: ${key} has no mount; set PATH_TO_*_CONFIG like secret/psoxy/`, false);
      }
      mount = trimmed.slice(0, slash);
      rest = trimmed.slice(slash + 1);
    }
    const encode = (p: string) => p.split("/").map(encodeURIComponent).join("/");
    return `/v1/${encode(mount)}/${kind}/${encode(rest)}`;
  }
}

interface VersionMeta {
  created_time?: string;
  deletion_time?: string;
  destroyed?: boolean;
}

function fieldOf(body: Record<string, unknown> | undefined): unknown {
  const data = body?.data as { data?: Record<string, unknown> | null } | undefined;
  return data?.data?.[VAULT_VALUE_FIELD];
}

function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
