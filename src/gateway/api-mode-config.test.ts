import { describe, expect, it } from "vitest";
import { readApiModeConfig } from "./api-mode-config.js";
import type { GatewayPlatform } from "./gateway-options.js";
import { MemoryConfigService } from "./testing/memory-config.js";

const read = (env: Record<string, string>, platform: GatewayPlatform = "node", instanceId?: string) =>
  readApiModeConfig({ config: new MemoryConfigService({ env }), platform, instanceId });

describe("API-mode configuration", () => {
  it("has the reference's defaults", () => {
    const c = read({});
    expect(c.tlsMaxVersion).toBe("TLSv1.3");
    expect(c.timeouts).toEqual({ connectMs: 30_000, readMs: 150_000 });
    expect(c.followRedirects).toBe(true);
    expect(c.developmentMode).toBe(false);
    expect(c.allowlist).toBeNull();
    expect(c.userAgent).toMatch(/^Psoxy\/v0\.6\.9 \(API Data Sanitization; Node\/\d/);
    expect(c.problems).toEqual([]);
  });

  it("reads TLS_VERSION, REQUEST_TIMEOUT_SECONDS, FOLLOW_REDIRECTS and USER_AGENT", () => {
    const c = read({
      TLS_VERSION: "TLSv1.2",
      REQUEST_TIMEOUT_SECONDS: "55",
      FOLLOW_REDIRECTS: "yes",
      USER_AGENT: "UA/1",
    });
    expect(c.tlsMaxVersion).toBe("TLSv1.2");
    expect(c.timeouts).toEqual({ connectMs: 30_000, readMs: 55_000 });
    expect(c.followRedirects).toBe(false);
    expect(c.userAgent).toBe("UA/1");
  });

  it("lists invalid TLS_VERSION and REQUEST_TIMEOUT_SECONDS as startup problems", () => {
    expect(read({ TLS_VERSION: "TLSv1.1", REQUEST_TIMEOUT_SECONDS: "soon" }).problems).toHaveLength(2);
    expect(read({ TLS_VERSION: "tlsv1.3" }).problems).toHaveLength(1);
  });

  it("takes the instance id from the platform unless given", () => {
    const env = { AWS_LAMBDA_FUNCTION_NAME: "psoxy-aws", K_SERVICE: "psoxy-gcp" };
    expect(read(env, "aws").instanceId).toBe("psoxy-aws");
    expect(read(env, "gcp").instanceId).toBe("psoxy-gcp");
    expect(read(env, "node").instanceId).toBeUndefined();
    expect(read(env, "aws", "explicit").instanceId).toBe("explicit");
  });

  it("lets the host override the computed timeouts", () => {
    const c = readApiModeConfig({
      config: new MemoryConfigService(),
      platform: "node",
      timeouts: { readMs: 500 },
    });
    expect(c.timeouts).toEqual({ connectMs: 30_000, readMs: 500 });
  });
});
