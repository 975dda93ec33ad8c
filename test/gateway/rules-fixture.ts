/** Rules and secrets shared by the gateway integration tests. */
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";

// distinctive values, so a test can prove they never reach the logs
export const SALT = "salt-3c1f9a7e5b";
export const ENCRYPTION_KEY = "encryption-key-8d2e6f4a0c";
export const ACCESS_TOKEN = "access-token-5e7a9c1b3d";

export const RULES_YAML = `
allowedRequestHeaders:
  - X-Custom-Allowed
endpoints:
  - pathTemplate: /api/v1/users
    allowedMethods: [GET, HEAD]
    allowedQueryParams: [limit, page]
    transforms:
      - !<pseudonymize>
        jsonPaths:
          - "$.users[*].email"
      - !<redact>
        jsonPaths:
          - "$.users[*].name"
  - pathTemplate: /api/v1/users/{id}/events
    allowedMethods: [GET]
    transforms:
      - !<pseudonymize>
        jsonPaths:
          - "$.events[*].organizer"
  - pathTemplate: /api/v1/search
    allowedMethods: [POST]
    allowedRequestHeaders:
      - X-Endpoint-Header
    transforms:
      - !<redact>
        jsonPaths:
          - "$.secret"
  - pathTemplate: /api/v1/export
    allowedMethods: [GET]
    transforms:
      - !<pseudonymize>
        jsonPaths:
          - "$.email"
`;

export const pseudonymizer = createPseudonymizer({ salt: SALT, encryptionKey: ENCRYPTION_KEY });

/** The reversible pseudonym (`p~...@domain`) the proxy would have handed out for `value`. */
export function reversibleToken(value: string): string {
  return pseudonymizer.pseudonymize(value, { includeReversible: true })!.reversible!;
}
