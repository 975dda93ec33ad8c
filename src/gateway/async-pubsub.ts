/**
 * GCP async dispatch (api-mode spec 6.4, sync leg): publish to ASYNC_PUB_SUB_QUEUE
 * (`projects/<p>/topics/<t>`) one message whose data is the JSON request DTO and whose attribute
 * `processingContext` is the context JSON. Plain fetch against the Pub/Sub REST API
 * (`POST {endpoint}/v1/{topic}:publish`) with an access token from google-auth-library (the function's
 * service account), rather than @google-cloud/pubsub and its gRPC stack: one call per async request
 * does not need a batching publisher, and the Cloud Function stays small. `PUBSUB_EMULATOR_HOST` (the
 * Google client libraries' convention) or the `endpoint` option point it elsewhere, without auth.
 */
import { type AsyncDispatcher, AsyncQueueError, type AsyncQueueMessage } from "./async-dispatch.js";

export const PUBSUB_ENDPOINT = "https://pubsub.googleapis.com";
const PUBSUB_SCOPE = "https://www.googleapis.com/auth/pubsub";
const TOPIC = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

export interface PubSubDispatcherOptions {
  /** e.g. `http://127.0.0.1:8085`; default PUBSUB_EMULATOR_HOST (http, no auth) or the public endpoint */
  endpoint?: string;
  /** Bearer token source; default google-auth-library's Application Default Credentials; null = none. */
  accessToken?: (() => Promise<string | null | undefined>) | null;
  /** per publish call (default 10 s) */
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * ADC access token for Pub/Sub, google-auth-library loaded on first use (external in the Cloud
 * Function bundle). Shared by async dispatch and queue side outputs.
 */
export function defaultPubSubAccessToken(): () => Promise<string | null | undefined> {
  let auth: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined;
  return async () => {
    auth ??= import("google-auth-library").then(
      ({ GoogleAuth }) => new GoogleAuth({ scopes: [PUBSUB_SCOPE] }),
    );
    auth.catch(() => {
      auth = undefined;
    });
    return (await auth).getAccessToken();
  };
}

/**
 * The bearer token source of a Pub/Sub client: the one given; none for the emulator (unless an explicit
 * endpoint was given); else Application Default Credentials.
 */
export function pubSubTokenSource(
  given: (() => Promise<string | null | undefined>) | null | undefined,
  endpoint: string | undefined,
  emulator: string | undefined,
): (() => Promise<string | null | undefined>) | null {
  if (given !== undefined) return given;
  return endpoint === undefined && emulator ? null : defaultPubSubAccessToken();
}

export function createPubSubDispatcher(options: PubSubDispatcherOptions = {}): AsyncDispatcher {
  const env = options.env ?? process.env;
  const emulator = env.PUBSUB_EMULATOR_HOST?.trim();
  const endpoint = (options.endpoint ?? (emulator ? `http://${emulator}` : PUBSUB_ENDPOINT)).replace(
    /\/+$/,
    "",
  );
  const token = pubSubTokenSource(options.accessToken, options.endpoint, emulator);
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    queueProperty: "ASYNC_PUB_SUB_QUEUE",
    async send(m: AsyncQueueMessage): Promise<void> {
      const topic = m.queue;
      if (!TOPIC.test(topic)) {
        throw new AsyncQueueError(
          `ASYNC_PUB_SUB_QUEUE must name a topic as projects/<project>/topics/<topic>, not "${topic}"`,
        );
      }
      try {
        const headers: Record<string, string> = { "content-type": "application/json" };
        const bearer = token ? await token() : undefined;
        if (bearer) headers.authorization = `Bearer ${bearer}`;
        const data = Buffer.from(JSON.stringify(m.message), "utf8").toString("base64");
        const response = await fetch(`${endpoint}/v1/${topic}:publish`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            messages: [{ data, attributes: { processingContext: m.processingContext } }],
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`Pub/Sub publish answered HTTP ${response.status}`);
        const ids = (JSON.parse(text) as { messageIds?: unknown }).messageIds;
        if (!Array.isArray(ids) || ids.length !== 1)
          throw new Error("Pub/Sub publish returned no message id");
      } catch (e) {
        throw new AsyncQueueError(`Failed to publish message to PubSub topic: ${topic}`, { cause: e });
      }
    },
  };
}
