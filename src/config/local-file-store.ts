/**
 * A RemoteStore kept in a local JSON file (`psoxy serve` on a workstation): one object of remote
 * key -> value. On first use the file is created (directory 0700, file 0600) holding a fresh
 * crypto-random PSOXY_SALT and PSOXY_ENCRYPTION_KEY, so a local proxy works out of the box and keeps
 * its pseudonyms stable across restarts. Writes (refreshed tokens) are atomic: a temp file in the
 * same directory, then rename. A file that is not a JSON object of strings is reported with its
 * path and never overwritten.
 */
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError, type ConfigLogger, type RemoteStore, silentConfigLogger } from "./types.js";

export const DEFAULT_SECRETS_FILE = ".psoxy/secrets.json";

/** Keys generated into a new file: both are what a proxy needs before anything else. */
export const GENERATED_KEYS = ["PSOXY_SALT", "PSOXY_ENCRYPTION_KEY"] as const;

export interface LocalFileStoreOptions {
  /** Default `.psoxy/secrets.json`, relative to the working directory. */
  path?: string;
  /** Names to fill with fresh random values when the file is created (default GENERATED_KEYS). */
  generatedKeys?: readonly string[];
  logger?: ConfigLogger;
  /** Epoch millis for lock expiry; default Date.now. */
  clock?: () => number;
}

/** 32 crypto-random bytes, base64url: what the Terraform modules generate for salts and keys. */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

export class LocalFileStore implements RemoteStore {
  readonly kind = "local-file";
  readonly path: string;
  private readonly generatedKeys: readonly string[];
  private readonly logger: ConfigLogger;
  private readonly clock: () => number;
  /** Serializes read-modify-write cycles of this process. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly locks = new Map<string, number>();
  private readonly lockStamps = new Map<string, string>();
  private permissionsChecked = false;

  constructor(options: LocalFileStoreOptions = {}) {
    this.path = resolve(options.path ?? DEFAULT_SECRETS_FILE);
    this.generatedKeys = options.generatedKeys ?? GENERATED_KEYS;
    this.logger = options.logger ?? silentConfigLogger;
    this.clock = options.clock ?? Date.now;
  }

  async get(key: string): Promise<string | undefined> {
    const values = await this.serialized(() => this.load());
    return Object.hasOwn(values, key) ? values[key] : undefined;
  }

  async put(key: string, value: string): Promise<void> {
    await this.serialized(async () => {
      const values = await this.load();
      values[key] = value;
      await this.writeAtomically(values);
    });
  }

  /**
   * Lock shared by every process using this secrets file (two `psoxy serve` on one file): a lock file
   * `<secrets file>.<key>.lock` created exclusively (O_EXCL), holding the time it was taken. A lock
   * older than `expiryMs` is removed and reported as not acquired, so the caller retries, as with the
   * reference's SSM lock parameter.
   */
  async acquireLock(key: string, expiryMs: number): Promise<boolean> {
    const now = this.clock();
    const lockedAt = this.locks.get(key);
    if (lockedAt !== undefined && now - lockedAt < expiryMs) return false;
    const file = this.lockFile(key);
    const stamp = `${now} ${process.pid} ${randomBytes(6).toString("hex")}`;
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, stamp, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw this.writeError(error);
      const held = await readFile(file, "utf8").catch(() => "");
      const heldAt = Number.parseInt(held.split(" ")[0] ?? "", 10);
      if (!Number.isFinite(heldAt) || now - heldAt >= expiryMs) await unlink(file).catch(() => undefined);
      return false;
    }
    this.locks.set(key, now);
    this.lockStamps.set(key, stamp);
    return true;
  }

  async releaseLock(key: string): Promise<void> {
    this.locks.delete(key);
    const stamp = this.lockStamps.get(key);
    this.lockStamps.delete(key);
    if (stamp === undefined) return;
    const file = this.lockFile(key);
    // remove the lock file only if it is still ours (it may have expired and been taken by another process)
    const held = await readFile(file, "utf8").catch(() => undefined);
    if (held === stamp) await unlink(file).catch(() => undefined);
  }

  private lockFile(key: string): string {
    return `${this.path}.${key.replace(/[^A-Za-z0-9_.-]/g, "_")}.lock`;
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The file's values, creating the file first when it does not exist. */
  private async load(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new ConfigError(`cannot read secrets file ${this.path}: ${(error as Error).message}`, false, {
          cause: error,
        });
      }
      return this.create();
    }
    await this.checkPermissions();
    return this.parse(text);
  }

  private parse(text: string): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(
        `secrets file ${this.path} is not valid JSON (${(error as Error).message}); fix or remove it (it is never overwritten)`,
        false,
        { cause: error },
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ConfigError(
        `secrets file ${this.path} must hold a JSON object of property name -> string value; fix or remove it`,
        false,
      );
    }
    const values: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== "string") {
        throw new ConfigError(`secrets file ${this.path}: the value of ${key} must be a string`, false);
      }
      values[key] = value;
    }
    return values;
  }

  private async create(): Promise<Record<string, string>> {
    const values: Record<string, string> = Object.create(null);
    for (const key of this.generatedKeys) values[key] = generateSecret();
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = await this.writeTemp(values);
    try {
      // link() fails when the file appeared meanwhile (another process): then use that one.
      await link(temp, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw this.writeError(error);
      return this.parse(await readFile(this.path, "utf8"));
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    this.permissionsChecked = true;
    this.logger.info(
      { file: this.path, generated: [...this.generatedKeys] },
      "created local secrets file with generated values",
    );
    return values;
  }

  private async writeAtomically(values: Record<string, string>): Promise<void> {
    const temp = await this.writeTemp(values);
    try {
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.writeError(error);
    }
  }

  private async writeTemp(values: Record<string, string>): Promise<string> {
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      // The umask may have narrowed the mode further, never widened it; make it exact.
      await chmod(temp, 0o600);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.writeError(error);
    }
    return temp;
  }

  private writeError(error: unknown): ConfigError {
    return new ConfigError(`cannot write secrets file ${this.path}: ${(error as Error).message}`, false, {
      cause: error,
    });
  }

  private async checkPermissions(): Promise<void> {
    if (this.permissionsChecked || process.platform === "win32") return;
    this.permissionsChecked = true;
    try {
      const info = await stat(this.path);
      if (info.mode & (fsConstants.S_IRWXG | fsConstants.S_IRWXO)) {
        this.logger.warn(
          { file: this.path, mode: (info.mode & 0o777).toString(8) },
          "secrets file is readable by other users; chmod 600 it",
        );
      }
    } catch {
      // Only a hint.
    }
  }
}
