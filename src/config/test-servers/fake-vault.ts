/**
 * A fake HashiCorp Vault: KV v2 engines (data and metadata endpoints, check-and-set) and the token
 * self-endpoints (lookup-self, renew-self), with `X-Vault-Token` and `X-Vault-Namespace` checked.
 */
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "./loopback.js";

export interface FakeKvVersion {
  data: Record<string, unknown> | undefined;
  created: number;
  deleted: boolean;
  destroyed: boolean;
}

export interface FakeVaultOptions {
  token?: string;
  /** When set, requests must carry this `X-Vault-Namespace`. */
  namespace?: string;
  mounts?: string[];
  /** Token TTL in seconds as lookup-self reports it (0 = no expiry). */
  ttlSeconds?: number;
  renewable?: boolean;
}

export interface FakeVault extends LoopbackServer {
  readonly token: string;
  /** `<mount>/<path>` -> versions, oldest first. */
  readonly kv: Map<string, FakeKvVersion[]>;
  /** Writes `{ value }` (or the given fields) as a new version, outside the protocol. */
  write(path: string, value: string | Record<string, unknown>): void;
  /** The `value` field of the latest live version. */
  value(path: string): unknown;
  ttlSeconds: number;
  /** increments asked for by renew-self, in seconds */
  readonly renewals: number[];
  now: () => number;
  count(method: string, pathPart: string): number;
}

export async function startFakeVault(
  initial: Record<string, string> = {},
  options: FakeVaultOptions = {},
): Promise<FakeVault> {
  const token = options.token ?? "s.test-token";
  const mounts = new Set(options.mounts ?? ["secret"]);
  const kv = new Map<string, FakeKvVersion[]>();
  const renewals: number[] = [];
  const state = { ttlSeconds: options.ttlSeconds ?? 0, now: () => Date.now() };

  const write = (path: string, value: string | Record<string, unknown>) => {
    const versions = kv.get(path) ?? [];
    versions.push({
      data: typeof value === "string" ? { value } : value,
      created: state.now(),
      deleted: false,
      destroyed: false,
    });
    kv.set(path, versions);
  };
  for (const [path, value] of Object.entries(initial)) write(path, value);
  const iso = (ms: number) => new Date(ms).toISOString();
  const errors = (status: number, ...messages: string[]): LoopbackReply => ({
    status,
    body: { errors: messages },
  });

  const handle = (request: RecordedRequest): LoopbackReply => {
    if (request.headers["x-vault-token"] !== token) return errors(403, "permission denied");
    if (options.namespace !== undefined && request.headers["x-vault-namespace"] !== options.namespace) {
      return errors(403, "permission denied");
    }
    const url = new URL(request.url, "http://fake");
    const path = decodeURIComponent(url.pathname);
    if (path === "/v1/auth/token/lookup-self" && request.method === "GET") {
      return {
        body: {
          data: {
            ttl: state.ttlSeconds,
            renewable: options.renewable ?? true,
            policies: ["psoxy"],
            id: "[redacted]",
          },
        },
      };
    }
    if (path === "/v1/auth/token/renew-self" && request.method === "POST") {
      const increment = String(JSON.parse(request.body || "{}").increment ?? "0");
      const seconds = Number.parseInt(increment, 10);
      renewals.push(seconds);
      state.ttlSeconds = seconds;
      return { body: { auth: { lease_duration: seconds, renewable: true } } };
    }
    const match = /^\/v1\/([^/]+)\/(data|metadata)\/(.+)$/.exec(path);
    if (!match || !mounts.has(match[1])) return errors(404, `no handler for route "${path}"`);
    const [, mount, kind, rest] = match;
    const key = `${mount}/${rest}`;
    const versions = kv.get(key);

    if (kind === "data" && request.method === "GET") {
      const wanted = url.searchParams.get("version");
      const index = wanted ? Number(wanted) - 1 : (versions?.length ?? 0) - 1;
      const version = versions?.[index];
      if (!version) return errors(404);
      const metadata = {
        created_time: iso(version.created),
        deletion_time: version.deleted ? iso(version.created) : "",
        destroyed: version.destroyed,
        version: index + 1,
      };
      if (version.deleted || version.destroyed)
        return { status: 404, body: { data: { data: null, metadata } } };
      return { body: { data: { data: version.data, metadata } } };
    }
    if (kind === "data" && (request.method === "POST" || request.method === "PUT")) {
      const body = JSON.parse(request.body || "{}") as {
        data?: Record<string, unknown>;
        options?: { cas?: number };
      };
      const cas = body.options?.cas;
      if (cas !== undefined && cas !== (versions?.length ?? 0)) {
        return errors(400, "check-and-set parameter did not match the current version");
      }
      write(key, body.data ?? {});
      const count = kv.get(key)!.length;
      return {
        body: {
          data: { created_time: iso(state.now()), deletion_time: "", destroyed: false, version: count },
        },
      };
    }
    if (kind === "metadata" && request.method === "GET") {
      if (!versions) return errors(404);
      const last = versions[versions.length - 1];
      return {
        body: {
          data: {
            current_version: versions.length,
            created_time: iso(versions[0].created),
            updated_time: iso(last.created),
            versions: Object.fromEntries(
              versions.map((v, i) => [
                String(i + 1),
                {
                  created_time: iso(v.created),
                  deletion_time: v.deleted ? iso(v.created) : "",
                  destroyed: v.destroyed,
                },
              ]),
            ),
          },
        },
      };
    }
    if (kind === "metadata" && request.method === "DELETE") {
      kv.delete(key);
      return { status: 204 };
    }
    return errors(405, "unsupported operation");
  };

  const server = await startLoopbackServer(handle);
  for (const [name, get, set] of [
    ["ttlSeconds", () => state.ttlSeconds, (v: unknown) => (state.ttlSeconds = v as number)],
    ["now", () => state.now, (v: unknown) => (state.now = v as () => number)],
  ] as const) {
    Object.defineProperty(server, name, { get, set });
  }
  return Object.assign(server as FakeVault, {
    token,
    kv,
    write,
    renewals,
    value: (path: string) => {
      const last = kv.get(path)?.at(-1);
      return last && !last.deleted && !last.destroyed ? last.data?.value : undefined;
    },
    count: (method: string, pathPart: string) =>
      server.requests.filter((r) => r.method === method && r.url.includes(pathPart)).length,
  });
}
