/**
 * What every strategy needs besides its own logic: time, sleeps and randomness (injectable, so that
 * tests of the refresh windows and lock loop do not wait), the logger, and typed reads of the auth
 * properties with the sources of spec 5 (E = env only, E/R = env then remote config, S = secret store).
 */

import type { ConfigService } from "../config/types.js";
import { isBlank } from "../core/java/strings.js";
import { MissingAuthConfigError } from "./errors.js";
import { type AuthLogger, type AuthStrategyDeps, silentAuthLogger } from "./strategy.js";

export interface AuthRuntime {
  /** epoch millis */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** uniform in [0, 1) */
  random(): number;
  logger: AuthLogger;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function authRuntime(deps: AuthStrategyDeps): AuthRuntime {
  const o = deps.options ?? {};
  return {
    now: o.clock ?? Date.now,
    sleep: o.sleep ?? realSleep,
    random: o.random ?? Math.random,
    logger: deps.logger ?? silentAuthLogger,
  };
}

/** A uniform random integer in [min, max). */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min));
}

/**
 * Where a property is read from: `env` (E), `config` (E/R), `config+secret` (E/R, then S: CLIENT_ID and
 * ACCOUNT_ID, whose builders fall back to the secret store) or `secret` (S, then configuration, where
 * the reference's health check also looks and where GCP Terraform binds non-writable secrets as
 * environment variables).
 */
export type ReadFrom = "env" | "config" | "config+secret" | "secret";

/** Reads auth properties; blank values count as absent (a blank secret can never authenticate). */
export class AuthProperties {
  constructor(private readonly config: ConfigService) {}

  async get(name: string, from: ReadFrom): Promise<string | undefined> {
    const c = this.config;
    switch (from) {
      case "env":
        return present(c.env[name]);
      case "config":
        return present(await c.getConfig(name));
      case "config+secret":
        return present(await c.getConfig(name)) ?? present(await c.getSecret(name));
      case "secret":
        return present(await c.getSecret(name)) ?? present(await c.getConfig(name));
    }
  }

  /** The value, or MissingAuthConfigError (500 CONNECTION_SETUP). */
  async require(name: string, from: ReadFrom): Promise<string> {
    const value = await this.get(name, from);
    if (value === undefined) throw new MissingAuthConfigError(name);
    return value;
  }
}

function present(value: string | undefined): string | undefined {
  return value === undefined || isBlank(value) ? undefined : value;
}
