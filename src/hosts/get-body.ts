/**
 * A web Request cannot carry a body on GET or HEAD (the Fetch standard's constructor refuses it), yet
 * the gateway must see such a body to answer 400 at its place in the pipeline (api-mode spec 1.9,
 * step 9) instead of silently dropping it. Hosts that received one attach it with `attachBody`: the
 * body readers of that one Request object then return it.
 */
export function attachBody(request: Request, body: Uint8Array): Request {
  const bytes = new Uint8Array(body);
  let used = false;
  const take = (): Uint8Array => {
    if (used) throw new TypeError("Body is unusable: Body has already been read");
    used = true;
    return bytes;
  };
  Object.defineProperties(request, {
    body: { configurable: true, get: () => (used ? null : new Blob([bytes]).stream()) },
    bodyUsed: { configurable: true, get: () => used },
    arrayBuffer: { configurable: true, value: async () => take().slice().buffer },
    bytes: { configurable: true, value: async () => take().slice() },
    text: { configurable: true, value: async () => new TextDecoder().decode(take()) },
    json: { configurable: true, value: async () => JSON.parse(new TextDecoder().decode(take())) },
    blob: { configurable: true, value: async () => new Blob([take()]) },
  });
  return request;
}

export function isBodylessMethod(method: string): boolean {
  return method === "GET" || method === "HEAD";
}
