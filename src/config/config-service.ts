/**
 * The ConfigService of api-mode spec 4.1: non-secret config from the environment, then the instance
 * remote scope, then the shared one; secrets from the instance scope, then the shared one (the
 * environment is NOT consulted for secrets, as in the reference). `createConfigService` (in
 * `create-config-service.ts`) picks the backends from the environment; `configServiceFromStores`
 * here wires given stores, which is what tests and embedders use.
 */
import {
  CachedStore,
  type CacheTiming,
  INSTANCE_TTL_MS,
  SHARED_TTL_MS,
  toConfigError,
} from "./cached-store.js";
import {
  ConfigError,
  type ConfigLogger,
  type ConfigService,
  type ReadOptions,
  type RemoteStore,
  silentConfigLogger,
  type ValueVersion,
} from "./types.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigServiceParts {
  env: Env;
  /** Remote scopes for getConfig, in lookup order (instance, shared). */
  config: CachedStore[];
  /** Remote scopes for getSecret, in lookup order (instance, shared). */
  secrets: CachedStore[];
  /** Where putSecret writes (the instance secret scope); absent = read-only. */
  write?: CachedStore;
  /** Store and prefix for locks (api-mode 5.13); absent = locks unsupported. */
  lock?: { store: RemoteStore; prefix: string };
  logger?: ConfigLogger;
  /** For logs and health output: which backends are in use (no values). */
  description?: ConfigDescription;
}

export interface ConfigDescription {
  /** e.g. "aws-ssm", "gcp-secret-manager", "local-file", "vault", "env". */
  configBackend: string;
  secretsBackend: string;
  instancePrefix: string;
  sharedPrefix: string;
}

export class PsoxyConfigService implements ConfigService {
  readonly env: Env;
  readonly description: ConfigDescription;
  private readonly parts: ConfigServiceParts;
  private readonly logger: ConfigLogger;

  constructor(parts: ConfigServiceParts) {
    this.parts = parts;
    this.env = parts.env;
    this.logger = parts.logger ?? silentConfigLogger;
    this.description = parts.description ?? {
      configBackend: parts.config[0]?.store.kind ?? "env",
      secretsBackend: parts.secrets[0]?.store.kind ?? "none",
      instancePrefix: parts.config[0]?.prefix ?? "",
      sharedPrefix: parts.config[1]?.prefix ?? "",
    };
  }

  async getConfig(name: string, options?: ReadOptions): Promise<string | undefined> {
    const fromEnv = this.env[name];
    if (fromEnv !== undefined) return fromEnv;
    return firstValue(this.parts.config, name, options);
  }

  async getSecret(name: string, options?: ReadOptions): Promise<string | undefined> {
    return firstValue(this.parts.secrets, name, options);
  }

  async putSecret(name: string, value: string): Promise<void> {
    const write = this.parts.write;
    if (!write) throw new ConfigError(`no writable secret store is configured; cannot store ${name}`, false);
    await write.put(name, value);
    this.logger.info({ store: write.store.kind, key: write.key(name) }, "config value stored");
  }

  async getSecretVersions(name: string, limit: number): Promise<ValueVersion[]> {
    for (const scope of this.parts.secrets) {
      const versions = await scope.getVersions(name, limit);
      if (versions.length > 0) return versions.slice(0, limit);
    }
    return [];
  }

  async acquireLock(lockId: string, expiryMs: number): Promise<boolean> {
    const lock = this.lockStore();
    const key = `${lock.prefix}${lockId}`;
    try {
      return await lock.store.acquireLock!(key, expiryMs);
    } catch (error) {
      throw toConfigError(error, lock.store.kind, key, "lock");
    }
  }

  async releaseLock(lockId: string): Promise<void> {
    const lock = this.lockStore();
    const key = `${lock.prefix}${lockId}`;
    try {
      await lock.store.releaseLock?.(key);
    } catch (error) {
      // Best effort: a lock that cannot be deleted expires by itself.
      this.logger.warn(
        { store: lock.store.kind, key, error: toConfigError(error, lock.store.kind, key, "unlock").message },
        "could not release lock",
      );
    }
  }

