/**
 * One remote scope (a store plus a key prefix) behind the cache of api-mode spec 4.3:
 * - TTL per scope (instance 5 min, shared 20 min), at most 100 entries (least recently used out),
 *   absent values cached too;
 * - first load: up to 3 attempts 500 ms apart on transient errors, then a transient ConfigError
 *   (not cached); hard errors (e.g. SSM throttling after the SDK's retries) are thrown at once;
 * - after the TTL the next access reloads (one attempt, shared by concurrent callers); a transient
 *   or hard error, or a value that is now absent but was present, keeps the old value another TTL;
 * - writes update the cache, then the backend.
 * The clock and the retry sleep are injectable so tests need not wait.
 */
import {
  ConfigError,
  type ConfigLogger,
  type RemoteStore,
  silentConfigLogger,
  type ValueVersion,
} from "./types.js";

export const INSTANCE_TTL_MS = 5 * 60_000;
export const SHARED_TTL_MS = 20 * 60_000;
export const MAX_CACHE_ENTRIES = 100;
export const LOAD_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 500;

/** Time and retry knobs shared by every cached scope (defaults = the reference's values). */
export interface CacheTiming {
  /** Epoch millis; default Date.now. */
  clock?: () => number;
  /** Wait between attempts; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  maxEntries?: number;
  attempts?: number;
  retryDelayMs?: number;
}

export interface CachedStoreOptions extends CacheTiming {
  /** Prepended to every property name to form the remote key. */
  prefix: string;
  ttlMs: number;
  /** For logs only: "instance" or "shared". */
  scope: string;
  logger?: ConfigLogger;
  /** IS_DEVELOPMENT_MODE: also log lookup misses (names only). */
  devMode?: boolean;
}

interface Entry {
  value: string | undefined;
  loadedAt: number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CachedStore {
  readonly prefix: string;
  readonly scope: string;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxEntries: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly logger: ConfigLogger;
  private readonly devMode: boolean;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string | undefined>>();
  /** Bumped by each write, so a load that started before the write does not overwrite it. */
  private readonly generations = new Map<string, number>();

  constructor(
    readonly store: RemoteStore,
    options: CachedStoreOptions,
  ) {
    this.prefix = options.prefix;
    this.scope = options.scope;
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.maxEntries = options.maxEntries ?? MAX_CACHE_ENTRIES;
    this.attempts = Math.max(1, options.attempts ?? LOAD_ATTEMPTS);
    this.retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
    this.logger = options.logger ?? silentConfigLogger;
    this.devMode = options.devMode ?? false;
  }

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** The value of `name` in this scope; `cache: false` reads the backend (with retries) every time. */
  async get(name: string, options?: { cache?: boolean }): Promise<string | undefined> {
    const key = this.key(name);
    if (options?.cache === false) return this.loadWithRetries(key);
    const entry = this.entries.get(key);
    if (entry && this.clock() - entry.loadedAt < this.ttlMs) {
      this.touch(key, entry);
      return entry.value;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const load = entry ? this.refresh(key, entry) : this.firstLoad(key);
    this.inflight.set(key, load);
    try {
      return await load;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Writes `name`: the cache first, then the backend (a backend failure is thrown). */
  async put(name: string, value: string): Promise<void> {
    const key = this.key(name);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.remember(key, value);
    try {
      await this.store.put(key, value);
    } catch (error) {
      const e = toConfigError(error, this.store.kind, key, "write");
      this.logger.error(
        { store: this.store.kind, key, transient: e.transient },
        "could not write config value",
      );
      throw e;
    }
  }

  /** Uncached version listing; stores without history give the current value as one version. */
  async getVersions(name: string, limit: number): Promise<ValueVersion[]> {
    const key = this.key(name);
    if (this.store.getVersions) {
      try {
        return await this.store.getVersions(key, limit);
      } catch (error) {
        throw toConfigError(error, this.store.kind, key, "list versions of");
      }
    }
    const value = await this.loadWithRetries(key);
    return value === undefined ? [] : [{ value }];
  }

  /** Drops every cached entry (tests, or an explicit reload). */
  clear(): void {
    this.entries.clear();
  }

  private async firstLoad(key: string): Promise<string | undefined> {
    const generation = this.generations.get(key);
    const value = await this.loadWithRetries(key);
    if (value === undefined && this.devMode) {
      this.logger.debug({ store: this.store.kind, scope: this.scope, key }, "no value in config store");
    }
    if (this.generations.get(key) === generation) this.remember(key, value);
    return this.entries.get(key)?.value ?? value;
  }

  private async refresh(key: string, old: Entry): Promise<string | undefined> {
    const generation = this.generations.get(key);
    let value: string | undefined;
    try {
      value = await this.store.get(key);
    } catch (error) {
      const e = toConfigError(error, this.store.kind, key, "read");
      this.logger.warn(
        { store: this.store.kind, scope: this.scope, key, transient: e.transient },
        "config refresh failed; keeping the cached value",
      );
      value = old.value;
    }
    if (value === undefined && old.value !== undefined) {
      // The reference assumes a vanished value is a transient failure (a delete needs a restart).
      this.logger.warn(
        { store: this.store.kind, scope: this.scope, key },
        "config value vanished; keeping it",
      );
      value = old.value;
    }
    if (this.generations.get(key) === generation) this.remember(key, value);
    return this.entries.get(key)?.value ?? value;
  }

  private async loadWithRetries(key: string): Promise<string | undefined> {
    let last: ConfigError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        return await this.store.get(key);
      } catch (error) {
        const e = toConfigError(error, this.store.kind, key, "read");
        if (!e.transient) {
          this.logger.error({ store: this.store.kind, scope: this.scope, key }, "config read failed");
          throw e;
        }
        last = e;
        this.logger.warn(
          { store: this.store.kind, scope: this.scope, key, attempt, of: this.attempts },
          "transient config backend failure",
        );
        if (attempt < this.attempts) await this.sleep(this.retryDelayMs);
      }
    }
    throw new ConfigError(
      `${this.store.kind}: could not read ${key} after ${this.attempts} attempts (${last?.message ?? "unknown error"})`,
      true,
      { cause: last },
    );
  }

  private remember(key: string, value: string | undefined): void {
    this.entries.delete(key);
    this.entries.set(key, { value, loadedAt: this.clock() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}

/**
 * Wraps what a store threw: a ConfigError passes through; anything else (a store that did not map
 * its error, a network TypeError) counts as transient. The message names the key, never a value.
 */
export function toConfigError(error: unknown, kind: string, key: string, action: string): ConfigError {
  if (error instanceof ConfigError) return error;
  return new ConfigError(
    `${kind}: could not ${action} ${key}: ${safeErrorDetail(error, action === "read")}`,
    true,
    {
      cause: error,
    },
  );
}

/**
 * What an error may show in a message or a log: its name and code, plus its message for reads.
 * Backend messages about a write can echo the value (AWS validation errors quote it), so not those.
 */
export function safeErrorDetail(error: unknown, withMessage: boolean): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const parts = [error.name];
  if (typeof code === "string" || typeof code === "number") parts.push(String(code));
  if (withMessage && error.message) parts.push(error.message);
  return parts.join(": ");
}
