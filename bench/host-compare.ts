/**
 * Measures the HTTP host layer alone: the same in-memory gateway (a fixed 20 KB JSON answer, no
 * upstream call) behind a plain node:http translation (Headers from rawHeaders, new Request,
 * arrayBuffer, writeHead) and behind the `psoxy serve` host (@hono/node-server's listener),
 * alternating rounds in the same run. This chose the node server implementation; run with
 * `npx tsx bench/host-compare.ts`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "../src/gateway/types.js";
import { silentLogger } from "../src/gateway/types.js";
import { startNodeServer } from "../src/hosts/node-server.js";
import { percentile, runLoad } from "./load.js";

const body = JSON.stringify({
  items: Array.from({ length: 120 }, (_, i) => ({ id: `evt-${i}`, summary: "x".repeat(80), n: i })),
});
const gateway: Gateway = {
  async handle(request) {
    await request.arrayBuffer();
    return new Response(body, {
      headers: { "content-type": "application/json", "x-psoxy-rules-sha": "a".repeat(40) },
    });
  },
};

async function startPlain(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const response = await gateway.handle(
      new Request(`http://localhost${req.url}`, { method: req.method, headers }),
    );
    const out = Buffer.from(await response.arrayBuffer());
    const h: Record<string, string> = {};
    for (const [k, v] of response.headers) h[k] = v;
    h["content-length"] = String(out.length);
    res.writeHead(response.status, h);
    res.end(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const opts = { requests: 20_000, concurrency: 16, maxMs: 10_000 };
const plain = await startPlain();
const hono = await startNodeServer({ gateway, logger: silentLogger, port: 0, host: "127.0.0.1" });
const results: Record<string, number[]> = { plain: [], hono: [] };
const p99: Record<string, number[]> = { plain: [], hono: [] };
await runLoad({ url: `${plain.url}/x`, ...opts, requests: 2000 });
await runLoad({ url: `${hono.url}/x`, ...opts, requests: 2000 });
for (let round = 0; round < 3; round++) {
  for (const [name, url] of [
    ["plain", plain.url],
    ["hono", hono.url],
  ] as const) {
    const r = await runLoad({ url: `${url}/calendar/v3/x?a=1`, ...opts });
    results[name]!.push(r.rps);
    p99[name]!.push(percentile(r.latencies, 99));
  }
}
await plain.close();
await hono.close();
const best = (xs: number[]) => Math.max(...xs).toFixed(0);
console.log(`plain node:http rps=${best(results.plain!)} p99=${Math.min(...p99.plain!).toFixed(2)}ms`);
console.log(
  `psoxy serve host (@hono/node-server) rps=${best(results.hono!)} p99=${Math.min(...p99.hono!).toFixed(2)}ms`,
);
