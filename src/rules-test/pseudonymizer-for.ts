/** Builds the pseudonymizer a test case asks for (options of the manifest format). */
import { createPseudonymizer } from "../core/pseudonyms/index.js";
import type { PseudonymizerLike } from "../core/transforms/context.js";
import type { CaseOptions } from "./manifest.js";

const cache = new Map<string, PseudonymizerLike>();

export function pseudonymizerFor(
  options: CaseOptions,
  secrets: { salt?: string; encryptionKey?: string } | undefined,
): PseudonymizerLike {
  const config = {
    salt: options.salt ?? secrets?.salt ?? "salt",
    encryptionKey: options.encryptionKey ?? secrets?.encryptionKey ?? "secret",
    saltEmailDomains: options.saltEmailDomains,
    encryptionKeyEmailDomains: options.encryptionKeyEmailDomains,
    emailCanonicalization: options.emailCanonicalization ?? "STRICT",
    emailDomainHandling: options.emailDomainHandling ?? "PRESERVE",
    legacy: options.pseudonymImplementation === "LEGACY" || options.pseudonymImplementation === "v0.3",
  };
  const key = JSON.stringify(config);
  let p = cache.get(key);
  if (!p) {
    p = createPseudonymizer(config);
    cache.set(key, p);
  }
  return p;
}
