import { describe, expect, it } from "vitest";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import { GRANT_TYPES } from "./grants/index.js";
import {
  AUTH_STRATEGIES,
  createAuthStrategy,
  GRANT_TYPE_SPECS,
  requiredPropertyNames,
  SUPPORTED_AUTH_STRATEGIES,
} from "./index.js";

describe("AUTH_STRATEGIES", () => {
  it("describes exactly the strategies and grant types the registry builds", () => {
    expect(AUTH_STRATEGIES.map((s) => s.id).sort()).toEqual([...SUPPORTED_AUTH_STRATEGIES].sort());
    expect(GRANT_TYPE_SPECS.map((g) => g.id).sort()).toEqual([...GRANT_TYPES].sort());
  });

  it("is where each strategy's health-check requiredProperties come from", () => {
    for (const spec of AUTH_STRATEGIES) {
      const grants = spec.grantTypes.length > 0 ? spec.grantTypes.map((g) => g.id) : [undefined];
      for (const grant of grants) {
        const env: Record<string, string> = grant === undefined ? {} : { GRANT_TYPE: grant };
        const strategy = createAuthStrategy(spec.id, { config: new MemoryConfigService({ env }) });
        expect(new Set(strategy.requiredProperties)).toEqual(new Set(requiredPropertyNames(spec.id, grant)));
      }
    }
  });

  it("lists the reference's properties per spec 5", () => {
    expect(requiredPropertyNames("oauth2_refresh_token", "refresh_token")).toEqual([
      "GRANT_TYPE",
      "REFRESH_ENDPOINT",
      "CLIENT_ID",
      "CLIENT_SECRET",
      "REFRESH_TOKEN",
    ]);
    expect(requiredPropertyNames("oauth2_refresh_token", "client_credentials", "client_secret")).toEqual([
      "GRANT_TYPE",
      "REFRESH_ENDPOINT",
      "CLIENT_ID",
      "CLIENT_SECRET",
    ]);
    expect(requiredPropertyNames("gcp_service_account_key")).toEqual(["SERVICE_ACCOUNT_KEY", "OAUTH_SCOPES"]);
    expect(requiredPropertyNames("basic_auth")).toEqual([]);
    const refresh = AUTH_STRATEGIES.find((s) => s.id === "oauth2_refresh_token")!;
    expect(refresh.properties.find((p) => p.name === "OAUTH_REFRESH_TOKEN")).toMatchObject({ lock: true });
    expect(refresh.properties.find((p) => p.name === "ACCESS_TOKEN")).toMatchObject({
      source: "S",
      writable: true,
    });
    expect(GRANT_TYPE_SPECS.filter((g) => g.sharedTokenByDefault).map((g) => g.id)).toEqual([
      "account_credentials",
    ]);
    // every property has a spec-4.4 source
    for (const s of AUTH_STRATEGIES) {
      const all = [
        ...s.properties,
        ...s.grantTypes.flatMap((g) => [...g.properties, ...Object.values(g.variants?.options ?? {}).flat()]),
      ];
      for (const p of all) expect(["E", "E/R", "S"]).toContain(p.source);
    }
  });
});
