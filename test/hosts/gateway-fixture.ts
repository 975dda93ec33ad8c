/**
 * A real gateway (in-memory secrets, the example calendar rules plus a POST endpoint) in front of a
 * recording loopback HTTPS source, for the host adapter tests.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import { configServiceFromStores, MemoryStore } from "../../src/config/index.js";
import {
  createSelfSignedCertificate,
  type HttpsSource,
  startHttpsSource,
} from "../../src/demo/https-source.js";
import {
  createGateway,
  type GatewayInstance,
  type GatewayPlatform,
  silentLogger,
} from "../../src/gateway/index.js";

const examples = resolve(import.meta.dirname, "../../examples/rules-test");
export const eventsJson = readFileSync(resolve(examples, "responses/events.json"), "utf8");
export const eventsSanitized = JSON.parse(
  readFileSync(resolve(examples, "responses/events.sanitized.json"), "utf8"),
);

export const RULES = `${readFileSync(resolve(examples, "calendar-rules.yaml"), "utf8").trimEnd()}
  - pathTemplate: "/search"
    allowedMethods: [POST]
    transforms:
      - !<pseudonymize>
        jsonPaths:
          - "$..email"
`;

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Reply = (req: Recorded, res: ServerResponse) => void;

export interface Fixture {
  source: HttpsSource;
  requests: Recorded[];
  /** What the source answers next (default: the example events). */
  reply: Reply;
  gateway(platform: GatewayPlatform, instanceId?: string): GatewayInstance;
  close(): Promise<void>;
}

export const defaultReply: Reply = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
  res.end(eventsJson);
};

export async function startFixture(): Promise<Fixture> {
  const requests: Recorded[] = [];
  const certificate = await createSelfSignedCertificate();
  const fixture: Fixture = {
    source: undefined as unknown as HttpsSource,
    requests,
    reply: defaultReply,
    gateway(platform, instanceId) {
      const store = new MemoryStore({
        PSOXY_SALT: "salt",
        PSOXY_ENCRYPTION_KEY: "secret",
        ACCESS_TOKEN: "source-token",
      });
      const env = {
        TARGET_HOST: fixture.source.hostPort,
        SOURCE: "test-calendar",
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        RULES,
      };
      const config = configServiceFromStores({ env, store, instancePrefix: "", sharedPrefix: "" });
      return createGateway({ config, logger: silentLogger, platform, instanceId, ca: certificate.cert });
    },
    close: () => fixture.source.close(),
  };
  fixture.source = await startHttpsSource(
    async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      fixture.reply(recorded, res);
    },
    { certificate },
  );
  return fixture;
}

/** The example events with `n` copies of the item: a sanitized body well over 2048 characters. */
export function manyEvents(n: number): { original: string; expectedItem: unknown } {
  const parsed = JSON.parse(eventsJson);
  const item = parsed.items[0];
  parsed.items = Array.from({ length: n }, () => item);
  return { original: JSON.stringify(parsed), expectedItem: eventsSanitized.items[0] };
}
