/**
 * Steps 8-9 (api-mode spec 1.9): the request's declared encoding must be UTF-8 compatible, the body is
 * read as UTF-8 and trimmed (blank = no body), and GET / HEAD may not carry one.
 */
import { isBlank, jtrim } from "../core/java/strings.js";
import { GatewayError } from "./gateway-error.js";

const UTF8_COMPATIBLE = new Set([
  "utf-8",
  "utf8",
  "utf_8",
  "ascii",
  "us-ascii",
  "us_ascii",
  "iso-8859-1",
  "iso_8859_1",
  "latin1",
  "latin-1",
]);

/** Throws 400 INVALID_REQUEST unless Content-Encoding is absent or names a UTF-8 compatible charset. */
export function checkContentEncoding(headers: Headers): void {
  const value = headers.get("Content-Encoding");
  if (value === null || UTF8_COMPATIBLE.has(value.trim().toLowerCase())) return;
  throw new GatewayError(
    400,
    "INVALID_REQUEST",
    `Content encoding ${value} not supported; only UTF-8 compatible encodings are supported (utf-8, ascii, iso-8859-1, us-ascii)`,
  );
}

/** The request body as trimmed UTF-8 text, or undefined when there is none or it is blank. */
export async function readRequestBody(request: Request): Promise<string | undefined> {
  // A GET or HEAD Request has no body unless a host attached the one it received (attachBody defines
  // `body` on the object itself); not touching `body` spares the Node host building a full Request.
  const m = request.method;
  if ((m === "GET" || m === "HEAD") && Object.getOwnPropertyDescriptor(request, "body") === undefined) {
    return undefined;
  }
  if (request.body === null) return undefined;
  const text = jtrim(new TextDecoder("utf-8").decode(await request.arrayBuffer()));
  return isBlank(text) ? undefined : text;
}

/** Throws 400 (no X-Psoxy-Error) for a GET or HEAD with a body. */
export function checkBodyAllowed(method: string, body: string | undefined): void {
  const m = method.toUpperCase();
  if (body !== undefined && (m === "GET" || m === "HEAD")) {
    throw new GatewayError(400, undefined, "Request body is not allowed for GET or HEAD requests");
  }
}
