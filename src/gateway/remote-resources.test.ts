import { describe, expect, it } from "vitest";
import { isMissingObject } from "../storage/missing-object.js";
import { StorageError } from "../storage/types.js";
import { defaultResourceStore, objectKeyPrefix, remoteResources } from "./remote-resources.js";

describe("remote resource paths", () => {
  it.each([
    ["", ""],
    ["PSOXY_GCAL_", "PSOXY_GCAL/"],
    ["psoxy-dev_GCAL_", "psoxy-dev_GCAL/"],
    ["psoxy-dev/GCAL/", "psoxy-dev/GCAL/"],
    ["psoxy-dev/GCAL", "psoxy-dev/GCAL/"],
    ["/psoxy/gcal_", "psoxy/gcal/"],
    ["//psoxy/", "psoxy/"],
    ["/", ""],
    ["  PSOXY_ ", "PSOXY/"],
  ])("object key prefix of %j is %j", (prefix, expected) => {
    expect(objectKeyPrefix(prefix)).toBe(expected);
  });

  it("is off without REMOTE_RESOURCE_BUCKET (or with a blank one)", () => {
    expect(remoteResources({ INSTANCE_RESOURCE_PATH: "x/" }, "psoxy-gcal")).toBeUndefined();
    expect(remoteResources({ REMOTE_RESOURCE_BUCKET: "  " }, "psoxy-gcal")).toBeUndefined();
  });

  it("instance path: INSTANCE_RESOURCE_PATH, else PATH_TO_INSTANCE_CONFIG, else the default prefix", () => {
    const bucket = { REMOTE_RESOURCE_BUCKET: "artifacts" };
    expect(remoteResources(bucket, "psoxy-gcal")).toEqual({
      bucket: "artifacts",
      instancePrefix: "PSOXY_GCAL/",
      sharedPrefix: "",
    });
    expect(
      remoteResources({ ...bucket, PATH_TO_INSTANCE_CONFIG: "psoxy_GCAL_" }, "psoxy-gcal")?.instancePrefix,
    ).toBe("psoxy_GCAL/");
    expect(
      remoteResources(
        { ...bucket, INSTANCE_RESOURCE_PATH: "psoxy-dev/GCAL/", PATH_TO_INSTANCE_CONFIG: "psoxy_GCAL_" },
        "psoxy-gcal",
      )?.instancePrefix,
    ).toBe("psoxy-dev/GCAL/");
    // set but empty: the bucket root, as an empty PATH_TO_INSTANCE_CONFIG means no prefix
    expect(remoteResources({ ...bucket, INSTANCE_RESOURCE_PATH: "" }, "psoxy-gcal")?.instancePrefix).toBe("");
    expect(remoteResources(bucket)?.instancePrefix).toBe("");
  });

  it("shared path: SHARED_RESOURCE_PATH, else PATH_TO_SHARED_CONFIG", () => {
    const bucket = { REMOTE_RESOURCE_BUCKET: "artifacts" };
    expect(remoteResources({ ...bucket, PATH_TO_SHARED_CONFIG: "psoxy_" })?.sharedPrefix).toBe("psoxy/");
    expect(
      remoteResources({ ...bucket, PATH_TO_SHARED_CONFIG: "psoxy_", SHARED_RESOURCE_PATH: "shared/" })
        ?.sharedPrefix,
    ).toBe("shared/");
  });

  it("has no default store on the node host", async () => {
    await expect(defaultResourceStore("node")).rejects.toThrow(/only on AWS \(S3\) and GCP/);
  });
});

describe("missing object or failure", () => {
  const s3 = (name: string, status: number) =>
    new StorageError(`cannot read s3://b/k: ${name}`, {
      cause: Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } }),
    });
  const gcs = (code: number, message: string) => Object.assign(new Error(message), { code });

  it("absent objects are missing", () => {
    expect(isMissingObject(s3("NoSuchKey", 404))).toBe(true);
    expect(isMissingObject(gcs(404, "No such object: b/k"))).toBe(true);
  });

  it("missing buckets, denied access and outages are failures", () => {
    expect(isMissingObject(s3("NoSuchBucket", 404))).toBe(false);
    expect(isMissingObject(s3("AccessDenied", 403))).toBe(false);
    expect(isMissingObject(s3("InternalError", 500))).toBe(false);
    expect(isMissingObject(gcs(404, "The specified bucket does not exist."))).toBe(false);
    expect(isMissingObject(gcs(403, "forbidden"))).toBe(false);
    expect(isMissingObject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(
      false,
    );
    expect(isMissingObject(undefined)).toBe(false);
  });
});
