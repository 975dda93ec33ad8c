import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configServiceFromStores } from "../config/config-service.js";
import { bulkRulesFor } from "../connectors/index.js";
import { loadRulesValue } from "../core/rules/index.js";
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
