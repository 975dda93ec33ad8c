/**
 * A gateway answer as plain data: status, headers and body, before any web `Response` exists. The
 * source-response step (spec 1.15) builds one for every source answer; `Gateway.handle` turns it into
 * the `Response` the platform hosts expect, and the Node server, which writes to a node:http response
 * anyway, reads it directly and skips the web Headers/Response objects (and the body's copy into them)
 * on its hot path.
 */
import { plainResponse } from "./gateway-error.js";

/** What web `Headers` refuses in a value (it throws a TypeError for these, and for non-byte characters). */
const FORBIDDEN_VALUE = /[\0\r\n\u0100-\uffff]/;

const isHttpWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** A header value as web `Headers` stores it: leading and trailing HTTP whitespace removed. */
function normalizeValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  const v = start === 0 && end === value.length ? value : value.slice(start, end);
  if (FORBIDDEN_VALUE.test(v)) throw new TypeError(`invalid header value for ${JSON.stringify(v)}`);
  return v;
}

/**
 * Response headers with the semantics of web `Headers` for what the gateway does with them: names are
 * case-insensitive and kept lower-cased, `append` joins values with ", ", values are normalized and
 * validated the same way, and iteration yields the names in ascending order.
 */
export class ReplyHeaders implements Iterable<[string, string]> {
  /** the normalized values set or appended, per lower-cased name */
  private readonly values = new Map<string, string[]>();

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), [normalizeValue(value)]);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const v = normalizeValue(value);
    const previous = this.values.get(key);
    if (previous === undefined) this.values.set(key, [v]);
    else previous.push(v);
  }

  get(name: string): string | null {
    return this.values.get(name.toLowerCase())?.join(", ") ?? null;
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** name/value pairs in the order web `Headers` iterates them (lower-cased names, ascending). */
  entries(): [string, string][] {
    const out: [string, string][] = [];
    for (const [name, values] of this.values) out.push([name, values.join(", ")]);
    if (out.length > 1) out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return out;
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  /** The same headers as web Headers (appended value by value: a joined value would be normalized again). */
  toHeaders(): Headers {
    const out = new Headers();
    for (const [name, values] of this.values) for (const v of values) out.append(name, v);
    return out;
  }
}

export class GatewayReply {
  constructor(
    readonly status: number,
    readonly headers: ReplyHeaders,
    /** "" or empty bytes = no body */
    readonly body: string | Uint8Array,
  ) {}

  /** The web Response the gateway answers with (`plainResponse`: exact headers, no added content type). */
  toResponse(): Response {
    return plainResponse(this.status, this.body, this.headers.toHeaders());
  }
}
