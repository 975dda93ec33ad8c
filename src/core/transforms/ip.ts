/** `!<hashIp>` and `!<encryptIp>`: pseudonyms for IP address literals (spec 4.11, 4.12). */
import { isBlank } from "../java/strings.js";
import type { TransformContext, ValueFunction } from "./context.js";

export function hashIpFunction(ctx: TransformContext): ValueFunction {
  return (v) => (typeof v !== "string" ? null : isBlank(v) ? v : ctx.pseudonymizer.hashIp(v));
}

export function encryptIpFunction(ctx: TransformContext): ValueFunction {
  return (v) => (typeof v !== "string" ? null : isBlank(v) ? v : ctx.pseudonymizer.encryptIp(v));
}
