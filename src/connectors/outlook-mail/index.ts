/** outlook-mail: Outlook Mail metadata (sent items) through Microsoft Graph. */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import { outlookVariants } from "../families/microsoft-365-variants.js";
import { outlookMailRules } from "./rules.js";

export const connector = microsoft365Connector({
  id: "outlook-mail",
  displayName: "Outlook Mail",
  availability: "ga",
  worklyticsConnectorId: "outlook-mail-psoxy",
  appRoles: ["Mail.ReadBasic.All", "MailboxSettings.Read", "Group.Read.All", "User.Read.All"],
  exampleCalls: [
    "/v1.0/users",
    "/v1.0/users?$select=id,mail,otherMails",
    `/v1.0/users/${EXAMPLE_USER}/mailboxSettings`,
    `/v1.0/users/${EXAMPLE_USER}/mailFolders/SentItems/messages`,
    "/v1.0/groups",
    "/v1.0/groups/{GROUP_ID}/members",
  ],
  rules: outlookVariants("outlook-mail", outlookMailRules),
});
