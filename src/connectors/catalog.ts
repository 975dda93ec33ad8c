/**
 * All 48 catalogue connectors (connectors spec 5): 39 API connectors (7 Google Workspace, 7 Microsoft 365,
 * 25 others) and 9 bulk connectors, in id order. Each lives in its own folder with its spec and rules.
 */

import { connector as asana } from "./asana/index.js";
import { connector as atlassianOrganization } from "./atlassian-organization/index.js";
import { connector as azureAd } from "./azure-ad/index.js";
import { connector as badge } from "./badge/index.js";
import { connector as chatgptEnterprise } from "./chatgpt-enterprise/index.js";
import { connector as claude } from "./claude/index.js";
import { connector as claudeCode } from "./claude-code/index.js";
import { connector as claudeEnterpriseAnalytics } from "./claude-enterprise-analytics/index.js";
import { connector as codexEnterpriseAnalytics } from "./codex-enterprise-analytics/index.js";
import { connector as confluenceCloud } from "./confluence-cloud/index.js";
import { connector as cursor } from "./cursor/index.js";
import { connector as dropboxBusiness } from "./dropbox-business/index.js";
import { connector as gcal } from "./gcal/index.js";
import { connector as gdirectory } from "./gdirectory/index.js";
import { connector as gdrive } from "./gdrive/index.js";
import { connector as geminiInWorkspaceApps } from "./gemini-in-workspace-apps/index.js";
import { connector as geminiUsage } from "./gemini-usage/index.js";
import { connector as github } from "./github/index.js";
import { connector as githubCopilot } from "./github-copilot/index.js";
import { connector as githubEnterpriseServer } from "./github-enterprise-server/index.js";
import { connector as githubNonEnterprise } from "./github-non-enterprise/index.js";
import { connector as gitlabCloud } from "./gitlab-cloud/index.js";
import { connector as gitlabManaged } from "./gitlab-managed/index.js";
import { connector as glean } from "./glean/index.js";
import { connector as gleanCustomerEventsLogBulk } from "./glean-customer-events-log-bulk/index.js";
import { connector as gmail } from "./gmail/index.js";
import { connector as gongMetrics } from "./gong-metrics/index.js";
import { connector as googleChat } from "./google-chat/index.js";
import { connector as googleMeet } from "./google-meet/index.js";
import { connector as hris } from "./hris/index.js";
import { connector as jiraCloud } from "./jira-cloud/index.js";
import { connector as jiraServer } from "./jira-server/index.js";
import { connector as metrics } from "./metrics/index.js";
import type { ConnectorSpec } from "./model.js";
import { connector as msftCopilot } from "./msft-copilot/index.js";
import { connector as msftEntraId } from "./msft-entra-id/index.js";
import { connector as msftOnedrive } from "./msft-onedrive/index.js";
import { connector as msftTeams } from "./msft-teams/index.js";
import { connector as outlookCal } from "./outlook-cal/index.js";
import { connector as outlookMail } from "./outlook-mail/index.js";
import { connector as qualtrics } from "./qualtrics/index.js";
import { connector as salesforce } from "./salesforce/index.js";
import { connector as slackAiAnalyticsBulk } from "./slack-ai-analytics-bulk/index.js";
import { connector as slackAnalytics } from "./slack-analytics/index.js";
import { connector as slackDiscoveryApi } from "./slack-discovery-api/index.js";
import { connector as survey } from "./survey/index.js";
import { connector as windsurf } from "./windsurf/index.js";
import { connector as workdataGeneric } from "./workdata-generic/index.js";
import { connector as zoom } from "./zoom/index.js";

const ALL: ConnectorSpec[] = [
  asana,
  atlassianOrganization,
  azureAd,
  badge,
  chatgptEnterprise,
  claude,
  claudeCode,
  claudeEnterpriseAnalytics,
  codexEnterpriseAnalytics,
  confluenceCloud,
  cursor,
  dropboxBusiness,
  gcal,
  gdirectory,
  gdrive,
  geminiInWorkspaceApps,
  geminiUsage,
  github,
  githubCopilot,
  githubEnterpriseServer,
  githubNonEnterprise,
  gitlabCloud,
  gitlabManaged,
  glean,
  gleanCustomerEventsLogBulk,
  gmail,
  gongMetrics,
  googleChat,
  googleMeet,
  hris,
  jiraCloud,
  jiraServer,
  metrics,
  msftCopilot,
  msftEntraId,
  msftOnedrive,
  msftTeams,
  outlookCal,
  outlookMail,
  qualtrics,
  salesforce,
  slackAiAnalyticsBulk,
  slackAnalytics,
  slackDiscoveryApi,
  survey,
  windsurf,
  workdataGeneric,
  zoom,
];

export const CATALOG: readonly ConnectorSpec[] = ALL.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
