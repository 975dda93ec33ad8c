/**
 * Creates the gateway on first use and reuses it for the life of the process (one cold start = one
 * configuration and rules load). A failed creation is not memoized: the next event tries again, as the
 * reference does for rules loading (api-mode spec 1.8).
 */
import type { Gateway } from "../gateway/types.js";

export type GatewayFactory = () => Gateway | Promise<Gateway>;

export function lazyGateway(factory: GatewayFactory): () => Promise<Gateway> {
  let pending: Promise<Gateway> | undefined;
  return () => {
    if (!pending) {
      pending = Promise.resolve()
        .then(factory)
        .catch((e: unknown) => {
          pending = undefined;
          throw e;
        });
    }
    return pending;
  };
}
