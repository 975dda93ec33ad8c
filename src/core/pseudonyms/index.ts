export {
  canonicalEmail,
  canonicalizeParsedEmail,
  type EmailCanonicalization,
  formatMailbox,
  isEmail,
  isValidAddressList,
  type ParsedEmail,
  parseEmail,
  parseHeaderMailboxes,
} from "./email.js";
export {
  MissingEncryptionKeyError,
  PseudonymError,
  PseudonymizerConfigError,
  TokenDecryptionError,
  type TokenDecryptionFailure,
  UnsupportedValueTypeError,
} from "./errors.js";
export {
  b64url,
  b64urlDecode,
  HASH_SIZE_BYTES,
  hashBytes,
  legacyB64,
  legacyHashCanBeDecoded,
  piiSaltSha256,
} from "./hash.js";
export {
  DOMAIN_SEPARATOR,
  encodeJson,
  encodeJsonList,
  encodeUrlSafeToken,
  hashOnly,
  jacksonString,
  type PseudonymizedIdentity,
  TOKEN_PREFIX,
} from "./identity.js";
export { canonicalIp } from "./ip.js";
export {
  createPseudonymizer,
  type EmailDomainHandling,
  javaToString,
  type PseudonymizableValue,
  type PseudonymizeOptions,
  Pseudonymizer,
  type PseudonymizerConfig,
} from "./pseudonymizer.js";
export {
  containsReversiblePseudonym,
  matchReversiblePseudonym,
  REVERSIBLE_PSEUDONYM_SOURCE,
  replaceReversiblePseudonyms,
} from "./reverse.js";
export {
  decryptReversible,
  decryptReversibleGcm,
  deriveKey,
  encryptReversible,
  encryptReversibleGcm,
} from "./reversible.js";
export {
  PSEUDONYM_VECTOR_KINDS,
  type PseudonymVector,
  runPseudonymVector,
  type VectorResult,
  type VectorSecrets,
} from "./vectors.js";
