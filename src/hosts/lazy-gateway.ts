/** The gateway, created on the first request and reused (see lazy-once.ts). */
import type { Gateway } from "../gateway/types.js";
import { lazyOnce } from "./lazy-once.js";

export type GatewayFactory = () => Gateway | Promise<Gateway>;

export function lazyGateway(factory: GatewayFactory): () => Promise<Gateway> {
  return lazyOnce(factory);
}
