/**
 * `psoxy serve --demo`: a complete local setup in one process. A loopback HTTPS demo source (calendar
 * and meetings APIs with synthetic data) is started with a fresh self-signed certificate; the proxy
 * is configured to call it (TARGET_HOST, oauth2_access_token, the demo rules) and trusts that
 * certificate through the gateway's `ca` option. The source's ACCESS_TOKEN lives in the local secrets
 * file like any other secret, generated on first use.
 */

import { generateSecret } from "../config/local-file-store.js";
import type { ConfigService } from "../config/types.js";
import { DEMO_RULES_YAML } from "./demo-rules.js";
import { startDemoSource } from "./demo-source.js";
import { createSelfSignedCertificate, type HttpsSource } from "./https-source.js";

export const DEMO_SOURCE = "demo";

export interface DemoSource {
  /** Settings the proxy runs with (override the environment's). */
  env: Record<string, string>;
  /** PEM certificate of the demo source: pass as the gateway's `ca`. */
  ca: string;
  source: HttpsSource;
  /** Reads ACCESS_TOKEN from the secret store, creating it there when absent. */
  connect(config: ConfigService): Promise<void>;
  close(): Promise<void>;
}

export async function startDemo(): Promise<DemoSource> {
  const certificate = await createSelfSignedCertificate();
  let token: string | undefined;
  const source = await startDemoSource(() => token, { certificate });
  return {
    env: {
      TARGET_HOST: source.hostPort,
      SOURCE: DEMO_SOURCE,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: DEMO_RULES_YAML,
    },
    ca: certificate.cert,
    source,
    async connect(config) {
      token = await config.getSecret("ACCESS_TOKEN");
      if (token === undefined || token.trim() === "") {
        token = generateSecret();
        await config.putSecret("ACCESS_TOKEN", token);
      }
    },
    close: () => source.close(),
  };
}

/** The startup banner: where things are and two commands to try. */
export function demoBanner(proxyUrl: string, sourceUrl: string, secretsFile: string): string {
  const q = (s: string) => `'${s}'`;
  return [
    "",
    "psoxy demo",
    `  proxy:   ${proxyUrl}  (pseudonymizes and filters what the source returns)`,
    `  source:  ${sourceUrl}  (demo calendar and meetings APIs, self-signed HTTPS, loopback only)`,
    `  secrets: ${secretsFile}  (PSOXY_SALT, PSOXY_ENCRYPTION_KEY, ACCESS_TOKEN)`,
    "",
    "A sanitized response: titles and names redacted, e-mail addresses pseudonymized:",
    `  curl -s ${q(`${proxyUrl}/calendar/v3/calendars/primary/events?maxResults=10`)}`,
    "Blocked by the rules (403, X-Psoxy-Error: BLOCKED_BY_RULES):",
    `  curl -si ${q(`${proxyUrl}/calendar/v3/users/me/settings`)}`,
    "More: meetings and participants, and the health check:",
    `  curl -s ${q(`${proxyUrl}/v2/users/me/meetings`)}`,
    `  curl -s ${q(`${proxyUrl}/v2/past_meetings/81234567890/participants`)}`,
    `  curl -s -H 'X-Psoxy-Health-Check: true' ${q(`${proxyUrl}/`)}`,
    "",
    "Ctrl-C stops the proxy and the demo source.",
    "",
  ].join("\n");
}
