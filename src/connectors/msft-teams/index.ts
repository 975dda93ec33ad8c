/** msft-teams: Microsoft Teams activity (teams, chats, calls, meetings) through Microsoft Graph. */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import { teamsRules } from "./rules.js";

export const connector = microsoft365Connector({
  id: "msft-teams",
  displayName: "Microsoft Teams",
  availability: "ga",
  worklyticsConnectorId: "msft-teams-psoxy",
  appRoles: [
    "User.Read.All",
    "Team.ReadBasic.All",
    "Channel.ReadBasic.All",
    "Chat.Read.All",
    "ChannelMessage.Read.All",
    "CallRecords.Read.All",
    "OnlineMeetings.Read.All",
    "OnlineMeetingArtifact.Read.All",
  ],
  exampleCalls: [
    "/v1.0/teams",
    "/v1.0/teams/<example_msft_team_guid>/allChannels",
    `/v1.0/users/${EXAMPLE_USER}/chats`,
    "/v1.0/teams/<example_msft_team_guid>/channels/<example_msft_channel_guid>/messages",
    "/v1.0/teams/<example_msft_team_guid>/channels/<example_msft_channel_guid>/messages/delta",
    "/v1.0/chats/<example_msft_chat_guid>/messages",
    "/v1.0/communications/calls/<example_msft_call_guid>",
    "/v1.0/communications/callRecords",
    "/v1.0/communications/callRecords/<example_msft_call_record_guid>",
    "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=<example_api_calls_sample_time_minus_30d>,toDateTime=<example_api_calls_sample_time>)",
    "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=<example_api_calls_sample_time_minus_30d>,toDateTime=<example_api_calls_sample_time>)",
    `/v1.0/users/${EXAMPLE_USER}/onlineMeetings?$filter=JoinWebUrl eq '<example_msft_join_url>'`,
  ],
  extraInstructions: [
    "3. A Teams admin allows the app to read online meetings, in PowerShell (MicrosoftTeams module):",
    "   `New-CsApplicationAccessPolicy -Identity Psoxy-Meetings -AppIds <app client id>` then",
    "   `Grant-CsApplicationAccessPolicy -PolicyName Psoxy-Meetings -Global`.",
  ],
  rules: [
    {
      key: "msft-teams",
      variant: "default",
      description:
        "Teams, chats and channel messages (no content), calls, call records and meetings; e-mails pseudonymized.",
      isDefault: false,
      reference: [
        {
          file: "microsoft-365/msft-teams/msft-teams.yaml",
          selectedBy: "SOURCE=msft-teams, PSEUDONYMIZE_APP_IDS=false",
        },
      ],
      build: () => teamsRules({ noAppIds: false }),
    },
    {
      key: "msft-teams_no-app-ids",
      variant: "no-user-ids",
      description: "As default, and Entra user ids pseudonymized, chat ids and paging links tokenized.",
      isDefault: true,
      reference: [
        {
          file: "microsoft-365/msft-teams/msft-teams_no-userIds.yaml",
          selectedBy: "SOURCE=msft-teams, PSEUDONYMIZE_APP_IDS=true (Terraform default)",
        },
      ],
      build: () => teamsRules({ noAppIds: true }),
    },
  ],
});
