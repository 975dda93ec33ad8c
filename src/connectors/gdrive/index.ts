/** gdrive: Google Drive file metadata (no content). */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { gdriveRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "gdrive",
  displayName: "Google Drive",
  availability: "ga",
  worklyticsConnectorId: "gdrive-psoxy",
  targetHost: "www.googleapis.com",
  apisConsumed: ["drive.googleapis.com"],
  scopes: ["drive.metadata.readonly"],
  impersonate: "example user",
  exampleCalls: [
    "/drive/v2/files",
    "/drive/v3/files",
    "/drive/v3/files/{FILE_ID}",
    "/drive/v3/files/{FILE_ID}/permissions",
    "/drive/v3/files/{FILE_ID}/revisions",
  ],
  rules: [
    {
      key: "gdrive",
      variant: "default",
      description:
        "File, revision and permission metadata; e-mails pseudonymized, names and titles redacted.",
      isDefault: true,
      reference: [{ file: "google-workspace/gdrive/gdrive.yaml", selectedBy: "SOURCE=gdrive" }],
      build: gdriveRules,
    },
  ],
});
