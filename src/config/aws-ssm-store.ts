/**
 * AWS SSM Parameter Store as a RemoteStore (config and, by default, secrets on AWS).
 * - read: GetParameter WithDecryption; the Terraform placeholder `fill me` counts as absent;
 *   ParameterNotFound / access denied -> absent, throttling -> hard error, other -> transient.
 * - write (token write-back): PutParameter SecureString, Overwrite.
 * - versions (shared token): GetParameterHistory, all pages, newest first (the reference reads only
 *   the first page, which can miss the newest versions; spec 5.2 recommends reading the newest).
 * - lock (spec 5.13): parameter `<key>_lock` = `locked_<epochMillis>`, created with Overwrite=false,
 *   read back after 100-300 ms; an existing lock older than the expiry is deleted (still "not
 *   acquired": the caller retries). Release = delete.
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  type ParameterHistory,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import {
  type AwsClientOptions,
  awsConfigError,
  errorName,
  isAccessDenied,
  sdkClientConfig,
} from "./aws-common.js";
import { realSleep } from "./cached-store.js";
import { type ConfigLogger, type RemoteStore, silentConfigLogger, type ValueVersion } from "./types.js";

/** Terraform's value for a parameter the proxy (or a person) fills in later. */
export const SSM_PLACEHOLDER = "fill me";

/** The SDK retries 4 times (5 attempts), as the reference's client does. */
export const SSM_DEFAULT_MAX_ATTEMPTS = 5;

const NOT_FOUND = new Set(["ParameterNotFound", "ParameterVersionNotFound"]);

export interface AwsSsmStoreOptions extends AwsClientOptions {
  /** A ready client (overrides the connection options). */
  client?: SSMClient;
  logger?: ConfigLogger;
  /** Epoch millis (lock values and staleness); default Date.now. */
  clock?: () => number;
  /** The 100-300 ms pause of the lock protocol; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class AwsSsmStore implements RemoteStore {
  readonly kind = "aws-ssm";
  readonly client: SSMClient;
  private readonly logger: ConfigLogger;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: AwsSsmStoreOptions = {}) {
    this.client = options.client ?? new SSMClient(sdkClientConfig(options, SSM_DEFAULT_MAX_ATTEMPTS));
    this.logger = options.logger ?? silentConfigLogger;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: key, WithDecryption: true }));
      const value = output.Parameter?.Value;
      if (value === SSM_PLACEHOLDER) {
        this.logger.info({ key }, "placeholder value in SSM; treated as absent");
        return undefined;
      }
      return value;
    } catch (error) {
      if (NOT_FOUND.has(errorName(error)) || isAccessDenied(error)) return undefined;
      throw awsConfigError(this.kind, "read", key, error);
    }
  }

  async put(key: string, value: string): Promise<void> {
    try {
      // Type is required when the parameter does not exist yet.
      const output = await this.client.send(
        new PutParameterCommand({ Name: key, Value: value, Type: "SecureString", Overwrite: true }),
      );
      this.logger.info({ key, version: output.Version }, "stored SSM parameter");
    } catch (error) {
      throw awsConfigError(this.kind, "write", key, error);
    }
  }

  async getVersions(key: string, limit: number): Promise<ValueVersion[]> {
    const history: ParameterHistory[] = [];
    try {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new GetParameterHistoryCommand({
            Name: key,
            WithDecryption: true,
            MaxResults: 50,
            NextToken: nextToken,
          }),
        );
        history.push(...(page.Parameters ?? []));
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      if (NOT_FOUND.has(errorName(error)) || isAccessDenied(error)) return [];
      throw awsConfigError(this.kind, "list versions of", key, error);
    }
    return history
      .filter((p) => p.Value !== undefined && p.Value !== SSM_PLACEHOLDER)
      .sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
      .slice(0, limit)
      .map((p) => ({
        value: p.Value as string,
        version: p.Version === undefined ? undefined : String(p.Version),
        lastModified: p.LastModifiedDate?.getTime(),
      }));
  }

  async acquireLock(key: string, expiryMs: number): Promise<boolean> {
    const name = `${key}_lock`;
    const lockValue = `locked_${this.clock()}`;
    try {
      await this.client.send(
        new PutParameterCommand({ Name: name, Value: lockValue, Type: "String", Overwrite: false }),
      );
    } catch (error) {
      if (errorName(error) !== "ParameterAlreadyExists") {
        this.logger.error({ key: name, error: errorName(error) }, "could not acquire lock");
        return false;
      }
      await this.clearIfStale(name, expiryMs);
      return false;
    }
    // Two writers racing on a just-deleted parameter may both succeed: the last one wins.
    await this.sleep(100 + Math.floor(this.random() * 200));
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: name }));
      return output.Parameter?.Value === lockValue;
    } catch (error) {
      this.logger.error({ key: name, error: errorName(error) }, "could not read back lock");
      return false;
    }
  }

  async releaseLock(key: string): Promise<void> {
    const name = `${key}_lock`;
    try {
      await this.client.send(new DeleteParameterCommand({ Name: name }));
    } catch (error) {
      // A lock that cannot be deleted goes stale and is cleared by the next acquirer.
      const level = NOT_FOUND.has(errorName(error)) ? "warn" : "error";
      this.logger[level]({ key: name, error: errorName(error) }, "could not release lock");
    }
  }

  private async clearIfStale(name: string, expiryMs: number): Promise<void> {
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: name }));
      const lockedAt = output.Parameter?.LastModifiedDate?.getTime();
      if (lockedAt !== undefined && lockedAt < this.clock() - expiryMs) {
        this.logger.warn({ key: name }, "lock is stale; removing it");
        await this.client.send(new DeleteParameterCommand({ Name: name }));
      }
    } catch (error) {
      this.logger.error({ key: name, error: errorName(error) }, "could not check lock");
    }
  }
}
