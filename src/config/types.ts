/**
 * Contracts between configuration, the gateway and the hosts (api-mode spec section 4).
 * Implementations live beside this file; the gateway and auth code depend only on these types.
 */

/** One backend holding named values (a secrets file, SSM, Secrets Manager, GCP Secret Manager, Vault...). */
export interface RemoteStore {
  /** Human-readable backend name for logs and errors (never a value). */
  readonly kind: string;
  /** The value, or undefined when absent (placeholders such as SSM's `fill me` count as absent). */
  get(key: string): Promise<string | undefined>;
  /** Writes a value (token write-back). Stores that cannot write throw `ConfigError`. */
  put(key: string, value: string): Promise<void>;
  /**
   * Up to `limit` stored versions of a value, newest first (shared-token storage, api-mode 5.2).
   * Absent or unreadable values give `[]`. Optional: stores without history leave it out.
   */
  getVersions?(key: string, limit: number): Promise<ValueVersion[]>;
  /**
   * Tries to take the named lock (api-mode 5.13); `key` is `<instance prefix><LOCK_ID>` and each
   * store derives its own object name from it. Resolves false when someone else holds it (a stale
   * lock may be cleared, still resolving false so the caller retries). Optional.
   */
  acquireLock?(key: string, expiryMs: number): Promise<boolean>;
  /** Releases a lock taken with `acquireLock` (best effort, never throws). */
  releaseLock?(key: string): Promise<void>;
}

/** One stored version of a value (never logged). */
export interface ValueVersion {
  value: string;
  /** Backend version id (SSM version number, GCP version number, Secrets Manager VersionId...). */
  version?: string;
  /** Epoch millis of the write, when the backend reports it. */
  lastModified?: number;
}

/** Options of a single read. */
export interface ReadOptions {
  /** false = bypass the cache (the refresh-token strategy's `ACCESS_TOKEN`, §4.3). Default true. */
  cache?: boolean;
}

/** Structured logger (pino-compatible subset). Config code passes names and counts, never values. */
export interface ConfigLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentConfigLogger: ConfigLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/**
 * ConfigService + SecretStore of the reference, as one object.
 * - `getConfig`: environment variable, then instance remote, then shared remote.
 * - `getSecret`: instance remote, then shared remote (environment NOT consulted).
 */
export interface ConfigService {
  getConfig(name: string, options?: ReadOptions): Promise<string | undefined>;
  getSecret(name: string, options?: ReadOptions): Promise<string | undefined>;
  /** Writes to the instance store (e.g. a refreshed token). */
  putSecret(name: string, value: string): Promise<void>;
  /** The process environment as seen by this service (for env-only properties). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Uncached: up to `limit` versions of a secret, newest first, from the instance store, else the
   * shared store (shared-token storage, api-mode 5.2). Optional for test doubles.
   */
  getSecretVersions?(name: string, limit: number): Promise<ValueVersion[]>;
  /** Takes the lock `lockId` (e.g. `OAUTH_REFRESH_TOKEN`) for `expiryMs`; false = not acquired. */
  acquireLock?(lockId: string, expiryMs: number): Promise<boolean>;
  releaseLock?(lockId: string): Promise<void>;
}

/**
 * A configuration backend failure. `transient` = the backend could not be reached after retries
 * (maps to 503 CONFIGURATION_FAILURE while building the outbound request).
 */
export class ConfigError extends Error {
  readonly code = "CONFIGURATION_FAILURE";
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConfigError";
  }
}
