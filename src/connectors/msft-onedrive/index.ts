/** msft-onedrive: OneDrive drives, deltas and item activities through Microsoft Graph. */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import { onedriveRules } from "./rules.js";

export const connector = microsoft365Connector({
  id: "msft-onedrive",
  displayName: "Microsoft OneDrive",
  availability: "beta",
  worklyticsConnectorId: "msft-onedrive-psoxy",
  appRoles: ["Files.Read.All", "User.Read.All", "Group.Read.All"],
  exampleCalls: [
    "/v1.0/users",
    "/v1.0/groups",
    `/v1.0/users/${EXAMPLE_USER}/drives`,
    "/v1.0/groups/<example_msft_group_guid>/drives",
    "/v1.0/drives/<example_msft_drive_id>/root/delta",
    "/v1.0/drives/<example_msft_drive_id>/items/<example_msft_drive_item_id>/activities",
    "/v1.0/drives/<example_msft_drive_id>/activities",
  ],
  rules: [
    {
      key: "msft-onedrive",
      variant: "default",
      description:
        "Users, groups, drives, deltas and activities filtered to fixed schemas; e-mails pseudonymized.",
      isDefault: false,
      reference: [
        {
          file: "microsoft-365/msft-onedrive/msft-onedrive.yaml",
          selectedBy: "SOURCE=msft-onedrive, PSEUDONYMIZE_APP_IDS=false",
        },
      ],
      build: () => onedriveRules({ noAppIds: false }),
    },
    {
      key: "msft-onedrive_no-app-ids",
      variant: "no-app-ids",
      description: "As default, and user ids pseudonymized (reversibly in the user list).",
      isDefault: true,
      reference: [
        {
          file: "microsoft-365/msft-onedrive/msft-onedrive_no-app-ids.yaml",
          selectedBy: "SOURCE=msft-onedrive, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
        },
      ],
      build: () => onedriveRules({ noAppIds: true }),
    },
  ],
});
