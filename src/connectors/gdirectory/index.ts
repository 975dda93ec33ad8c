/** gdirectory: Google Directory (enabled by default when Google Workspace is used). */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { directoryRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "gdirectory",
  displayName: "Google Directory",
  availability: "ga",
  enableByDefault: true,
  worklyticsConnectorId: "gdirectory-psoxy",
  targetHost: "admin.googleapis.com",
  apisConsumed: ["admin.googleapis.com"],
  scopes: [
    "admin.directory.user.readonly",
    "admin.directory.domain.readonly",
    "admin.directory.group.readonly",
    "admin.directory.orgunit.readonly",
  ],
  impersonate: "example admin",
  exampleCalls: [
    "/admin/directory/v1/users?customer=my_customer&maxResults=10",
    "/admin/directory/v1/users/{USER_ID}",
    "/admin/directory/v1/groups?customer=my_customer&maxResults=10",
    "/admin/directory/v1/groups/{GROUP_ID}",
    "/admin/directory/v1/groups/{GROUP_ID}/members?maxResults=10",
    "/admin/directory/v1/customer/my_customer/domains",
    "/admin/directory/v1/customer/my_customer/orgunits?maxResults=10",
  ],
  rules: [
    {
      key: "gdirectory",
      variant: "default",
      description: "Users' addresses, phones and ids pseudonymized; Google account ids kept in clear.",
      isDefault: false,
      reference: [
        {
          file: "google-workspace/directory/directory.yaml",
          selectedBy: "SOURCE=gdirectory, PSEUDONYMIZE_APP_IDS=false",
        },
      ],
      build: () => directoryRules({ pseudonymizeAppIds: false }),
    },
    {
      key: "gdirectory_no-app-ids",
      variant: "no-app-ids",
      description: "As default, and Google account ids pseudonymized (reversibly for users).",
      isDefault: true,
      reference: [
        {
          file: "google-workspace/directory/directory_no-app-ids.yaml",
          selectedBy: "SOURCE=gdirectory, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
        },
      ],
      build: () => directoryRules({ pseudonymizeAppIds: true }),
    },
  ],
});
