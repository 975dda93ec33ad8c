/**
 * The reference's REST conformance cases (../shared/conformance), each sent through the whole gateway:
 * the fake HTTPS source answers with the case's original response and the client must get the expected
 * sanitized one. Shows that rules loading, URL building and matching, and response handling agree with
 * the engine on real connector rules. Cases whose URL a web `Request` would rewrite are left out.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonEquals } from "../../src/core/json/convert.js";
import { parseJson } from "../../src/core/json/parse.js";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";
import { splitUrl, targetHostPath } from "../../src/core/rules/index.js";
import { createGateway, type GatewayInstance, silentLogger } from "../../src/gateway/index.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { type FakeSource, startFakeSource } from "./fake-source.js";

const dir = resolve(process.cwd(), "../shared/conformance");
const present = existsSync(resolve(dir, "cases.json"));

interface ApiCase {
  id: string;
  rules: string;
  method: string;
  url: string;
  original: string;
  expected?: string | null;
  targetHost?: string;
  ndjson?: boolean;
  options?: Record<string, string>;
}

const DEFAULT_OPTIONS: Record<string, string> = {
  pseudonymImplementation: "DEFAULT",
  emailCanonicalization: "STRICT",
  emailDomainHandling: "PRESERVE",
};

function usable(c: ApiCase): boolean {
  if (c.ndjson) return false;
  for (const [k, v] of Object.entries(c.options ?? {})) {
    if (k !== "defaultScopeId" && DEFAULT_OPTIONS[k] !== v) return false;
  }
  const parts = splitUrl(c.url);
  const raw = parts.query === null ? parts.path : `${parts.path}?${parts.query}`;
  if (!URL.canParse(c.url)) return false;
  const u = new URL(c.url);
  return `${u.pathname}${u.search}` === raw && !c.url.includes("#");
}

const cases: ApiCase[] = present
  ? (JSON.parse(readFileSync(resolve(dir, "cases.json"), "utf8")).api as ApiCase[]).filter(usable)
  : [];

const reverser = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });

/** The path the source should see (tokens decrypted), or null when a token does not decrypt. */
function decrypted(pathAndQuery: string): string | null {
  try {
    return reverser.reverseAll(pathAndQuery);
  } catch {
    return null;
  }
}

let source: FakeSource;
beforeAll(async () => {
  if (present) source = await startFakeSource();
});
afterAll(async () => {
  await source?.close();
});

describe.skipIf(!present)("conformance cases through the gateway", () => {
  it("has cases to run", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it("sanitizes every case as the reference does", async () => {
    const failures: string[] = [];
    const gateways = new Map<string, GatewayInstance>();
    for (const c of cases) {
      const original = readFileSync(resolve(dir, c.original), "utf8");
      const expected = c.expected ? readFileSync(resolve(dir, c.expected), "utf8") : "";
      source.handle((_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(original);
      });
      const base = targetHostPath(c.targetHost);
      const key = `${c.rules}|${base}`;
      let gateway = gateways.get(key);
      if (!gateway) {
        const config = new MemoryConfigService({
          env: {
            SOURCE: "conformance",
            TARGET_HOST: `${source.host}${base}`,
            SOURCE_AUTH_STRATEGY_IDENTIFIER: "basic_auth",
            RULES: readFileSync(resolve(dir, c.rules), "utf8"),
          },
          secrets: { PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret" },
        });
        gateway = createGateway({ config, logger: silentLogger, platform: "node", ca: source.ca });
        gateways.set(key, gateway);
      }
      const u = new URL(c.url);
      const path = base !== "" && u.pathname.startsWith(base) ? u.pathname.slice(base.length) : u.pathname;
      const seen = source.requests.length;
      const res = await gateway.handle(
        new Request(`https://proxy.example.com${path}${u.search}`, { method: c.method }),
      );
      const text = await res.text();
      const clear = decrypted(`${u.pathname}${u.search}`);
      if (clear === null) {
        // a token the test secrets cannot decrypt: the gateway must refuse to build the URL
        if (res.status !== 500 || res.headers.get("X-Psoxy-Error") !== "FAILED_TO_BUILD_URL") {
          failures.push(`${c.id}: undecryptable token gave HTTP ${res.status}`);
        }
        continue;
      }
      if (res.status !== 200) {
        failures.push(`${c.id}: HTTP ${res.status} ${res.headers.get("X-Psoxy-Error")}`);
        continue;
      }
      if (source.requests[seen]?.url !== new URL(`https://h${clear}`).href.slice("https://h".length)) {
        failures.push(`${c.id}: source saw ${source.requests[seen]?.url}`);
      }
      const ok = expected.trim() === "" ? text === "" : jsonEquals(parseJson(expected), parseJson(text));
      if (!ok) failures.push(`${c.id}: sanitized output differs`);
    }
    await Promise.all([...gateways.values()].map((g) => g.close()));
    expect(failures, failures.slice(0, 10).join("\n")).toEqual([]);
  });
});
