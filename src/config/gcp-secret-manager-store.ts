/**
 * GCP Secret Manager as a RemoteStore (config and secrets on GCP), one secret per key in the
 * function's project. Uses the official client over its REST transport (`fallback: true`): no
 * gRPC channel to set up on a cold start, and tests can point it at a loopback HTTP server.
 * - read (spec 4.3): if the secret has the label `latest-version=<n>`, version n is read, falling
 *   back to `latest` when that version is missing or no longer enabled; without the label (or when
 *   the metadata read is denied) `latest` is read. Not found / permission denied / other 4xx ->
 *   absent, as in the reference. DEVIATION: 5xx, 429 and network failures are transient errors
 *   here (the reference swallows them as absent); the cache then retries them and keeps old values.
 * - write (spec 5.13): AddSecretVersion, set `latest-version=<n>` (other labels kept, etag-guarded),
 *   destroy the other ENABLED versions (one page of 20), then, best effort, DISABLED versions older
 *   than 7 days.
 * - lock (spec 5.13): label `locked=<epochMillis>` on the pre-existing secret `<key>`, set with an
 *   etag-guarded update when absent or older than the expiry; release removes it.
 */
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { PassThroughClient } from "google-auth-library";
import {
  ConfigError,
  type ConfigLogger,
  type RemoteStore,
  silentConfigLogger,
  type ValueVersion,
} from "./types.js";

export const VERSION_LABEL = "latest-version";
export const LOCK_LABEL = "locked";
const PAGE_OF_VERSIONS = 20;
const DAY_MS = 24 * 60 * 60_000;

export interface GcpSecretManagerStoreOptions {
  /** Project holding the secrets; default GOOGLE_CLOUD_PROJECT / GCP_PROJECT / the client's own discovery. */
  projectId?: string;
  /** e.g. `http://127.0.0.1:8085` (an emulator or a test server); default the public endpoint. */
  endpoint?: string;
  /** No credentials at all: for an emulator or a loopback test server. */
  anonymous?: boolean;
  /** A ready client (overrides endpoint and anonymous). */
  client?: SecretManagerServiceClient;
  logger?: ConfigLogger;
  /** IS_DEVELOPMENT_MODE: log why reads came back absent (names and codes only). */
  devMode?: boolean;
  /** Epoch millis (locks, cleanup of old versions); default Date.now. */
  clock?: () => number;
  /** Environment for the project id; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Per call (default 10 s), so a hung backend fails as transient instead of hanging. */
  requestTimeoutMs?: number;
}

type Classification = "not-found" | "denied" | "absent" | "transient";

export class GcpSecretManagerStore implements RemoteStore {
  readonly kind = "gcp-secret-manager";
  readonly client: SecretManagerServiceClient;
  private readonly logger: ConfigLogger;
  private readonly devMode: boolean;
  private readonly clock: () => number;
  private projectId: Promise<string> | undefined;
  /**
   * gax call options: its timeout (honoured by gRPC; the REST transport ignores it, hence `timed`).
   * gax's own retries only match gRPC codes, which REST errors (HTTP statuses) never carry, so the
   * cache's attempts are the only retries.
   */
  private readonly call: { timeout: number };

  constructor(options: GcpSecretManagerStoreOptions = {}) {
    this.client = options.client ?? new SecretManagerServiceClient(clientOptions(options));
    this.logger = options.logger ?? silentConfigLogger;
    this.devMode = options.devMode ?? false;
    this.clock = options.clock ?? Date.now;
    this.call = { timeout: options.requestTimeoutMs ?? 10_000 };
    const env = options.env ?? process.env;
    const known = options.projectId ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCP_PROJECT ?? env.GCLOUD_PROJECT;
    if (known) this.projectId = Promise.resolve(known);
  }

  async get(key: string): Promise<string | undefined> {
    const secret = await this.secretName(key);
    let version = "latest";
    try {
      const [metadata] = await this.timed(this.client.getSecret({ name: secret }, this.call));
      const label = metadata.labels?.[VERSION_LABEL];
      if (label && label.trim() !== "") version = label;
    } catch (error) {
      const kind = classify(error);
      if (kind === "transient") throw this.transient("read", key, error);
      if (kind !== "denied") return this.absent(key, error);
      // A read-only accessor role cannot read metadata: read `latest` directly.
    }
    try {
      return await this.access(`${secret}/versions/${version}`);
    } catch (error) {
      const kind = classify(error);
      if (kind === "transient") throw this.transient("read", key, error);
      if (version === "latest") return this.absent(key, error);
      // The label points at a version that is gone (e.g. a manual rotation did not move it).
      this.logger.warn({ key, label: VERSION_LABEL }, "labelled secret version not readable; reading latest");
      try {
        return await this.access(`${secret}/versions/latest`);
      } catch (fallbackError) {
        if (classify(fallbackError) === "transient") throw this.transient("read", key, fallbackError);
        return this.absent(key, fallbackError);
      }
    }
  }

