/** azure-ad: the legacy name of msft-entra-id (same rules, same permissions). Deprecated. */
import { microsoft365Connector } from "../families/microsoft-365.js";
import { ENTRA_APP_ROLES, ENTRA_EXAMPLE_CALLS, ENTRA_RULES } from "../msft-entra-id/index.js";

export const connector = microsoft365Connector({
  id: "azure-ad",
  displayName: "(Deprecated, use MSFT Entra Id instead) Azure Directory",
  availability: "deprecated",
  deprecationNote: "Use msft-entra-id, which has the same rules and permissions.",
  worklyticsConnectorId: "azure-ad-psoxy",
  appRoles: ENTRA_APP_ROLES,
  exampleCalls: ENTRA_EXAMPLE_CALLS,
  rules: ENTRA_RULES,
});
