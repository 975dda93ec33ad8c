/** msft-copilot: Microsoft 365 Copilot interaction history through Microsoft Graph. Alpha. */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import { copilotRules } from "./rules.js";

export const connector = microsoft365Connector({
  id: "msft-copilot",
  displayName: "Microsoft 365 Copilot",
  availability: "alpha",
  worklyticsConnectorId: "msft-copilot-psoxy",
  appRoles: ["User.Read.All", "AiEnterpriseInteraction.Read.All"],
  exampleCalls: [
    "/v1.0/users",
    `/beta/copilot/users/${EXAMPLE_USER}/interactionHistory/getAllEnterpriseInteractions`,
  ],
  rules: [
    {
      key: "msft-copilot",
      variant: "default",
      description: "Copilot interactions reduced to text digests, references redacted; directory users.",
      isDefault: false,
      reference: [
        {
          file: "microsoft-365/msft-copilot/msft-copilot.yaml",
          selectedBy: "SOURCE=msft-copilot, PSEUDONYMIZE_APP_IDS=false",
        },
      ],
      build: () => copilotRules({ noAppIds: false }),
    },
    {
      key: "msft-copilot_no-app-ids",
      variant: "no-user-ids",
      description: "As default, and user ids pseudonymized, sessions and paging links tokenized.",
      isDefault: true,
      reference: [
        {
          file: "microsoft-365/msft-copilot/msft-copilot_no-userIds.yaml",
          selectedBy: "SOURCE=msft-copilot, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
        },
      ],
      build: () => copilotRules({ noAppIds: true }),
    },
  ],
});
