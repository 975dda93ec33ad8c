/** gemini-in-workspace-apps: Gemini usage inside Workspace apps, from the Admin SDK Reports API. */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { geminiInWorkspaceAppsRules } from "./rules.js";

const FOLDER = "google-workspace/gemini-in-workspace-apps";

export const connector = googleWorkspaceConnector({
  id: "gemini-in-workspace-apps",
  displayName: "Google Gemini in Workspace Apps",
  availability: "beta",
  worklyticsConnectorId: "gemini-in-workspace-apps-psoxy",
  targetHost: "admin.googleapis.com",
  apisConsumed: ["admin.googleapis.com"],
  scopes: ["admin.reports.audit.readonly"],
  impersonate: "example admin",
  exampleCalls: ["/admin/reports/v1/activity/users/all/applications/gemini_in_workspace_apps?maxResults=10"],
  rules: [
    {
      key: "gemini-in-workspace-apps",
      variant: "default",
      description: "Gemini activity filtered to a fixed schema; actor e-mails pseudonymized, IPs hashed.",
      isDefault: false,
      reference: [
        {
          file: `${FOLDER}/gemini-in-workspace-apps.yaml`,
          selectedBy: "SOURCE=gemini-in-workspace-apps, PSEUDONYMIZE_APP_IDS=false",
        },
      ],
      build: () => geminiInWorkspaceAppsRules({ pseudonymizeAppIds: false }),
    },
    {
      key: "gemini-in-workspace-apps_no-app-ids",
      variant: "no-app-ids",
      description: "As default, and the actor's Google profile id pseudonymized.",
      isDefault: true,
      reference: [
        {
          file: `${FOLDER}/gemini-in-workspace-apps_no-app-ids.yaml`,
          selectedBy: "SOURCE=gemini-in-workspace-apps, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
        },
      ],
      build: () => geminiInWorkspaceAppsRules({ pseudonymizeAppIds: true }),
    },
  ],
});
