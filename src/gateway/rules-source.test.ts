import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { RulesLoadError, RulesSource } from "./rules-source.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import { silentLogger } from "./types.js";

const RULES = `endpoints:\n  - pathTemplate: /a\n`;

// no rules.yaml resource unless a test provides one
const emptyResources = mkdtempSync(join(tmpdir(), "psoxy-resources-"));

function source(
  env: Record<string, string | undefined>,
  builtinRules?: (s: string) => string | undefined,
  resourcesDir = emptyResources,
) {
  const config = new MemoryConfigService({ env });
  return { config, rules: new RulesSource({ config, logger: silentLogger, builtinRules, resourcesDir }) };
}

async function failure(p: Promise<unknown>): Promise<RulesLoadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RulesLoadError) return e;
    throw e;
  }
  throw new Error("did not fail");
}

describe("rules source", () => {
  it("reads RULES as plain, base64 and base64-gzip YAML, all with the same SHA", async () => {
    const shas = await Promise.all(
      [RULES, Buffer.from(RULES).toString("base64"), gzipSync(RULES).toString("base64")].map(
        async (RULES) => (await source({ RULES }).rules.load()).sha,
      ),
    );
    expect(new Set(shas).size).toBe(1);
  });

  it("reads the rules.yaml resource when RULES is not set, before the catalog", async () => {
    const dir = mkdtempSync(join(tmpdir(), "psoxy-resources-"));
    writeFileSync(join(dir, "rules.yaml"), RULES);
    const catalog = () => "endpoints:\n  - pathTemplate: /from-catalog\n";
    const loaded = await source({ SOURCE: "x" }, catalog, dir).rules.load();
    expect(loaded.origin).toBe("rules.yaml");
    expect(loaded.rules.endpoints[0].pathTemplate).toBe("/a");
    const withRules = await source(
      { RULES: "endpoints:\n  - pathTemplate: /b\n" },
      catalog,
      dir,
    ).rules.load();
    expect(withRules.rules.endpoints[0].pathTemplate).toBe("/b");
  });

  it("reads RULES from remote configuration too", async () => {
    const config = new MemoryConfigService({ config: { RULES } });
    const loaded = await new RulesSource({ config, logger: silentLogger }).load();
    expect(loaded.origin).toBe("RULES");
  });

  it("falls back to the catalog for SOURCE, preferring <SOURCE>_no-app-ids when PSEUDONYMIZE_APP_IDS=true", async () => {
    const catalog = { zoom: RULES, "zoom_no-app-ids": `${RULES}    allowedMethods: [GET]\n` };
    const get = (k: string) => catalog[k as keyof typeof catalog];
    expect((await source({ SOURCE: "zoom" }, get).rules.load()).origin).toBe("zoom");
    expect((await source({ SOURCE: "zoom", PSEUDONYMIZE_APP_IDS: "true" }, get).rules.load()).origin).toBe(
      "zoom_no-app-ids",
    );
    expect((await source({ SOURCE: "zoom", PSEUDONYMIZE_APP_IDS: "yes" }, get).rules.load()).origin).toBe(
      "zoom",
    );
    const onlyPlain = (k: string) => (k === "gcal" ? RULES : undefined);
    expect(
      (await source({ SOURCE: "gcal", PSEUDONYMIZE_APP_IDS: "true" }, onlyPlain).rules.load()).origin,
    ).toBe("gcal");
  });

  it.each([
    [{ RULES: "endpoints: [" }, "RULES_INVALID_YAML"],
    [{ RULES: "endpoints:\n  - pathTemplate: /a\n    bogus: 1\n" }, "RULES_INVALID"],
    [{ RULES: "columnsToPseudonymize: [email]\n" }, "CONFIGURATION_FAILURE"],
    [{}, "CONFIGURATION_FAILURE"],
    [{ SOURCE: "unknown" }, "CONFIGURATION_FAILURE"],
  ])("fails with the right code: %j -> %s", async (env, code) => {
    expect((await failure(source(env).rules.load())).code).toBe(code);
  });

  it("500 CONFIGURATION_FAILURE when the configuration cannot be read", async () => {
    const { config, rules } = source({});
    config.remote.set("RULES", RULES);
    config.fail("RULES");
    expect((await failure(rules.load())).code).toBe("CONFIGURATION_FAILURE");
  });

  it("memoizes success but not failure", async () => {
    const { config, rules } = source({ RULES: "endpoints: [" });
    await failure(rules.load());
    config.env.RULES = RULES;
    const first = await rules.load();
    config.env.RULES = "endpoints: [";
    expect(await rules.load()).toBe(first);
  });
});
