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
}

/**
 * ConfigService + SecretStore of the reference, as one object.
 * - `getConfig`: environment variable, then instance remote, then shared remote.
 * - `getSecret`: instance remote, then shared remote (environment NOT consulted).
 */
export interface ConfigService {
  getConfig(name: string): Promise<string | undefined>;
  getSecret(name: string): Promise<string | undefined>;
  /** Writes to the instance store (e.g. a refreshed token). */
  putSecret(name: string, value: string): Promise<void>;
  /** The process environment as seen by this service (for env-only properties). */
  readonly env: Readonly<Record<string, string | undefined>>;
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
