import { describe, expect, it } from "vitest";
import { passThroughHeaders } from "./response-headers.js";

describe("source response header pass-through", () => {
  it("keeps content, caching and rate-limit headers, lower-cased and joined; drops the rest", () => {
    const h = passThroughHeaders({
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache",
      etag: '"x"',
      link: ["<a>; rel=next", "<b>; rel=prev"],
      expires: "0",
      "last-modified": "yesterday",
      "retry-after": "15",
      "x-ratelimit-remaining": "0",
      "X-RateLimit-Reset": "99",
      "set-cookie": ["a=1"],
      location: "https://elsewhere",
      "www-authenticate": "Bearer",
      "content-length": "10",
      "content-encoding": "gzip",
      connection: "keep-alive",
      "x-custom": "1",
      "x-ratelimi": "no",
    });
    expect(Object.fromEntries(h)).toEqual({
      "cache-control": "no-cache",
      "content-type": "application/json; charset=utf-8",
      etag: '"x"',
      expires: "0",
      "last-modified": "yesterday",
      link: "<a>; rel=next,<b>; rel=prev",
      "retry-after": "15",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "99",
    });
  });
});
