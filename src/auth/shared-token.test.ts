import { describe, expect, it } from "vitest";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import { readSharedToken } from "./shared-token.js";

function withVersions(values: { value: string; version?: string }[]) {
  const config = new MemoryConfigService();
  const limits: number[] = [];
  return Object.assign(config, {
    async getSecretVersions(name: string, limit: number) {
      expect(name).toBe("ACCESS_TOKEN");
      limits.push(limit);
      return values;
    },
    limits,
  });
}

const dto = (token: string, expirationDate: number | null) => JSON.stringify({ token, expirationDate });

describe("readSharedToken", () => {
  it("reads 5 versions and picks the latest expiry; unknown expiry last; ties by highest version", async () => {
    const config = withVersions([
      { value: dto("newest-but-shorter", 1000), version: "9" },
      { value: "not json", version: "8" },
      { value: dto("null-expiry", null), version: "7" },
      { value: dto("tie-low", 5000), version: "5" },
      { value: dto("tie-high", 5000), version: "6" },
    ]);
    expect(await readSharedToken(config)).toEqual({ token: "tie-high", expiresAt: 5000 });
    expect(config.limits).toEqual([5]);
    expect(await readSharedToken(withVersions([{ value: dto("only", null) }]))).toEqual({
      token: "only",
      expiresAt: null,
    });
    expect(await readSharedToken(withVersions([]))).toBeUndefined();
  });

  it("without version listing, reads the current value uncached", async () => {
    const config = new MemoryConfigService({ secrets: { ACCESS_TOKEN: dto("current", 42) } });
    const reads: unknown[] = [];
    const getSecret = config.getSecret.bind(config);
    config.getSecret = async (name: string, options?: { cache?: boolean }) => {
      reads.push(options);
      return getSecret(name);
    };
    expect(await readSharedToken(config)).toEqual({ token: "current", expiresAt: 42 });
    expect(reads).toEqual([{ cache: false }]);
  });
});
