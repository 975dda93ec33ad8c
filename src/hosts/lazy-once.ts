/**
 * Creates a per-process resource (the gateway, a bulk instance) on first use and reuses it for the life
 * of the process: one cold start = one configuration and rules load. A failed creation is not memoized;
 * the next event tries again, as the reference does for rules loading (api-mode spec 1.8).
 */
export function lazyOnce<T>(factory: () => T | Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
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
