/**
 * Recognizing and authenticating the GCP async leg (api-mode spec 6.3.3): Pub/Sub push deliveries reach
 * the function URL like any request. A request is taken for one only when ASYNC_PUB_SUB_QUEUE is
 * configured and its User-Agent names Google's push agent (`APIs-Google`, `Google-Cloud-PubSub`); it
 * must then carry `Authorization: Bearer <Google ID token>` signed by Google, issued by
 * accounts.google.com for the audience SERVICE_URL (the push subscription's OIDC token). Anything else
 * is refused by throwing, which the platform answers with 500.
 * The signature is checked with jose against Google's published keys (JWKS, fetched and cached by jose).
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { ConfigService } from "../config/types.js";

export const GOOGLE_ID_TOKEN_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
/** Google ID tokens name either form (Google's documentation); Pub/Sub push uses the https one. */
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

export class PubSubPushAuthError extends Error {
  readonly code = "PUBSUB_PUSH_UNAUTHORIZED";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PubSubPushAuthError";
  }
}

/** The push agent's User-Agent (the first, cheap test: no I/O). */
export function isPubSubUserAgent(userAgent: string | null | undefined): boolean {
  return (
    userAgent != null && (userAgent.includes("APIs-Google") || userAgent.includes("Google-Cloud-PubSub"))
  );
}

export interface PubSubPushAuthOptions {
  config: ConfigService;
  /** where Google's ID-token keys are published (tests: a loopback JWKS) */
  jwksUrl?: string;
  /** the verification clock (tests) */
  now?: () => Date;
}

export class PubSubPushAuth {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: PubSubPushAuthOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl ?? GOOGLE_ID_TOKEN_JWKS_URL));
  }

  /** Whether this request is to be handled as a push delivery (spec 6.3.3's two conditions). */
  async applies(headers: Headers): Promise<boolean> {
    if (!isPubSubUserAgent(headers.get("user-agent"))) return false;
    const queue = await this.options.config.getConfig("ASYNC_PUB_SUB_QUEUE");
    return queue !== undefined && queue.trim() !== "";
  }

  /** Throws PubSubPushAuthError unless the request carries a valid push token for SERVICE_URL. */
  async verify(headers: Headers): Promise<void> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
    if (!m) throw new PubSubPushAuthError("Pub/Sub push without a Bearer token");
    const audience = (await this.options.config.getConfig("SERVICE_URL"))?.trim();
    if (!audience) throw new PubSubPushAuthError("SERVICE_URL is not set: cannot verify Pub/Sub push tokens");
    try {
      await jwtVerify(m[1]!, this.keys, {
        issuer: GOOGLE_ISSUERS,
        audience,
        algorithms: ["RS256"],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new PubSubPushAuthError(
        `Pub/Sub push token rejected${typeof code === "string" ? ` (${code})` : ""}`,
        { cause: e },
      );
    }
  }
}
