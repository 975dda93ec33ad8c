/** A Logger that keeps every entry, serialized, so tests can search all log output. */
import type { Logger } from "../../src/gateway/index.js";

export interface CapturedEntry {
  level: string;
  obj: object;
  msg?: string;
}

export class CaptureLogger implements Logger {
  readonly entries: CapturedEntry[] = [];
  debug(obj: object, msg?: string) {
    this.entries.push({ level: "debug", obj, msg });
  }
  info(obj: object, msg?: string) {
    this.entries.push({ level: "info", obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.entries.push({ level: "warn", obj, msg });
  }
  error(obj: object, msg?: string) {
    this.entries.push({ level: "error", obj, msg });
  }
  /** everything logged, as one string */
  text(): string {
    return this.entries
      .map(
        (e) =>
          `${e.level} ${e.msg ?? ""} ${JSON.stringify(e.obj, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`,
      )
      .join("\n");
  }
  /** the per-request lines */
  requests(): Record<string, unknown>[] {
    return this.entries.filter((e) => e.msg === "api request").map((e) => e.obj as Record<string, unknown>);
  }
}
