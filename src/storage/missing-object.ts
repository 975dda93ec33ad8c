/**
 * Tells "there is no such object" apart from every other failure of an `ObjectStore` read, for callers
 * that treat an optional object as absent (the remote `rules.yaml`) but must fail closed on anything
 * else. A missing *bucket* is not a missing object: a misspelt bucket name should stop the caller, not
 * make it fall back silently (the reference's S3 reader treats any 404 as absent; this is stricter).
 * Access denied (403) is a failure too: without list permission S3 answers 403 for absent keys, and the
 * reference treats that as fatal so that a broken IAM grant does not quietly weaken the rules.
 */

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  /** AWS SDK v3 service errors */
  $metadata?: { httpStatusCode?: unknown };
}

/** The error and its causes, outermost first. */
function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current = e;
  while (current !== null && typeof current === "object" && out.length < 8) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

function isMissingBucket(e: ErrorLike): boolean {
  if (e.name === "NoSuchBucket") return true; // S3
  // GCS (JSON API): 404 "The specified bucket does not exist."; our own StorageError messages name
  // the bucket and key, so only the client's errors are looked at
  return (
    e.name !== "StorageError" &&
    (e.code === 404 || e.code === "404") &&
    typeof e.message === "string" &&
    /bucket does not exist/i.test(e.message)
  );
}

function isMissing(e: ErrorLike): boolean {
  if (e.name === "NoSuchKey" || e.name === "NotFound") return true; // S3 GetObject / HeadObject
  if (e.$metadata?.httpStatusCode === 404) return true; // other S3 404s
  if (e.code === 404 || e.code === "404") return true; // GCS ApiError
  return e.code === "ENOENT"; // local file system
}

/** True only when the read failed because the object does not exist (in a bucket that does). */
export function isMissingObject(error: unknown): boolean {
  const errors = chain(error);
  if (errors.some(isMissingBucket)) return false;
  return errors.some(isMissing);
}
