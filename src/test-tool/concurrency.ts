/**
 * `psoxy test call --concurrency <n>` (infra spec 11.1): fires n copies of the same request at once
 * (at least 2, at most 5), then reports each one's status and latency, the median and 95th percentile,
 * and whether the successful responses are identical: identical requests must get identical sanitized
 * responses, so a difference points at state leaking between concurrent invocations.
 */
import type { TestResponse } from "./http.js";
import type { Io } from "./io.js";

export const MIN_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 5;

export interface ConcurrentResult {
  index: number;
  status: number;
  latencyMs: number;
  passed: boolean;
  error?: string;
  text?: string;
}

export interface ConcurrencySummary {
  results: ConcurrentResult[];
  passed: number;
  failed: number;
  p50: number;
  p95: number;
  /** successful responses differ */
  contamination: boolean;
}

export function concurrencyLevel(requested: number, io: Io): number {
  if (requested > MAX_CONCURRENCY)
    io.err(`Concurrency capped at ${MAX_CONCURRENCY} (requested ${requested})`);
  return Math.min(Math.max(requested, MIN_CONCURRENCY), MAX_CONCURRENCY);
}

export async function runConcurrently(
  n: number,
  fire: () => Promise<TestResponse>,
  io: Io,
  target: string,
): Promise<ConcurrencySummary> {
  io.out(`Concurrency test: ${n} simultaneous requests to ${target}`);
  const results = await Promise.all(
    Array.from({ length: n }, async (_, index): Promise<ConcurrentResult> => {
      const started = Date.now();
      try {
        const r = await fire();
        return {
          index,
          status: r.status,
          latencyMs: Date.now() - started,
          passed: r.status >= 200 && r.status < 300,
          text: r.text,
        };
      } catch (e) {
        return {
          index,
          status: 0,
          latencyMs: Date.now() - started,
          passed: false,
          error: (e as Error).message,
        };
      }
    }),
  );
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length * 0.5)] ?? 0;
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
  const bodies = results.filter((r) => r.passed).map((r) => r.text ?? "");
  const contamination = bodies.some((b) => b !== bodies[0]);
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;

  for (const r of results)
    io.out(
      `  ${r.passed ? "✓" : "✗"} Request ${r.index + 1}: ${r.status} (${r.latencyMs} ms)${r.error ? ` - ${r.error}` : ""}`,
    );
  io.out(
    `Summary: ${results.length} requests, ${passed} passed, ${failed} failed; p50 ${p50} ms, p95 ${p95} ms`,
  );
  if (contamination)
    io.out("CROSS-CONTAMINATION DETECTED: the successful responses differ between concurrent requests");
  else if (bodies.length > 1)
    io.out(`No cross-contamination: all ${bodies.length} successful responses are identical`);
  return { results, passed, failed, p50, p95, contamination };
}
