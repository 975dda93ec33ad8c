import { describe, expect, it } from "vitest";
import { PseudonymKeyStore } from "./pseudonym-keys.js";
import { RulesLoadError, RulesSource } from "./rules-source.js";
import { Sanitizers, sanitizerFor, UnknownPseudonymImplementationError } from "./sanitizers.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import { silentLogger } from "./types.js";

const RULES = `endpoints:
  - pathTemplate: /users
    transforms:
      - !<pseudonymize>
        jsonPaths: ["$.email"]
        includeReversible: true
        encoding: URL_SAFE_TOKEN
`;

function sanitizers(
  env: Record<string, string> = {},
  secrets: Record<string, string> = { PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret" },
) {
  const config = new MemoryConfigService({ env: { RULES, ...env }, secrets });
  return new Sanitizers({
    config,
    rules: new RulesSource({ config, logger: silentLogger }),
    keys: new PseudonymKeyStore(config),
    targetHost: "https://api.example.com",
  });
}

async function code(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (e) {
    return e instanceof RulesLoadError ? e.code : String(e);
  }
}

describe("sanitizers", () => {
  it("picks the LEGACY sanitizer for v0.3, the default for v0.4 or no header, and throws otherwise", async () => {
    const set = await sanitizers().get();
    expect(sanitizerFor(set, null)).toBe(set.sanitizer);
    expect(sanitizerFor(set, "v0.4")).toBe(set.sanitizer);
    const legacy = sanitizerFor(set, "v0.3");
    expect(legacy).not.toBe(set.sanitizer);
    expect(sanitizerFor(set, "v0.3")).toBe(legacy);
    expect(() => sanitizerFor(set, "V0.4")).toThrow(UnknownPseudonymImplementationError);
    const body = '{"email":"alice@acme.com"}';
    const url = "https://api.example.com/users";
    expect(legacy.sanitize("GET", url, body)).not.toBe(set.sanitizer.sanitize("GET", url, body));
  });

  it.each([
    [{ PSEUDONYM_IMPLEMENTATION: "v0.3" }, "CONFIGURATION_FAILURE"],
    [{ PSEUDONYM_IMPLEMENTATION: "v0.5" }, "CONFIGURATION_FAILURE"],
    [{ EMAIL_CANONICALIZATION: "LOOSE" }, "CONFIGURATION_FAILURE"],
    [{ EMAIL_DOMAIN_HANDLING: "HIDE" }, "CONFIGURATION_FAILURE"],
    [{ PSEUDONYM_IMPLEMENTATION: "v0.4", EMAIL_CANONICALIZATION: "ignore_dots" }, "ok"],
  ])("settings %j: %s", async (env, expected) => {
    expect(await code(sanitizers(env).get())).toBe(expected);
  });

  it("needs the salt", async () => {
    expect(await code(sanitizers({}, {}).get())).toBe("CONFIGURATION_FAILURE");
  });
});
