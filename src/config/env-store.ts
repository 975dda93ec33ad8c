/**
 * A RemoteStore over an environment object: the key is the variable name. Used where a remote is
 * wanted without a backend (tests, `psoxy` commands run with everything in the environment).
 * Writes go to the given object, so they last as long as the process.
 */
import type { RemoteStore } from "./types.js";

export class EnvStore implements RemoteStore {
  readonly kind = "env";

  constructor(private readonly env: Record<string, string | undefined>) {}

  async get(key: string): Promise<string | undefined> {
    return this.env[key];
  }

  async put(key: string, value: string): Promise<void> {
    this.env[key] = value;
  }
}
