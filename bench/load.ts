/**
 * A small closed-loop load generator for loopback benchmarks: `concurrency` workers send GET requests
 * over keep-alive connections until `requests` are done or `maxMs` has passed. Bounded in count and
 * time by design.
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface LoadOptions {
  url: string;
  requests: number;
  concurrency: number;
  maxMs: number;
  /** Extra CA for https URLs. */
  ca?: string;
  headers?: Record<string, string>;
  /** Checked on every response; a false return counts as an error. */
  check?: (status: number, body: Buffer) => boolean;
}

export interface LoadResult {
  completed: number;
  errors: number;
  elapsedMs: number;
  rps: number;
  /** Latencies in ms, sorted ascending. */
  latencies: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const u = new URL(options.url);
  const https = u.protocol === "https:";
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: options.concurrency, ca: options.ca })
    : new HttpAgent({ keepAlive: true, maxSockets: options.concurrency });
  const send = https ? httpsRequest : httpRequest;
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + options.maxMs;

  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = send(u, { method: "GET", agent, headers: options.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const ok = options.check
            ? options.check(res.statusCode ?? 0, Buffer.concat(chunks))
            : res.statusCode === 200;
          if (ok) latencies.push(performance.now() - t);
          else errors++;
          resolve();
        });
        res.on("error", () => {
          errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const worker = async () => {
    while (started < options.requests && performance.now() < deadline) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    errors,
    elapsedMs,
    rps: (latencies.length / elapsedMs) * 1000,
    latencies,
  };
}
