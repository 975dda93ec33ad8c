/**
 * Remote resources (api-mode spec 4.4, 4.5): REMOTE_RESOURCE_BUCKET names a bucket, S3 on AWS and
 * Cloud Storage on GCP, holding resources too big for an environment variable or a parameter; the
 * rules are read from `<instance resource path>rules.yaml` there.
 *
 * Paths: the instance path is INSTANCE_RESOURCE_PATH, else PATH_TO_INSTANCE_CONFIG, else the default
 * instance prefix (`psoxy-gcal` -> `PSOXY_GCAL_`); the shared path is SHARED_RESOURCE_PATH, else
 * PATH_TO_SHARED_CONFIG. Those fallbacks are parameter-name prefixes, so for object keys (as in the
 * reference) leading `/`s are dropped, a trailing `_` becomes `/`, and a non-empty prefix gets a
 * closing `/`: `PSOXY_GCAL_` -> `PSOXY_GCAL/rules.yaml`, `/psoxy/gcal/` -> `psoxy/gcal/rules.yaml`.
 */
import { gunzipSync } from "node:zlib";
import { instancePrefix, sharedPrefix } from "../config/naming.js";
import { isMissingObject } from "../storage/missing-object.js";
import type { ObjectStore } from "../storage/types.js";
import type { GatewayPlatform } from "./gateway-options.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface RemoteResources {
  bucket: string;
  /** key prefix of this instance's resources: "" or ending with "/" */
  instancePrefix: string;
  /** key prefix of resources shared by all instances: "" or ending with "/" */
  sharedPrefix: string;
}

/** A parameter-style prefix as an object key prefix (see the module comment). */
export function objectKeyPrefix(prefix: string): string {
  let p = prefix.trim().replace(/^\/+/, "");
  if (p.endsWith("_")) p = `${p.slice(0, -1)}/`;
  return p === "" || p.endsWith("/") ? p : `${p}/`;
}

/**
 * Where remote resources are, or undefined when REMOTE_RESOURCE_BUCKET is unset or blank.
 * `instanceId` (function / service name) gives the default instance prefix, as for parameters.
 */
export function remoteResources(env: Env, instanceId?: string): RemoteResources | undefined {
  const bucket = env.REMOTE_RESOURCE_BUCKET?.trim();
  if (!bucket) return undefined;
  return {
    bucket,
    instancePrefix: objectKeyPrefix(env.INSTANCE_RESOURCE_PATH ?? instancePrefix(env, instanceId)),
    sharedPrefix: objectKeyPrefix(env.SHARED_RESOURCE_PATH ?? sharedPrefix(env)),
  };
}

/** The store of REMOTE_RESOURCE_BUCKET on a host: S3 on AWS, Cloud Storage on GCP (default clients). */
export async function defaultResourceStore(platform: GatewayPlatform | undefined): Promise<ObjectStore> {
  switch (platform) {
    case "aws":
      return (await import("../storage/s3-store.js")).defaultS3Store();
    case "gcp":
      return (await import("../storage/gcs-store.js")).defaultGcsStore();
    default:
      throw new Error(
        "REMOTE_RESOURCE_BUCKET is set, but remote resources are read only on AWS (S3) and GCP (Cloud Storage); unset it, or put the rules in RULES or /var/psoxy/resources/rules.yaml",
      );
  }
}

/** `s3://bucket/key` and the like, for messages and logs. */
export function resourceUri(store: ObjectStore, bucket: string, key: string): string {
  const scheme = store.kind === "gcs" ? "gs" : store.kind;
  return `${scheme}://${bucket}/${key}`;
}

/**
 * The object's bytes, or undefined when there is no such object. Any other failure (access denied,
 * no such bucket, backend or network errors) is thrown: callers fail closed rather than fall back.
 */
export async function readResource(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<Buffer | undefined> {
  try {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await store.read(bucket, key)) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch (e) {
    if (isMissingObject(e)) return undefined;
    throw e;
  }
}

/**
 * A resource as text. Objects are read as stored, so one uploaded gzipped (`gsutil cp -Z`,
 * `Content-Encoding: gzip`) is inflated here; YAML text never starts with the gzip magic bytes.
 */
export function resourceText(bytes: Buffer): string {
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? gunzipSync(bytes) : bytes).toString("utf8");
}
