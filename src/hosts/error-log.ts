/**
 * What a host logs about an exception that escaped the gateway. Messages are left out on purpose:
 * runtime messages can quote the data being processed (JSON.parse quotes the offending text), so
 * only the class name, the error code and the stack frames are logged (api-mode spec 7.4).
 */
export interface ErrorLogFields {
  errorName: string;
  errorCode?: string;
  stack?: string;
}

export function errorName(e: unknown): string {
  if (e instanceof Error) return e.name || e.constructor?.name || "Error";
  return typeof e;
}

export function errorLogFields(e: unknown): ErrorLogFields {
  const fields: ErrorLogFields = { errorName: errorName(e) };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") fields.errorCode = code;
    if (typeof e.stack === "string") {
      // Keep only the "    at ..." frames; the first lines repeat the message.
      const frames = e.stack
        .split("\n")
        .filter((l) => /^\s+at /.test(l))
        .join("\n");
      if (frames) fields.stack = frames;
    }
  }
  return fields;
}
