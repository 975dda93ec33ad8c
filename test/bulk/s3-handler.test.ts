/**
 * The S3 path end to end with the real AWS SDK against s3rver on loopback: an object lands in the
 * input bucket, the Lambda handler receives the S3 event, the sanitized object appears in the output
 * bucket with the Psoxy metadata, and the lookup table (ADDITIONAL_TRANSFORMS) in its own bucket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBulkInstance } from "../../src/bulk/bulk-instance.js";
import { BulkError } from "../../src/bulk/errors.js";
import { configServiceFromStores } from "../../src/config/config-service.js";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";
import { createS3EventHandler, type S3Event } from "../../src/hosts/bulk/s3-event.js";
import { S3Store } from "../../src/storage/s3-store.js";

const SALT = "salt";
const HRIS = `EMPLOYEE_ID,EMPLOYEE_EMAIL,DEPARTMENT,MANAGER_ID
1,alice@worklytics.co,Engineering,
2,bob@worklytics.co,Sales,1
`;
const RULES = `columnsToPseudonymize: [EMPLOYEE_ID, EMPLOYEE_EMAIL, MANAGER_ID]
columnsToRedact: []
`;
const ADDITIONAL = `- destinationBucketName: lookup-bucket
  rules:
    pseudonymFormat: URL_SAFE_TOKEN
    columnsToRedact: [EMPLOYEE_EMAIL, DEPARTMENT, MANAGER_ID]
    columnsToPseudonymize: [EMPLOYEE_ID]
    columnsToDuplicate: {EMPLOYEE_ID: EMPLOYEE_ID_ORIG}
`;

let server: S3rver;
let dir: string;
let client: S3Client;

function event(bucket: string, key: string): S3Event {
  // keys in S3 notifications are form-encoded
  return {
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%20/g, "+") } },
      },
    ],
  };
}

function handlerFor(env: Record<string, string>) {
  const config = configServiceFromStores({ env, instancePrefix: "", sharedPrefix: "" });
  return createS3EventHandler({
    instance: () =>
      createBulkInstance(config, {
        store: new S3Store({ client }),
        onNoRules: "fail",
        instanceId: "psoxy-hris",
      }),
  });
}

async function body(bucket: string, key: string): Promise<Buffer> {
  const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

async function keys(bucket: string): Promise<string[]> {
  const r = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-s3rver-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir });
  const { port } = (await server.run()) as { port: number };
  client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    // s3rver predates the SDK's default streaming checksums
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  for (const b of ["input-bucket", "output-bucket", "lookup-bucket"]) {
    await client.send(new CreateBucketCommand({ Bucket: b }));
  }
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("S3 event handler against s3rver", () => {
  it("sanitizes the object into the output bucket with metadata, and builds the lookup table", async () => {
    const key = "hris/2024 export/hris.csv";
    await client.send(
      new PutObjectCommand({ Bucket: "input-bucket", Key: key, Body: HRIS, ContentType: "text/csv" }),
    );
    const handler = handlerFor({
      OUTPUT_BUCKET: "output-bucket",
      INPUT_BASE_PATH: "hris/",
      OUTPUT_BASE_PATH: "sanitized/",
      RULES,
      PSOXY_SALT: SALT,
      ADDITIONAL_TRANSFORMS: ADDITIONAL,
    });
    const outcomes = await handler(event("input-bucket", key));
    expect(outcomes).toEqual([
      {
        status: "written",
        destinationBucket: "output-bucket",
        destinationKey: "sanitized/2024 export/hris.csv",
        compressed: true,
      },
      {
        status: "written",
        destinationBucket: "lookup-bucket",
        destinationKey: "2024 export/hris.csv",
        compressed: true,
      },
    ]);

    const head = await client.send(
      new HeadObjectCommand({ Bucket: "output-bucket", Key: "sanitized/2024 export/hris.csv" }),
    );
    expect(head.ContentEncoding).toBe("gzip");
    expect(head.ContentType).toBe("text/csv");
    expect(head.Metadata).toMatchObject({
      "psoxy-instance-id": "psoxy-hris",
      "psoxy-version": "v0.6.9",
      "psoxy-original-object-key": `input-bucket/${key}`,
    });
    expect(head.Metadata?.["psoxy-rules-sha"]).toMatch(/^[0-9a-f]{40}$/);
    expect(head.Metadata?.["psoxy-salt-sha"]).toMatch(/^[A-Za-z0-9_.]{43}$/);

    const p = createPseudonymizer({ salt: SALT });
    const json = (v: string) => `"${p.encodeJson(p.pseudonymize(v)!).replaceAll('"', '""')}"`;
    const out = gunzipSync(await body("output-bucket", "sanitized/2024 export/hris.csv")).toString();
    const [header, ...rows] = out.trimEnd().split("\n");
    expect(header).toBe("EMPLOYEE_ID,EMPLOYEE_EMAIL,DEPARTMENT,MANAGER_ID");
    expect(rows.sort()).toEqual(
      [
        `${json("1")},${json("alice@worklytics.co")},Engineering,`,
        `${json("2")},${json("bob@worklytics.co")},Sales,${json("1")}`,
      ].sort(),
    );

    const lookup = gunzipSync(await body("lookup-bucket", "2024 export/hris.csv")).toString();
    const [lh, ...lrows] = lookup.trimEnd().split("\n");
    expect(lh).toBe("EMPLOYEE_ID,EMPLOYEE_ID_ORIG");
    expect(lrows.sort()).toEqual(
      [`t~${p.pseudonymize("1")!.hash},1`, `t~${p.pseudonymize("2")!.hash},2`].sort(),
    );
  });

  it("skips objects it wrote itself (loop guard)", async () => {
    const handler = handlerFor({ OUTPUT_BUCKET: "output-bucket", RULES, PSOXY_SALT: SALT });
    const outcomes = await handler(event("output-bucket", "sanitized/2024 export/hris.csv"));
    expect(outcomes).toEqual([
      { status: "skipped", reason: "already-sanitized", destinationBucket: "output-bucket" },
    ]);
  });

  it("fails on files no multi-file rule applies to (AWS behaviour) and writes nothing", async () => {
    await client.send(new PutObjectCommand({ Bucket: "input-bucket", Key: "other/x.csv", Body: HRIS }));
    const handler = handlerFor({
      OUTPUT_BUCKET: "output-bucket",
      RULES: "fileRules:\n  /hris/{file}.csv:\n    columnsToPseudonymize: [EMPLOYEE_ID]\n",
      PSOXY_SALT: SALT,
    });
    await expect(handler(event("input-bucket", "other/x.csv"))).rejects.toThrow(
      /No applicable rules found for other\/x\.csv/,
    );
    expect(await keys("output-bucket")).not.toContain("other/x.csv");
  });

  it("leaves no object behind when the file fails after the validation sample", async () => {
    const bad = `EMPLOYEE_ID,EMPLOYEE_EMAIL\n${Array.from({ length: 20 }, (_, i) => `${i},e${i}@x.co`).join("\n")}\n21\n`;
    await client.send(new PutObjectCommand({ Bucket: "input-bucket", Key: "late-error.csv", Body: bad }));
    const handler = handlerFor({ OUTPUT_BUCKET: "output-bucket", RULES, PSOXY_SALT: SALT });
    const err = await handler(event("input-bucket", "late-error.csv")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkError);
    expect((err as BulkError).message).toMatch(
      /^input-bucket\/late-error\.csv \(line 22, record 21\): row has 1 value/,
    );
    expect(await keys("output-bucket")).not.toContain("late-error.csv");
  });

  it("reads gzip input and honours COMPRESS_OUTPUT_ALWAYS=false for plain input", async () => {
    await client.send(new PutObjectCommand({ Bucket: "input-bucket", Key: "plain.csv", Body: HRIS }));
    const handler = handlerFor({
      OUTPUT_BUCKET: "output-bucket",
      RULES,
      PSOXY_SALT: SALT,
      COMPRESS_OUTPUT_ALWAYS: "false",
    });
    await handler(event("input-bucket", "plain.csv"));
    const head = await client.send(new HeadObjectCommand({ Bucket: "output-bucket", Key: "plain.csv" }));
    expect(head.ContentEncoding).toBeUndefined();
    expect((await body("output-bucket", "plain.csv")).toString()).toMatch(/^EMPLOYEE_ID,EMPLOYEE_EMAIL/);
  });
});
