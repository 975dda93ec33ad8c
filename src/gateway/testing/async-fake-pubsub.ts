/**
 * A fake Google Pub/Sub REST API and Google ID-token issuer on loopback, for tests:
 * `POST /v1/projects/<p>/topics/<t>:publish` as the REST API answers it (`{"messageIds": [...]}`,
 * 404 NOT_FOUND for an unknown topic), and `GET /oauth2/v3/certs` publishing the key that `idToken`
 * signs with, so push tokens are checked exactly as Google's are. Published messages can be turned into
 * the push request body that a push subscription delivers.
 */
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { type LoopbackServer, startLoopbackServer } from "../../config/test-servers/loopback.js";

export interface PublishedMessage {
  topic: string;
  /** base64 */
  data: string;
  attributes: Record<string, string>;
  messageId: string;
  authorization: string | undefined;
}

export interface FakePubSub {
  server: LoopbackServer;
  readonly endpoint: string;
  readonly jwksUrl: string;
  readonly messages: PublishedMessage[];
  createTopic(project: string, topic: string): string;
  /** the body a push subscription POSTs for a message */
  pushBody(message: PublishedMessage, subscription?: string): string;
  /** a Google-style ID token signed with the published key */
  idToken(claims: { aud: string; iss?: string; email?: string; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakePubSub(): Promise<FakePubSub> {
  const topics = new Set<string>();
  const messages: PublishedMessage[] = [];
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  const server = await startLoopbackServer((req) => {
    if (req.method === "GET" && req.url === "/oauth2/v3/certs") return { body: { keys: [jwk] } };
    const m = /^\/v1\/(projects\/[^/]+\/topics\/[^/:]+):publish$/.exec(req.url);
    if (req.method !== "POST" || !m)
      return { status: 404, body: { error: { code: 404, status: "NOT_FOUND" } } };
    const topic = m[1]!;
    if (!topics.has(topic)) {
      return {
        status: 404,
        body: {
          error: { code: 404, message: `Resource not found (resource=${topic}).`, status: "NOT_FOUND" },
        },
      };
    }
    const input = JSON.parse(req.body) as {
      messages?: { data?: string; attributes?: Record<string, string> }[];
    };
    const ids: string[] = [];
    for (const msg of input.messages ?? []) {
      const messageId = String(1000 + messages.length);
      messages.push({
        topic,
        data: msg.data ?? "",
        attributes: msg.attributes ?? {},
        messageId,
        authorization: req.headers.authorization,
      });
      ids.push(messageId);
    }
    return { body: { messageIds: ids } };
  });
  return {
    server,
    endpoint: server.url,
    jwksUrl: `${server.url}/oauth2/v3/certs`,
    messages,
    createTopic(project, topic) {
      const name = `projects/${project}/topics/${topic}`;
      topics.add(name);
      return name;
    },
    pushBody(message, subscription = "projects/p/subscriptions/s") {
      return JSON.stringify({
        message: {
          data: message.data,
          attributes: message.attributes,
          messageId: message.messageId,
          message_id: message.messageId,
          publishTime: new Date().toISOString(),
        },
        subscription,
      });
    },
    async idToken({ aud, iss = "https://accounts.google.com", email, expiresInSeconds = 3600 }) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        email: email ?? "pubsub-push@example.iam.gserviceaccount.com",
        email_verified: true,
      })
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
        .setIssuer(iss)
        .setAudience(aud)
        .setSubject(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .sign(privateKey);
    },
    close: () => server.close(),
  };
}
