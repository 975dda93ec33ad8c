/**
 * An in-memory RemoteStore: for tests (it counts reads and writes and can be told to fail) and for
 * embedding the proxy with values supplied by code.
 */
import { ConfigError, type RemoteStore, type ValueVersion } from "./types.js";

export class MemoryStore implements RemoteStore {
  readonly kind: string;
  readonly values = new Map<string, string>();
  readonly history = new Map<string, ValueVersion[]>();
  /** Keys read, in order (for "served from cache" assertions). */
  readonly reads: string[] = [];
  readonly writes: string[] = [];
  /** When set, get/put throw it (e.g. a transient ConfigError). */
  failWith: Error | undefined;
  private readonly locks = new Map<string, number>();

  constructor(initial: Record<string, string> = {}, kind = "memory") {
    this.kind = kind;
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  /** Sets a value without counting it as a write. */
  set(key: string, value: string): void {
    this.values.set(key, value);
    const versions = this.history.get(key) ?? [];
    versions.unshift({ value, version: String(versions.length + 1), lastModified: Date.now() });
    this.history.set(key, versions);
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  async get(key: string): Promise<string | undefined> {
    this.reads.push(key);
    if (this.failWith) throw this.failWith;
    return this.values.get(key);
  }

  async put(key: string, value: string): Promise<void> {
    this.writes.push(key);
    if (this.failWith) throw this.failWith;
    this.set(key, value);
  }

  async getVersions(key: string, limit: number): Promise<ValueVersion[]> {
    if (this.failWith) throw this.failWith;
    return (this.history.get(key) ?? []).slice(0, limit);
  }

  async acquireLock(key: string, expiryMs: number): Promise<boolean> {
    const now = Date.now();
    const at = this.locks.get(key);
    if (at !== undefined && now - at < expiryMs) return false;
    this.locks.set(key, now);
    return true;
  }

  async releaseLock(key: string): Promise<void> {
    this.locks.delete(key);
  }

  /** A transient backend failure, as a store maps a 5xx or a refused connection. */
  static transient(message = "backend unavailable"): ConfigError {
    return new ConfigError(message, true);
  }
}