  async put(key: string, value: string): Promise<void> {
    const secret = await this.secretName(key);
    let added: { name?: string | null; createTime?: unknown };
    try {
      [added] = await this.timed(
        this.client.addSecretVersion(
          {
            parent: secret,
            payload: { data: Buffer.from(value, "utf8") },
          },
          this.call,
        ),
      );
    } catch (error) {
      throw this.writeError("write", key, error);
    }
    const versionName = added.name ?? "";
    const versionId = versionName.split("/").pop() ?? "";
    this.logger.info({ key, version: versionId }, "stored secret version");
    try {
      await this.setLabel(secret, VERSION_LABEL, versionId);
    } catch (error) {
      // Old versions stay, so readers following the old label still get a working (older) value.
      throw this.writeError(`label ${VERSION_LABEL} of`, key, error);
    }
    await this.destroyOtherEnabled(secret, versionName);
    await this.destroyOldDisabled(secret, added.createTime);
  }

  async getVersions(key: string, limit: number): Promise<ValueVersion[]> {
    const secret = await this.secretName(key);
    let versions: Array<{ name?: string | null; createTime?: unknown }>;
    try {
      [versions] = await this.timed(
        this.client.listSecretVersions(
          { parent: secret, filter: "state:ENABLED", pageSize: Math.max(limit, PAGE_OF_VERSIONS) },
          { ...this.call, autoPaginate: false },
        ),
      );
    } catch (error) {
      if (classify(error) === "transient") throw this.transient("list versions of", key, error);
      return [];
    }
    const sorted = versions
      .map((v) => ({ name: v.name ?? "", number: versionNumber(v.name), created: epochMillis(v.createTime) }))
      .sort((a, b) => b.number - a.number || (b.created ?? 0) - (a.created ?? 0))
      .slice(0, limit);
    const result: ValueVersion[] = [];
    for (const v of sorted) {
      try {
        const value = await this.access(v.name);
        if (value !== undefined) {
          result.push({ value, version: v.name.split("/").pop(), lastModified: v.created });
        }
      } catch (error) {
        this.logger.warn(
          { key, version: v.name.split("/").pop(), error: errorCode(error) },
          "cannot read version",
        );
      }
    }
    return result;
  }

  async acquireLock(key: string, expiryMs: number): Promise<boolean> {
    const secret = await this.secretName(key);
    try {
      const [metadata] = await this.timed(this.client.getSecret({ name: secret }, this.call));
      const lockedAt = Number(metadata.labels?.[LOCK_LABEL] ?? Number.NaN);
      const now = this.clock();
      if (Number.isFinite(lockedAt) && lockedAt >= now - expiryMs) return false;
      if (Number.isFinite(lockedAt)) this.logger.warn({ key }, "lock is stale; taking it over");
      // The etag makes the update fail if someone else changed the labels since our read.
      await this.timed(
        this.client.updateSecret(
          {
            secret: {
              name: secret,
              labels: { ...metadata.labels, [LOCK_LABEL]: String(now) },
              etag: metadata.etag,
            },
            updateMask: { paths: ["labels"] },
          },
          this.call,
        ),
      );
      return true;
    } catch (error) {
      const kind = classify(error);
      if (kind === "not-found") {
        this.logger.error({ key }, "lock secret does not exist; Terraform should have created it");
      } else if (kind !== "absent") {
        this.logger.error({ key, error: errorCode(error) }, "could not acquire lock");
      }
      return false;
    }
  }

  async releaseLock(key: string): Promise<void> {
    const secret = await this.secretName(key);
    try {
      const [metadata] = await this.timed(this.client.getSecret({ name: secret }, this.call));
      const labels = { ...metadata.labels };
      delete labels[LOCK_LABEL];
      await this.timed(
        this.client.updateSecret(
          {
            secret: { name: secret, labels, etag: metadata.etag },
            updateMask: { paths: ["labels"] },
          },
          this.call,
        ),
      );
    } catch (error) {
      this.logger.error({ key, error: errorCode(error) }, "could not release lock");
    }
  }

