/**
 * The catalogue's auth-name table (`src/connectors/auth-requirements.ts`, taken from api-mode spec 5)
 * against the auth module's own table (`src/auth/strategy-table.ts`): same strategies and grant types,
 * and every property a connector spec names is one the auth module reads.
 */
import { describe, expect, it } from "vitest";
import { AUTH_STRATEGIES, GRANT_TYPE_SPECS } from "../../src/auth/strategy-table.js";
import {
  AUTH_STRATEGY_NAMES,
  GENERAL_ENV_VARS,
  OAUTH2_REFRESH_TOKEN_NAMES,
} from "../../src/connectors/auth-requirements.js";
import { listConnectors } from "../../src/connectors/index.js";

/** every property name the auth module reads for a strategy (and grant type, all its variants) */
function authModuleNames(strategy: string, grantType?: string): Set<string> {
  const names = new Set<string>();
  const s = AUTH_STRATEGIES.find((x) => x.id === strategy);
  for (const p of s?.properties ?? []) names.add(p.name);
  const g = GRANT_TYPE_SPECS.find((x) => x.id === grantType);
  for (const p of g?.properties ?? []) names.add(p.name);
  for (const option of Object.values(g?.variants?.options ?? {})) for (const p of option) names.add(p.name);
  return names;
}

describe("catalogue auth names against the auth module", () => {
  it("knows the same strategies and grant types", () => {
    expect(Object.keys(AUTH_STRATEGY_NAMES).sort()).toEqual(AUTH_STRATEGIES.map((s) => s.id).sort());
    expect(Object.keys(OAUTH2_REFRESH_TOKEN_NAMES.grantTypes).sort()).toEqual(
      GRANT_TYPE_SPECS.map((g) => g.id).sort(),
    );
  });

  it("names only properties the auth module reads", () => {
    for (const c of listConnectors().filter((x) => x.mode === "api")) {
      const grant = c.environmentVariables?.GRANT_TYPE;
      const known = authModuleNames(c.sourceAuthStrategy!, grant);
      for (const v of c.securedVariables) expect(known.has(v.name), `${c.id}: ${v.name}`).toBe(true);
      for (const name of Object.keys(c.environmentVariables ?? {})) {
        if (GENERAL_ENV_VARS.includes(name)) continue;
        expect(known.has(name), `${c.id}: ${name}`).toBe(true);
      }
    }
  });
});
