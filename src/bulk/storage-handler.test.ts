import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPseudonymizer } from "../core/pseudonyms/index.js";
import { loadRules } from "../core/rules/index.js";
import { LocalFsStore } from "../storage/local-fs-store.js";
import { type BulkInstance, handleStorageObject } from "./storage-handler.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "psoxy-handler-"));
  mkdirSync(join(root, "in"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function instance(rules: string): BulkInstance {
  return {
    store: new LocalFsStore({ root, sidecarMetadata: true }),
    settings: { outputBucket: "out", compressOutputAlways: false, additionalTransforms: [] },
    rules: loadRules(rules),
    pseudonymizer: createPseudonymizer({ salt: "salt" }),
    instanceId: "local",
    version: "v0.6.9",
    rulesSha: "unknown",
    onNoRules: "fail",
  };
}

describe("handleStorageObject (local store)", () => {
  it("validates by records, so a pretty-printed JSON array passes (the reference's line sample would not)", async () => {
    const pretty = JSON.stringify(
      Array.from({ length: 4 }, (_, i) => ({ id: i, name: `n${i}` })),
      null,
      2,
    );
    writeFileSync(join(root, "in/users.json"), pretty);
    const out = await handleStorageObject(
      instance("format: AUTO\ntransforms:\n  - redact: name"),
      "in",
      "users.json",
    );
    expect(out[0]).toMatchObject({ status: "written", destinationKey: "users.json" });
  });

  it("fails in the validation pass before any output is opened", async () => {
    writeFileSync(join(root, "in/bad.ndjson"), '{"a":1}\nnot json\n');
    await expect(
      handleStorageObject(instance("format: NDJSON\ntransforms:\n  - redact: a"), "in", "bad.ndjson"),
    ).rejects.toThrow(/^in\/bad\.ndjson \(line 2, column 1\): invalid JSON/);
    expect(readdirSync(root)).toEqual(["in"]);
  });
});
