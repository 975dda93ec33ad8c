import { JsonDouble } from "../json/types.js";

/** Errors raised while sanitizing a value; they fail the whole response (fail closed). */
export class TransformError extends Error {
  readonly code = "SANITIZATION_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "TransformError";
  }
}

/** Names the JSON type of a value for error messages (never the value itself). */
export function jsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Map) return "object";
  if (Array.isArray(v)) return "array";
  if (typeof v === "bigint") return "integer";
  if (v instanceof JsonDouble) return "number";
  if (typeof v === "object") return "object";
  return typeof v;
}
