/**
 * Pub/Sub side outputs (api-mode spec 6.7, `https://pubsub.googleapis.com/…`): one publish per write,
 * as async-pubsub.ts does it: fetch to the REST API (`POST {endpoint}/v1/{topic}:publish`) with an
 * access token from google-auth-library (Application Default Credentials, loaded on first use);
 * `PUBSUB_EMULATOR_HOST` or the `endpoint` option point it elsewhere, without auth. The Lambda bundle
 * never imports this file. The message:
 *
 * - data: the gzip bytes of the content (base64 in the REST call, as the API requires);
 * - attributes:
 *   - `Content-Type`: `application/json` (of the content before compression), `Content-Encoding`: `gzip`
 *     (the reference's attribute names for its Pub/Sub outputs),
 *   - `Psoxy-Output-Key`: `<yyyyMMdd>/<requestId>`, the key a bucket output would have,
 *   - then one attribute per metadata entry (spec 6.7), named as the entry, like a bucket object's
 *     metadata.
 *
 * Pub/Sub limits attributes to 100 per message, keys to 256 bytes (none starting with `goog`) and
 * values to 1024 bytes. An entry that cannot be an attribute (a long REQUEST_BODY or header value, a
 * key Pub/Sub reserves or that is taken by the attributes above, entries beyond the 100th) is left out,
 * and its name is listed in the attribute `Psoxy-Metadata-Omitted` (comma-separated; ending in `,…`
 * if the list itself had to be cut at 1024 bytes). The message (data plus attribute keys and values) may
 * be at most 10 MB; a larger one is refused here, before publishing, and the write fails.
 */
import { PUBSUB_ENDPOINT, pubSubTokenSource } from "./async-pubsub.js";
import {
  ATTRIBUTE,
  type QueueLocation,
  type QueueMessage,
  type QueueSender,
  SideOutputQueueError,
} from "./side-output-queue.js";

/** Pub/Sub's message size limit (data and attributes), 10 MB. */
export const PUBSUB_MAX_MESSAGE_BYTES = 10_000_000;
export const PUBSUB_MAX_ATTRIBUTES = 100;
export const PUBSUB_MAX_KEY_BYTES = 256;
export const PUBSUB_MAX_VALUE_BYTES = 1024;
export const PUBSUB_OMITTED_ATTRIBUTE = "Psoxy-Metadata-Omitted";

export interface PubSubSideOutputOptions {
  /** e.g. `http://127.0.0.1:8085`; default PUBSUB_EMULATOR_HOST (http, no auth) or the topic's endpoint */
  endpoint?: string;
  /** Bearer token source; default google-auth-library's Application Default Credentials; null = none. */
  accessToken?: (() => Promise<string | null | undefined>) | null;
  /** per publish call (default 5 s) */
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** default PUBSUB_MAX_MESSAGE_BYTES */
  maxMessageBytes?: number;
}

/** The Pub/Sub attributes of a side-output message (see the header) and its size as Pub/Sub counts it. */
export function pubSubSideOutputAttributes(
  m: Pick<QueueMessage, "gzip" | "contentType" | "metadata" | "key">,
): {
  attributes: Record<string, string>;
  size: number;
} {
  const attributes: Record<string, string> = {
    [ATTRIBUTE.contentType]: m.contentType,
    [ATTRIBUTE.contentEncoding]: "gzip",
    [ATTRIBUTE.outputKey]: m.key,
  };
  const reserved = new Set([...Object.keys(attributes), PUBSUB_OMITTED_ATTRIBUTE]);
  // room for the fixed attributes and the list of omitted entries
  let room = PUBSUB_MAX_ATTRIBUTES - reserved.size;
  const omitted: string[] = [];
  for (const [key, value] of Object.entries(m.metadata)) {
    const fits =
      room > 0 &&
      key !== "" &&
      !reserved.has(key) &&
      !key.toLowerCase().startsWith("goog") &&
      Buffer.byteLength(key) <= PUBSUB_MAX_KEY_BYTES &&
      Buffer.byteLength(value) <= PUBSUB_MAX_VALUE_BYTES;
    if (fits) {
      attributes[key] = value;
      room--;
    } else {
      omitted.push(key);
    }
  }
  if (omitted.length > 0) attributes[PUBSUB_OMITTED_ATTRIBUTE] = omittedList(omitted);
  let size = m.gzip.length;
  for (const [k, v] of Object.entries(attributes)) size += Buffer.byteLength(k) + Buffer.byteLength(v);
  return { attributes, size };
}

/** The names, comma-separated, cut at a name boundary to fit an attribute value. */
function omittedList(names: string[]): string {
  const all = names.join(",");
  if (Buffer.byteLength(all) <= PUBSUB_MAX_VALUE_BYTES) return all;
  const cut = ",…";
  let out = "";
  for (const n of names) {
    const next = out === "" ? n : `${out},${n}`;
    if (Buffer.byteLength(next) + Buffer.byteLength(cut) > PUBSUB_MAX_VALUE_BYTES) break;
    out = next;
  }
  return `${out}${cut}`;
}

/** Aborts when either does (AbortSignal.any needs Node 20.3). */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (a.aborted) return a;
  if (b.aborted) return b;
  const c = new AbortController();
  const abort = (s: AbortSignal) => () => c.abort(s.reason);
  a.addEventListener("abort", abort(a), { once: true });
  b.addEventListener("abort", abort(b), { once: true });
  return c.signal;
}

export function createPubSubSideOutputSender(options: PubSubSideOutputOptions = {}): QueueSender {
  const env = options.env ?? process.env;
  const emulator = env.PUBSUB_EMULATOR_HOST?.trim();
  const fixed = options.endpoint ?? (emulator ? `http://${emulator}` : undefined);
  const token = pubSubTokenSource(options.accessToken, options.endpoint, emulator);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxMessageBytes ?? PUBSUB_MAX_MESSAGE_BYTES;

  return {
    kind: "pubsub",
    async send(location: QueueLocation, m: QueueMessage): Promise<void> {
      if (location.kind !== "pubsub") throw new SideOutputQueueError("not a Pub/Sub topic");
      const { attributes, size } = pubSubSideOutputAttributes(m);
      if (size > maxBytes) {
        throw new SideOutputQueueError(
          `message of ${size} bytes exceeds the Pub/Sub message size limit of ${maxBytes} bytes`,
        );
      }
      const endpoint = (fixed ?? location.endpoint ?? PUBSUB_ENDPOINT).replace(/\/+$/, "");
      const headers: Record<string, string> = { "content-type": "application/json" };
      const bearer = token ? await token() : undefined;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const response = await fetch(`${endpoint}/v1/${location.topic}:publish`, {
        method: "POST",
        headers,
        body: JSON.stringify({ messages: [{ data: m.gzip.toString("base64"), attributes }] }),
        signal: eitherSignal(m.signal, AbortSignal.timeout(timeoutMs)),
      });
      const text = await response.text();
      if (!response.ok) throw new SideOutputQueueError(`Pub/Sub publish answered HTTP ${response.status}`);
      let ids: unknown;
      try {
        ids = (JSON.parse(text) as { messageIds?: unknown }).messageIds;
      } catch {
        ids = undefined;
      }
      if (!Array.isArray(ids) || ids.length !== 1) {
        throw new SideOutputQueueError("Pub/Sub publish returned no message id");
      }
    },
  };
}
