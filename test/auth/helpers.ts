/**
 * Shared pieces of the source-auth integration tests: a loopback token endpoint (plain HTTP, records
 * every request), RSA test keys generated per run, a controllable clock, and a gateway wired to the
 * HTTPS fake source of the gateway tests.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import type { AuthOptions } from "../../src/auth/index.js";
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "../../src/config/test-servers/loopback.js";
import type { ConfigService } from "../../src/config/types.js";
import {
  createGateway,
  type GatewayInstance,
  type GatewayOptions,
  type GatewayPlatform,
} from "../../src/gateway/index.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { CaptureLogger } from "../gateway/capture-logger.js";
import type { FakeSource } from "../gateway/fake-source.js";
import { ENCRYPTION_KEY, RULES_YAML, SALT } from "../gateway/rules-fixture.js";

export type { RecordedRequest };

export interface TokenEndpoint extends LoopbackServer {
  /** replaces the handler */
  handle(handler: (req: RecordedRequest) => LoopbackReply | Promise<LoopbackReply>): void;
}

export async function startTokenEndpoint(
  initial: (req: RecordedRequest) => LoopbackReply | Promise<LoopbackReply> = () => ({
    body: { access_token: "access-token-default", token_type: "bearer", expires_in: 3600 },
  }),
): Promise<TokenEndpoint> {
  let handler = initial;
  const server = await startLoopbackServer((req) => handler(req));
  return Object.assign(server, {
    handle(h: typeof handler) {
      handler = h;
    },
  });
}

/** The form fields of a recorded `application/x-www-form-urlencoded` body, in order. */
export function formFields(body: string): [string, string][] {
  return [...new URLSearchParams(body)];
}

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pkcs1Pem: string;
  pkcs8Pem: string;
}

let keyCache: TestKey | undefined;

/** A 2048-bit RSA key made once per test file. */
export function testKey(): TestKey {
  if (!keyCache) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    keyCache = {
      privateKey,
      publicKey,
      pkcs1Pem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      pkcs8Pem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
  }
  return keyCache;
}

/** Verifies an RS256 JWT with the test key's public half; returns its header and claims. */
export async function verifyJwt(jwt: string, publicKey: KeyObject, nowMs: number) {
  const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
    algorithms: ["RS256"],
    currentDate: new Date(nowMs),
  });
  return { header: protectedHeader, rawHeader: decodeProtectedHeader(jwt), claims: payload };
}

/** A clock tests move by hand (epoch millis; starts on a whole second). */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advanceSeconds(s: number): void {
    this.ms += s * 1000;
  }
}

export interface GatewaySetup {
  source: FakeSource;
  env?: Record<string, string | undefined>;
  secrets?: Record<string, string>;
  /** remote (non-env) config values */
  remote?: Record<string, string>;
  /** a ready config service (then env/secrets/remote are ignored) */
  config?: ConfigService;
  auth?: AuthOptions;
  platform?: GatewayPlatform;
  logger?: CaptureLogger;
  options?: Partial<GatewayOptions>;
}

/** The gateway env common to these tests: the fake source, its rules, the strategy. */
export function baseEnv(source: FakeSource, strategy: string): Record<string, string> {
  return {
    SOURCE: "test-source",
    TARGET_HOST: source.host,
    SOURCE_AUTH_STRATEGY_IDENTIFIER: strategy,
    RULES: RULES_YAML,
  };
}

export const BASE_SECRETS = { PSOXY_SALT: SALT, PSOXY_ENCRYPTION_KEY: ENCRYPTION_KEY };

export function gatewayFor(setup: GatewaySetup): {
  gateway: GatewayInstance;
  logger: CaptureLogger;
  config: ConfigService;
} {
  const config =
    setup.config ??
    new MemoryConfigService({
      env: setup.env,
      secrets: { ...BASE_SECRETS, ...setup.secrets },
      config: setup.remote,
    });
  const logger = setup.logger ?? new CaptureLogger();
  const gateway = createGateway({
    config,
    logger,
    platform: setup.platform ?? "node",
    ca: setup.source.ca,
    auth: { sleep: async () => {}, ...setup.auth },
    ...setup.options,
  });
  return { gateway, logger, config };
}

export const proxyRequest = (pathAndQuery: string, init?: RequestInit) =>
  new Request(`https://proxy.example.com${pathAndQuery}`, init);

/** Polls `condition` every 5 ms until true or `timeoutMs` passes. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every captured log line, the response status, headers and body, as one string to search. */
export async function everythingVisible(logger: CaptureLogger, res: Response): Promise<string> {
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${logger.text()}\n${res.status}\n${headers}\n${await res.clone().text()}`;
}

/** A MemoryConfigService that counts putSecret calls per name. */
export class CountingConfig extends MemoryConfigService {
  readonly puts: string[] = [];
  override async putSecret(name: string, value: string): Promise<void> {
    this.puts.push(name);
    await super.putSecret(name, value);
  }
  writes(name: string): number {
    return this.puts.filter((n) => n === name).length;
  }
}
