/** msft-entra-id: Microsoft Entra ID directory (users, groups, members); SOURCE is azure-ad. */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import type { RulesVariant } from "../model.js";
import { entraIdRules } from "./rules.js";

export const ENTRA_APP_ROLES = ["User.Read.All", "Group.Read.All", "MailboxSettings.Read"];

export const ENTRA_EXAMPLE_CALLS = [
  "/v1.0/users",
  `/v1.0/users/${EXAMPLE_USER}`,
  "/v1.0/groups",
  "/v1.0/groups/{GROUP_ID}/members",
];

export const ENTRA_RULES: RulesVariant[] = [
  {
    key: "azure-ad",
    variant: "default",
    description: "Users and group members' directory data pseudonymized; Entra object ids in clear.",
    isDefault: false,
    reference: [
      {
        file: "microsoft-365/entra-id/entra-id.yaml",
        selectedBy: "SOURCE=azure-ad, PSEUDONYMIZE_APP_IDS=false",
      },
    ],
    build: () => entraIdRules({ noAppIds: false }),
  },
  {
    key: "azure-ad_no-app-ids",
    variant: "no-app-ids",
    description: "As default, and object ids pseudonymized (reversibly for users: /v1.0/users/p~… works).",
    isDefault: true,
    reference: [
      {
        file: "microsoft-365/entra-id/entra-id_no-app-ids.yaml",
        selectedBy: "SOURCE=azure-ad, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
      },
    ],
    build: () => entraIdRules({ noAppIds: true }),
  },
];

export const connector = microsoft365Connector({
  id: "msft-entra-id",
  displayName: "Microsoft Entra ID (former Azure AD)",
  availability: "ga",
  sourceKind: "azure-ad",
  worklyticsConnectorId: "azure-ad-psoxy",
  appRoles: ENTRA_APP_ROLES,
  exampleCalls: ENTRA_EXAMPLE_CALLS,
  rules: ENTRA_RULES,
});