  private lockStore(): { store: RemoteStore; prefix: string } {
    const lock = this.parts.lock;
    if (!lock?.store.acquireLock) {
      throw new ConfigError(
        `the configured config store (${this.description.secretsBackend}) does not support locks`,
        false,
      );
    }
    return lock;
  }
}

async function firstValue(
  scopes: CachedStore[],
  name: string,
  options: ReadOptions | undefined,
): Promise<string | undefined> {
  for (const scope of scopes) {
    const value = await scope.get(name, options);
    if (value !== undefined) return value;
  }
  return undefined;
}

export interface StoresOptions extends CacheTiming {
  env: Env;
  /** Remote store for config (and secrets unless `secretsStore` is given). */
  store?: RemoteStore;
  /** A different store for secrets (AWS Secrets Manager next to SSM for config). */
  secretsStore?: RemoteStore;
  /** Store holding locks; default the config store (SSM also when secrets are in Secrets Manager). */
  lockStore?: RemoteStore;
  instancePrefix: string;
  sharedPrefix: string;
  /** A different pair of prefixes for `secretsStore` (default: the same). */
  secretsPrefixes?: { instance: string; shared: string };
  instanceTtlMs?: number;
  sharedTtlMs?: number;
  logger?: ConfigLogger;
  devMode?: boolean;
  description?: ConfigDescription;
}

/**
 * Wires stores into a ConfigService: an instance and a shared cached scope per store, reused
 * between config and secrets when they are the same store and prefix (one cache, as the reference
 * shares one decorated service on SSM and GCP).
 */
export function configServiceFromStores(options: StoresOptions): PsoxyConfigService {
  const timing: CacheTiming = {
    clock: options.clock,
    sleep: options.sleep,
    maxEntries: options.maxEntries,
    attempts: options.attempts,
    retryDelayMs: options.retryDelayMs,
  };
  const logger = options.logger ?? silentConfigLogger;
  const scopes = new Map<RemoteStore, Map<string, CachedStore>>();
  const scope = (store: RemoteStore, prefix: string, which: "instance" | "shared"): CachedStore => {
    let byPrefix = scopes.get(store);
    if (!byPrefix) scopes.set(store, (byPrefix = new Map()));
    const id = `${which}\u0000${prefix}`;
    let cached = byPrefix.get(id);
    if (!cached) {
      const ttlMs =
        which === "instance"
          ? (options.instanceTtlMs ?? INSTANCE_TTL_MS)
          : (options.sharedTtlMs ?? SHARED_TTL_MS);
      cached = new CachedStore(store, {
        ...timing,
        prefix,
        ttlMs,
        scope: which,
        logger,
        devMode: options.devMode,
      });
      byPrefix.set(id, cached);
    }
    return cached;
  };
  const pair = (store: RemoteStore, instance: string, shared: string): CachedStore[] => {
    const first = scope(store, instance, "instance");
    // Same store and same prefix: the shared lookup would read the same keys again.
    return instance === shared ? [first] : [first, scope(store, shared, "shared")];
  };

  const config = options.store ? pair(options.store, options.instancePrefix, options.sharedPrefix) : [];
  const secretsStore = options.secretsStore ?? options.store;
  const secretsPrefixes = options.secretsPrefixes ?? {
    instance: options.instancePrefix,
    shared: options.sharedPrefix,
  };
  const secrets = secretsStore ? pair(secretsStore, secretsPrefixes.instance, secretsPrefixes.shared) : [];
  const lockStore = options.lockStore ?? options.store;
  return new PsoxyConfigService({
    env: options.env,
    config,
    secrets,
    write: secrets[0],
    lock: lockStore ? { store: lockStore, prefix: options.instancePrefix } : undefined,
    logger,
    description: options.description,
  });
}
