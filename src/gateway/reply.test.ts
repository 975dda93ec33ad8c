import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainResponse } from "./gateway-error.js";
import { GatewayReply, ReplyHeaders } from "./reply.js";

type Op = { kind: "set" | "append"; name: string; value: string };

/** Runs the operations on a header object; the error class name of the first failure, if any. */
function apply(target: { set(n: string, v: string): void; append(n: string, v: string): void }, ops: Op[]) {
  for (const op of ops) {
    try {
      target[op.kind](op.name, op.value);
    } catch (e) {
      return (e as Error).name;
    }
  }
  return undefined;
}

const names = fc.constantFrom(
  "Content-Type",
  "content-type",
  "X-Psoxy-Warning",
  "x-psoxy-warning",
  "ETag",
  "x-ratelimit-remaining",
  "Link",
  "a",
  "Z-Last",
);
const values = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(" padded ", "\ttab\t", "a\r\nb", "nul\0", "", "é", "\u0100x", "v, w", "\n"),
);
const ops = fc.array(
  fc.record({ kind: fc.constantFrom<"set" | "append">("set", "append"), name: names, value: values }),
  { maxLength: 12 },
);

describe("ReplyHeaders", () => {
  it("behaves as web Headers for set/append/get/has and iteration order", () => {
    fc.assert(
      fc.property(ops, (list) => {
        const reply = new ReplyHeaders();
        const web = new Headers();
        const replyError = apply(reply, list);
        const webError = apply(web, list);
        expect(replyError === undefined).toBe(webError === undefined);
        if (webError !== undefined) return;
        expect([...reply]).toEqual([...web]);
        for (const n of ["content-type", "X-PSOXY-WARNING", "etag", "missing"]) {
          expect(reply.get(n)).toBe(web.get(n));
          expect(reply.has(n)).toBe(web.has(n));
        }
        expect([...reply.toHeaders()]).toEqual([...web]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("GatewayReply.toResponse", () => {
  it("is the Response plainResponse gives for the same status, body and headers", async () => {
    const cases: [number, string | Uint8Array][] = [
      [200, '{"a":"é \ud800"}'],
      [200, ""],
      [204, ""],
      [502, Buffer.from("raw error")],
      [404, new Uint8Array()],
    ];
    for (const [status, body] of cases) {
      const h = new ReplyHeaders();
      h.set("Content-Type", "application/json");
      h.append("X-Psoxy-Warning", "one");
      h.append("x-psoxy-warning", "two");
      const web = new Headers();
      web.set("Content-Type", "application/json");
      web.append("X-Psoxy-Warning", "one");
      web.append("x-psoxy-warning", "two");
      const got = new GatewayReply(status, h, body).toResponse();
      const want = plainResponse(status, body, web);
      expect(got.status).toBe(want.status);
      expect([...got.headers]).toEqual([...want.headers]);
      expect(got.body === null).toBe(want.body === null);
      expect(Buffer.from(await got.arrayBuffer())).toEqual(Buffer.from(await want.arrayBuffer()));
    }
  });
});
