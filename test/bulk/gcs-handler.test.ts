/**
 * The GCS path end to end with the Google client library (@google-cloud/storage) against a loopback
 * server speaking the Cloud Storage JSON API: object finalized event -> sanitized object with
 * metadata; unmatched files skipped (GCP behaviour); failed uploads leave nothing behind.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBulkInstance } from "../../src/bulk/bulk-instance.js";
import { configServiceFromStores } from "../../src/config/config-service.js";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";
import { createGcsEventHandler } from "../../src/hosts/bulk/gcs-event.js";
import { GcsStore } from "../../src/storage/gcs-store.js";
import { type FakeGcs, startFakeGcs } from "./fake-gcs-server.js";

const RULES = `fileRules:
  /{exportId}/users.ndjson{gz?}:
    format: NDJSON
    transforms:
      - pseudonymize: $.profile.email
      - redact: $.name
`;
const USERS =
  '{"id":"U1","name":"Jo","profile":{"email":"jo@acme.com"}}\n{"id":"U2","name":"Al","profile":{"email":null}}\n';

let gcs: FakeGcs;
let storage: Storage;

function handler(env: Record<string, string> = {}) {
  const config = configServiceFromStores({
    env: { OUTPUT_BUCKET: "sanitized", RULES, PSOXY_SALT: "salt", ...env },
    instancePrefix: "",
    sharedPrefix: "",
  });
  return createGcsEventHandler({
    instance: () =>
      createBulkInstance(config, {
        store: new GcsStore({ storage }),
        onNoRules: "skip",
        instanceId: "psoxy-slack-bulk",
      }),
  });
}

const finalized = (bucket: string, name: string) => ({
  type: "google.cloud.storage.object.v1.finalized",
  source: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
  data: { bucket, name },
});

beforeAll(async () => {
  gcs = await startFakeGcs();
  storage = new Storage({ apiEndpoint: gcs.endpoint, projectId: "test-project" });
});

afterAll(async () => {
  await gcs?.close();
});

describe("GCS event handler against a Cloud Storage JSON API server", () => {
  it("sanitizes a gzipped NDJSON object into the output bucket with metadata", async () => {
    await storage
      .bucket("input")
      .file("export-1/users.ndjson.gz")
      .save(gzipSync(USERS), {
        resumable: false,
        validation: false,
        metadata: { contentType: "application/x-ndjson", contentEncoding: "gzip" },
      });

    const outcomes = await handler()(finalized("input", "export-1/users.ndjson.gz"));
    expect(outcomes).toEqual([
      {
        status: "written",
        destinationBucket: "sanitized",
        destinationKey: "export-1/users.ndjson.gz",
        compressed: true,
      },
    ]);

    const file = storage.bucket("sanitized").file("export-1/users.ndjson.gz");
    const [meta] = await file.getMetadata();
    expect(meta.contentEncoding).toBe("gzip");
    expect(meta.contentType).toBe("application/x-ndjson");
    expect(meta.metadata).toMatchObject({
      "psoxy-instance-id": "psoxy-slack-bulk",
      "psoxy-version": "v0.6.9",
      "psoxy-original-object-key": "input/export-1/users.ndjson.gz",
    });
    const raw = gcs.objects.get("sanitized/export-1/users.ndjson.gz")!.data;
    const p = createPseudonymizer({ salt: "salt" });
    expect(gunzipSync(raw).toString()).toBe(
      `{"id":"U1","name":null,"profile":{"email":"${p.encodeUrlSafeToken(p.pseudonymize("jo@acme.com")!)}"}}\n` +
        '{"id":"U2","name":null,"profile":{"email":null}}\n',
    );
  });

  it("skips objects no rule applies to, and events of other types", async () => {
    await storage
      .bucket("input")
      .file("misc/readme.txt")
      .save("hello", { resumable: false, validation: false });
    const h = handler();
    expect(await h(finalized("input", "misc/readme.txt"))).toEqual([
      { status: "skipped", reason: "no-applicable-rules", destinationBucket: "sanitized" },
    ]);
    expect(
      await h({ type: "google.cloud.storage.object.v1.deleted", data: { bucket: "input", name: "x" } }),
    ).toEqual([]);
    expect([...gcs.objects.keys()].filter((k) => k.startsWith("sanitized/misc"))).toEqual([]);
  });

  it("accepts the legacy background-function signature", async () => {
    await storage
      .bucket("input")
      .file("export-2/users.ndjson")
      .save(USERS, { resumable: false, validation: false });
    const out = await handler({ COMPRESS_OUTPUT_ALWAYS: "false" })(
      { bucket: "input", name: "export-2/users.ndjson" },
      { eventType: "google.storage.object.finalize" },
    );
    expect(out[0]).toMatchObject({ status: "written", compressed: false });
    expect(gcs.objects.get("sanitized/export-2/users.ndjson")!.data.toString()).toMatch(
      /^\{"id":"U1","name":null/,
    );
  });

  it("leaves no object behind when the upload fails or the file is invalid", async () => {
    await storage
      .bucket("input")
      .file("export-3/users.ndjson")
      .save(USERS, { resumable: false, validation: false });
    gcs.failUploadsTo.add("sanitized");
    try {
      await expect(handler()(finalized("input", "export-3/users.ndjson"))).rejects.toThrow(
        /cannot write gs:\/\/sanitized/,
      );
    } finally {
      gcs.failUploadsTo.delete("sanitized");
    }
    expect(gcs.objects.has("sanitized/export-3/users.ndjson")).toBe(false);

    await storage
      .bucket("input")
      .file("export-4/users.ndjson")
      .save(`${USERS}{"id": broken}\n`, { resumable: false, validation: false });
    await expect(handler()(finalized("input", "export-4/users.ndjson"))).rejects.toThrow(
      /^input\/export-4\/users\.ndjson \(line 3, column 8\): invalid JSON/,
    );
    expect(gcs.objects.has("sanitized/export-4/users.ndjson")).toBe(false);
  });
});
