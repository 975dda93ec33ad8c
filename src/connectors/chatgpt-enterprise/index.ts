/** chatgpt-enterprise: ChatGPT Enterprise through OpenAI's Compliance API. Beta, async. */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { chatgptEnterpriseRules } from "./rules.js";

const WS = "/v1/compliance/workspaces/<chatgpt_workspace_id>";

export const connector = accessTokenConnector({
  id: "chatgpt-enterprise",
  async: true,
  displayName: "ChatGPT Enterprise",
  availability: "beta",
  sourceKind: "chatgpt-enterprise",
  worklyticsConnectorId: "chatgpt-enterprise-psoxy",
  worklyticsConnectorName: "ChatGPT Enterprise via Psoxy",
  targetHost: "api.chatgpt.com",
  oauthScopes: ["Compliance API read scope (granted by OpenAI)"],
  tokenDescription: "An OpenAI Compliance API key for the ChatGPT Enterprise workspace.",
  environmentVariables: { FOLLOW_REDIRECTS: "FALSE" },
  settingsToProvide: { "Workspace Id": "<chatgpt_workspace_id>" },
  settings: ["chatgpt_workspace_id"],
  exampleApiRequests: getCalls(`${WS}/projects`, `${WS}/conversations`, `${WS}/automations`),
  instructions: {
    text: [
      "1. Ask OpenAI to enable the Compliance API for the ChatGPT Enterprise workspace, then create a",
      "   Compliance API key with the `read` scope (workspace settings → API keys).",
      "2. Fill ACCESS_TOKEN with the key (see the secret names below) and enter the workspace id in Worklytics.",
      "3. Responses can be large: this connector answers asynchronously through its output bucket.",
    ].join("\n"),
  },
  rules: [
    {
      key: "chatgpt-enterprise",
      variant: "default",
      description:
        "Users, conversations, projects, automations and logs; prompts reduced to keyword digests.",
      isDefault: true,
      reference: [
        { file: "chatgpt-enterprise/chatgpt-enterprise.yaml", selectedBy: "SOURCE=chatgpt-enterprise" },
      ],
      build: chatgptEnterpriseRules,
    },
  ],
});
