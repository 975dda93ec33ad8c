import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configServiceFromStores } from "../config/config-service.js";
import { bulkRulesFor } from "../connectors/index.js";
import { loadRulesValue } from "../core/rules/index.js";
import { LocalFsStore } from "../storage/local-fs-store.js";
import type { ObjectStore } from "../storage/types.js";
import { readBulkRules } from "./bulk-instance.js";

const noResources = mkdtempSync(join(tmpdir(), "psoxy-no-resources-"));
const config = (env: Record<string, string>) =>
  configServiceFromStores({ env, instancePrefix: "", sharedPrefix: "" });

describe("readBulkRules", () => {
  it("prefers RULES", async () => {
    const r = await readBulkRules(
      config({ RULES: "columnsToPseudonymize: [x]", SOURCE: "hris" }),
      noResources,
    );
    expect(r.rules.kind).toBe("columnar");
    expect(r.raw).toBe("columnsToPseudonymize: [x]");
  });

  it("falls back to the catalog's rules of the bulk connector named by SOURCE", async () => {
    const r = await readBulkRules(config({ SOURCE: "hris" }), noResources);
    expect(r.rules).toEqual(loadRulesValue(bulkRulesFor("hris")!));
  });

  it("fails with a message saying what to set when nothing provides rules", async () => {
    await expect(readBulkRules(config({ SOURCE: "gcal" }), noResources)).rejects.toThrow(/set RULES/);
    await expect(readBulkRules(config({}), noResources)).rejects.toThrow(/SOURCE to a bulk connector id/);
  });
});

describe("readBulkRules from REMOTE_RESOURCE_BUCKET", () => {
  const root = mkdtempSync(join(tmpdir(), "psoxy-remote-rules-"));
  mkdirSync(join(root, "artifacts", "PSOXY_HRIS"), { recursive: true });
  writeFileSync(join(root, "artifacts", "PSOXY_HRIS", "rules.yaml"), "columnsToRedact: [salary]\n");
  const store = new LocalFsStore({ root });

  it("reads <instance path>rules.yaml, the path defaulting to the function name", async () => {
    const r = await readBulkRules(
      config({ REMOTE_RESOURCE_BUCKET: "artifacts", SOURCE: "hris" }),
      noResources,
      {
        store,
        instanceId: "psoxy-hris",
      },
    );
    expect(r.rules).toEqual(loadRulesValue("columnsToRedact: [salary]"));
  });

  it("comes after RULES", async () => {
    const r = await readBulkRules(
      config({ REMOTE_RESOURCE_BUCKET: "artifacts", RULES: "columnsToPseudonymize: [x]" }),
      noResources,
      { store, instanceId: "psoxy-hris" },
    );
    expect(r.raw).toBe("columnsToPseudonymize: [x]");
  });

  it("falls through to the catalog when the object is absent", async () => {
    const r = await readBulkRules(
      config({ REMOTE_RESOURCE_BUCKET: "artifacts", INSTANCE_RESOURCE_PATH: "elsewhere/", SOURCE: "hris" }),
      noResources,
      { store, instanceId: "psoxy-hris" },
    );
    expect(r.rules).toEqual(loadRulesValue(bulkRulesFor("hris")!));
  });

  it("fails closed when the bucket cannot be read, instead of using other rules", async () => {
    const broken: ObjectStore = {
      ...store,
      kind: "s3",
      read: () => Promise.reject(Object.assign(new Error("Access Denied"), { name: "AccessDenied" })),
    } as unknown as ObjectStore;
    await expect(
      readBulkRules(config({ REMOTE_RESOURCE_BUCKET: "artifacts", SOURCE: "hris" }), noResources, {
        store: broken,
        instanceId: "psoxy-hris",
      }),
    ).rejects.toThrow(/Cannot read the rules at s3:\/\/artifacts\/PSOXY_HRIS\/rules.yaml: Access Denied/);
  });
});
