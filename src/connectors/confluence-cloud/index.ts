/** confluence-cloud: Confluence Cloud content activity, through an Atlassian OAuth 2.0 (3LO) app. */
import { ATLASSIAN_CLOUD_AUTH, atlassianCloudInstructions } from "../families/atlassian.js";
import type { ConnectorSpec } from "../model.js";
import { confluenceRules } from "./rules.js";

const SCOPES = [
  ...["blogpost", "comment", "group", "space", "attachment", "page", "user", "task", "content-details"].map(
    (r) => `read:${r}:confluence`,
  ),
  "offline_access",
];

const WIKI = "/ex/confluence/<atlassian_cloud_id>/wiki";

export const connector: ConnectorSpec = {
  ...ATLASSIAN_CLOUD_AUTH,
  id: "confluence-cloud",
  mode: "api",
  displayName: "Confluence Cloud",
  availability: "beta",
  enableByDefault: false,
  sourceKind: "confluence",
  worklyticsConnectorId: "confluence-cloud-psoxy",
  worklyticsConnectorName: "Confluence Cloud via Psoxy",
  oauthScopes: SCOPES,
  settings: ["atlassian_cloud_id", "example_confluence_group_id"],
  exampleApiRequests: [
    "/oauth/token/accessible-resources",
    `${WIKI}/rest/api/group`,
    `${WIKI}/rest/api/group/<example_confluence_group_id>/membersByGroupId`,
    `${WIKI}/rest/api/content/search?cql=lastmodified>=now('-30d')&limit=30&expand=version,history&includeArchivedSpaces=true`,
    `${WIKI}/api/v2/spaces`,
    `${WIKI}/api/v2/attachments/{ATTACHMENT_ID}/versions`,
    `${WIKI}/api/v2/blogposts/{BLOGPOST_ID}/versions`,
    `${WIKI}/api/v2/pages/{PAGE_ID}/versions`,
    `${WIKI}/api/v2/footer-comments/{COMMENT_ID}/versions`,
    `${WIKI}/api/v2/inline-comments/{COMMENT_ID}/versions`,
    `${WIKI}/api/v2/tasks`,
  ].map((path) => ({ method: "GET" as const, path })),
  instructions: { text: atlassianCloudInstructions("Confluence", SCOPES) },
  rules: [
    {
      key: "confluence",
      variant: "default",
      description:
        "Content versions, spaces, tasks, search, groups and members; text digested, authors pseudonymized.",
      isDefault: true,
      reference: [{ file: "atlassian/confluence/confluence.yaml", selectedBy: "SOURCE=confluence" }],
      build: confluenceRules,
    },
  ],
};
