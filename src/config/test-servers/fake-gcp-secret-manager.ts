/**
 * A fake GCP Secret Manager speaking its REST API (v1), as the Node client's REST transport calls
 * it:
 *   GET   /v1/projects/{p}/secrets/{s}                         secret metadata (labels, etag)
 *   PATCH /v1/projects/{p}/secrets/{s}?updateMask=labels        etag-guarded label update
 *   GET   /v1/projects/{p}/secrets/{s}/versions/{v}:access     payload (v = number or `latest`)
 *   POST  /v1/projects/{p}/secrets/{s}:addVersion              new version
 *   GET   /v1/projects/{p}/secrets/{s}/versions                list (filter on state / create_time)
 *   POST  /v1/projects/{p}/secrets/{s}/versions/{v}:destroy    destroy
 * Errors are Google's JSON error body with the HTTP status. Auth is not checked.
 */
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "./loopback.js";

export type FakeVersionState = "ENABLED" | "DISABLED" | "DESTROYED";

export interface FakeGcpVersion {
  number: number;
  data: Buffer | undefined;
  state: FakeVersionState;
  /** Epoch millis. */
  created: number;
}

export interface FakeGcpSecret {
  labels: Record<string, string>;
  etag: number;
  versions: FakeGcpVersion[];
}

export interface FakeGcpSecretManager extends LoopbackServer {
  readonly project: string;
  readonly secrets: Map<string, FakeGcpSecret>;
  /** Creates the secret if needed and adds an ENABLED version holding `value`. */
  addVersion(secret: string, value: string, created?: number): FakeGcpVersion;
  createSecret(secret: string, labels?: Record<string, string>): FakeGcpSecret;
  /** The value `latest` resolves to. */
  latest(secret: string): string | undefined;
  /** Requests whose path matches (e.g. ":access", ":addVersion"). */
  count(pathPart: string, method?: string): number;
}

const STATE_NUMBER: Record<FakeVersionState, number> = { ENABLED: 1, DISABLED: 2, DESTROYED: 3 };

function googleError(status: number, grpcStatus: string, message: string): LoopbackReply {
  return { status, body: { error: { code: status, message, status: grpcStatus } } };
}

export async function startFakeGcpSecretManager(
  project = "test-project",
  initial: Record<string, string> = {},
): Promise<FakeGcpSecretManager> {
  const secrets = new Map<string, FakeGcpSecret>();
  const createSecret = (name: string, labels: Record<string, string> = {}) => {
    let secret = secrets.get(name);
    if (!secret) {
      secret = { labels: { ...labels }, etag: 1, versions: [] };
      secrets.set(name, secret);
    }
    return secret;
  };
  const addVersion = (name: string, value: string, created = Date.now()) => {
    const secret = createSecret(name);
    const version: FakeGcpVersion = {
      number: secret.versions.length + 1,
      data: Buffer.from(value, "utf8"),
      state: "ENABLED",
      created,
    };
    secret.versions.push(version);
    return version;
  };
  for (const [name, value] of Object.entries(initial)) addVersion(name, value);
  const latestVersion = (secret: FakeGcpSecret) =>
    secret.versions.filter((v) => v.state === "ENABLED").at(-1);

  const secretJson = (name: string, s: FakeGcpSecret) => ({
    name: `projects/${project}/secrets/${name}`,
    labels: s.labels,
    etag: `"${s.etag}"`,
    replication: { automatic: {} },
    createTime: new Date(0).toISOString(),
  });
  const versionJson = (name: string, v: FakeGcpVersion) => ({
    name: `projects/${project}/secrets/${name}/versions/${v.number}`,
    createTime: new Date(v.created).toISOString(),
    state: STATE_NUMBER[v.state],
  });

  const handle = (request: RecordedRequest): LoopbackReply => {
    const url = new URL(request.url, "http://fake");
    const match =
      /^\/v1\/projects\/([^/]+)\/secrets\/([^/:]+)(?::(addVersion))?(?:\/versions(?:\/([^/:]+)(?::(access|destroy))?)?)?$/.exec(
        decodeURIComponent(url.pathname),
      );
    if (!match) return googleError(404, "NOT_FOUND", `no route for ${url.pathname}`);
    const [, p, name, addVersionVerb, versionId, verb] = match;
    if (p !== project) return googleError(403, "PERMISSION_DENIED", `no access to project ${p}`);
    const secret = secrets.get(name);
    if (!secret) return googleError(404, "NOT_FOUND", `Secret [projects/${p}/secrets/${name}] not found.`);
    const isVersions = url.pathname.includes("/versions");

    if (addVersionVerb && request.method === "POST") {
      const body = JSON.parse(request.body || "{}") as { payload?: { data?: string } };
      const version = addVersion(name, Buffer.from(body.payload?.data ?? "", "base64").toString("utf8"));
      return { body: versionJson(name, version) };
    }
    if (!isVersions) {
      if (request.method === "GET") return { body: secretJson(name, secret) };
      if (request.method === "PATCH") {
        const body = JSON.parse(request.body || "{}") as { labels?: Record<string, string>; etag?: string };
        if (body.etag && body.etag !== `"${secret.etag}"`) {
          return googleError(409, "ABORTED", "The etag does not match the current etag of the secret.");
        }
        if (url.searchParams.get("updateMask")?.split(",").includes("labels"))
          secret.labels = { ...body.labels };
        secret.etag++;
        return { body: secretJson(name, secret) };
      }
    }
    if (isVersions && versionId === undefined && request.method === "GET") {
      const filter = url.searchParams.get("filter") ?? "";
      const pageSize = Number(url.searchParams.get("pageSize") ?? 25);
      const state = /state:(\w+)/.exec(filter)?.[1];
      const before = /create_time < (\S+)/.exec(filter)?.[1];
      const listed = [...secret.versions]
        .reverse()
        .filter((v) => !state || v.state === state)
        .filter((v) => !before || v.created < Date.parse(before))
        .slice(0, pageSize);
      return { body: { versions: listed.map((v) => versionJson(name, v)), totalSize: listed.length } };
    }
    if (versionId !== undefined) {
      const version =
        versionId === "latest"
          ? latestVersion(secret)
          : secret.versions.find((v) => String(v.number) === versionId);
      if (!version) {
        return googleError(
          404,
          "NOT_FOUND",
          `Secret Version [projects/${p}/secrets/${name}/versions/${versionId}] not found.`,
        );
      }
      if (verb === "access" && request.method === "GET") {
        if (version.state !== "ENABLED" || !version.data) {
          return googleError(400, "FAILED_PRECONDITION", `Secret Version is in ${version.state} state.`);
        }
        return {
          body: {
            name: `projects/${project}/secrets/${name}/versions/${version.number}`,
            payload: { data: version.data.toString("base64") },
          },
        };
      }
      if (verb === "destroy" && request.method === "POST") {
        version.state = "DESTROYED";
        version.data = undefined;
        return { body: versionJson(name, version) };
      }
    }
    return googleError(400, "INVALID_ARGUMENT", `unsupported ${request.method} ${url.pathname}`);
  };

  const server = await startLoopbackServer(handle);
  return Object.assign(server as FakeGcpSecretManager, {
    project,
    secrets,
    addVersion,
    createSecret,
    latest: (name: string) => {
      const secret = secrets.get(name);
      const version = secret && latestVersion(secret);
      return version?.data?.toString("utf8");
    },
    count: (pathPart: string, method?: string) =>
      server.requests.filter(
        (r) => r.url.split("?")[0].includes(pathPart) && (!method || r.method === method),
      ).length,
  });
}
