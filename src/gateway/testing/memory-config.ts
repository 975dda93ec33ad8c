/**
 * An in-memory ConfigService for tests: environment, remote config and secrets as plain maps, plus
 * injectable failures (a `ConfigError` thrown for a name) and a record of the names read.
 */
import { ConfigError, type ConfigService } from "../../config/types.js";

export interface MemoryConfigInit {
  env?: Record<string, string | undefined>;
  /** remote (non-env) configuration values */
  config?: Record<string, string>;
  secrets?: Record<string, string>;
}

export class MemoryConfigService implements ConfigService {
  readonly env: Record<string, string | undefined>;
  readonly remote: Map<string, string>;
  readonly secrets: Map<string, string>;
  /** names whose reads throw the given error */
  readonly failures = new Map<string, ConfigError>();
  /** every name read, in order (`config:NAME` / `secret:NAME`) */
  readonly reads: string[] = [];

  constructor(init: MemoryConfigInit = {}) {
    this.env = { ...init.env };
    this.remote = new Map(Object.entries(init.config ?? {}));
    this.secrets = new Map(Object.entries(init.secrets ?? {}));
  }

  /** Makes reads of `name` fail (transient by default) until `clearFailure`. */
  fail(name: string, transient = true): this {
    this.failures.set(name, new ConfigError(`backend unavailable reading ${name}`, transient));
    return this;
  }

  clearFailure(name: string): this {
    this.failures.delete(name);
    return this;
  }

  async getConfig(name: string): Promise<string | undefined> {
    this.reads.push(`config:${name}`);
    const failure = this.failures.get(name);
    if (failure) throw failure;
    return this.env[name] ?? this.remote.get(name);
  }

  async getSecret(name: string): Promise<string | undefined> {
    this.reads.push(`secret:${name}`);
    const failure = this.failures.get(name);
    if (failure) throw failure;
    return this.secrets.get(name);
  }

  async putSecret(name: string, value: string): Promise<void> {
    this.secrets.set(name, value);
  }
}
