/**
 * The hosts' structured logger: pino, one JSON object per line on stdout (what Lambda, Cloud Functions
 * and container platforms collect). `IS_DEVELOPMENT_MODE=true` enables debug lines (api-mode spec 7.4).
 */
import pino from "pino";
import type { Logger } from "../gateway/types.js";

export interface HostLoggerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the level derived from the environment. */
  level?: string;
  /** Where to write (defaults to stdout). */
  destination?: pino.DestinationStream;
}

export type HostLogger = Logger & pino.Logger;

export function createHostLogger(options: HostLoggerOptions = {}): HostLogger {
  const env = options.env ?? process.env;
  const level =
    options.level ?? (env.IS_DEVELOPMENT_MODE?.trim().toLowerCase() === "true" ? "debug" : "info");
  const opts: pino.LoggerOptions = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return (options.destination ? pino(opts, options.destination) : pino(opts)) as HostLogger;
}
