/**
 * Source-call timeouts derived from REQUEST_TIMEOUT_SECONDS (api-mode spec 1.11.7): the connect timeout
 * is capped at 30 s, the read timeout leaves 30 s of the function's budget for the rest of the work but
 * is never under 60 s unless the whole budget is.
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 180;

export interface SourceTimeouts {
  connectMs: number;
  readMs: number;
}

export function sourceTimeouts(requestTimeoutSeconds: number): SourceTimeouts {
  const budgetMs = requestTimeoutSeconds * 1000;
  return {
    connectMs: Math.min(30_000, budgetMs),
    readMs: Math.min(Math.max(60_000, (requestTimeoutSeconds - 30) * 1000), budgetMs),
  };
}

/** Java `Integer.parseInt` accepted forms; null when the value is not an int. */
export function parseJavaInt(value: string): number | null {
  if (!/^[+-]?\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}