  private async access(versionName: string): Promise<string | undefined> {
    const [response] = await this.timed(this.client.accessSecretVersion({ name: versionName }, this.call));
    const data = response.payload?.data;
    if (data === undefined || data === null) return undefined;
    return typeof data === "string"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data).toString("utf8");
  }

  private async setLabel(secret: string, label: string, value: string): Promise<void> {
    const [metadata] = await this.timed(this.client.getSecret({ name: secret }, this.call));
    await this.timed(
      this.client.updateSecret(
        {
          secret: { name: secret, labels: { ...metadata.labels, [label]: value }, etag: metadata.etag },
          updateMask: { paths: ["labels"] },
        },
        this.call,
      ),
    );
  }

  private async destroyOtherEnabled(secret: string, keep: string): Promise<void> {
    try {
      const [enabled] = await this.timed(
        this.client.listSecretVersions(
          { parent: secret, filter: "state:ENABLED", pageSize: PAGE_OF_VERSIONS },
          { ...this.call, autoPaginate: false },
        ),
      );
      for (const version of enabled) {
        if (version.name && version.name !== keep) {
          await this.timed(this.client.destroySecretVersion({ name: version.name }, this.call));
        }
      }
    } catch (error) {
      this.logger.error(
        { secret: lastSegment(secret), error: errorCode(error) },
        "could not destroy old versions",
      );
    }
  }

  private async destroyOldDisabled(secret: string, createTime: unknown): Promise<void> {
    const created = epochMillis(createTime) ?? this.clock();
    // GCP's filter rejects a full RFC 3339 timestamp here; a date works (as in the reference).
    const until = new Date(created - 7 * DAY_MS).toISOString().slice(0, 10);
    try {
      const [disabled] = await this.timed(
        this.client.listSecretVersions(
          { parent: secret, filter: `state:DISABLED AND create_time < ${until}`, pageSize: PAGE_OF_VERSIONS },
          { ...this.call, autoPaginate: false },
        ),
      );
      for (const version of disabled) {
        if (version.name)
          await this.timed(this.client.destroySecretVersion({ name: version.name }, this.call));
      }
    } catch (error) {
      this.logger.warn(
        { secret: lastSegment(secret), error: errorCode(error) },
        "could not destroy disabled versions",
      );
    }
  }

  /** The call, or a TimeoutError (no status: classified transient) after the request timeout. */
  private timed<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Object.assign(new Error(`no answer within ${this.call.timeout} ms`), {
              name: "TimeoutError",
              code: "ETIMEDOUT",
            }),
          ),
        this.call.timeout,
      );
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  private secretName(key: string): Promise<string> {
    this.projectId ??= this.client.getProjectId().catch((error: unknown) => {
      this.projectId = undefined;
      throw new ConfigError("cannot determine the GCP project; set GOOGLE_CLOUD_PROJECT", true, {
        cause: error,
      });
    });
    return this.projectId.then((project) => `projects/${project}/secrets/${key}`);
  }

  private absent(key: string, error: unknown): undefined {
    if (this.devMode)
      this.logger.debug({ key, error: errorCode(error) }, "secret not readable; treated as absent");
    return undefined;
  }

  private transient(action: string, key: string, error: unknown): ConfigError {
    return new ConfigError(`${this.kind}: could not ${action} ${key}: ${errorCode(error)}`, true, {
      cause: error,
    });
  }

  private writeError(action: string, key: string, error: unknown): ConfigError {
    const transient = classify(error) === "transient";
    return new ConfigError(`${this.kind}: could not ${action} ${key}: ${errorCode(error)}`, transient, {
      cause: error,
    });
  }
}

type ClientOptions = NonNullable<ConstructorParameters<typeof SecretManagerServiceClient>[0]>;

function clientOptions(options: GcpSecretManagerStoreOptions): ClientOptions {
  const result: ClientOptions & { protocol?: string } = { fallback: true };
  if (options.endpoint) {
    const url = new URL(options.endpoint);
    result.apiEndpoint = url.hostname;
    result.protocol = url.protocol.replace(":", "");
    result.port = url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
  }
  if (options.anonymous) result.authClient = new PassThroughClient();
  if (options.projectId) result.projectId = options.projectId;
  return result;
}

const GRPC_NOT_FOUND = 5;
const GRPC_PERMISSION_DENIED = 7;
const GRPC_TRANSIENT = new Set([2, 4, 8, 10, 13, 14]); // UNKNOWN DEADLINE RESOURCE_EXHAUSTED ABORTED INTERNAL UNAVAILABLE

/** Errors of the REST transport carry the HTTP status as `code`; gRPC ones a code below 100. */
function classify(error: unknown): Classification {
  const e = error as { code?: unknown; status?: unknown } | undefined;
  const code = e?.code;
  const status =
    typeof e?.status === "number" ? e.status : typeof code === "number" && code >= 100 ? code : undefined;
  if (status !== undefined) {
    if (status === 404) return "not-found";
    if (status === 403 || status === 401) return "denied";
    if (status >= 500 || status === 429 || status === 408) return "transient";
    return "absent";
  }
  if (typeof code === "number") {
    if (code === GRPC_NOT_FOUND) return "not-found";
    if (code === GRPC_PERMISSION_DENIED) return "denied";
    return GRPC_TRANSIENT.has(code) ? "transient" : "absent";
  }
  // No status at all: the request never got an answer (refused, reset, DNS, timeout).
  return "transient";
}

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  return `${typeof e?.name === "string" ? e.name : "Error"}${e?.code !== undefined ? ` ${String(e.code)}` : ""}`;
}

function versionNumber(name: string | null | undefined): number {
  const n = Number(name?.split("/").pop());
  return Number.isInteger(n) ? n : -1;
}

function epochMillis(timestamp: unknown): number | undefined {
  const t = timestamp as { seconds?: unknown; nanos?: unknown } | null | undefined;
  if (!t || t.seconds === undefined || t.seconds === null) return undefined;
  const raw = t.seconds as { toNumber?: () => number };
  const seconds = typeof raw.toNumber === "function" ? raw.toNumber() : Number(t.seconds);
  if (!Number.isFinite(seconds)) return undefined;
  return seconds * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6);
}

function lastSegment(name: string): string {
  return name.split("/").pop() ?? name;
}
