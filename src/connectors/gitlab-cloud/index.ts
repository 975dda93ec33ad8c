/** gitlab-cloud: GitLab.com, with a read_api access token. */
import { GITLAB_COMMON, gitlabCalls, gitlabInstructions } from "../families/gitlab.js";
import { gitlabDefinitions, gitlabEndpoints } from "../families/gitlab-rules.js";
import type { ConnectorSpec } from "../model.js";
import { apiRules } from "../rules-dsl/api.js";

export const gitlabCloudRules = () =>
  apiRules(gitlabEndpoints({ namespaces: true, users: false }), {
    definitions: gitlabDefinitions({ userEmails: false }),
  });

export const connector: ConnectorSpec = {
  ...GITLAB_COMMON,
  id: "gitlab-cloud",
  displayName: "GitLab",
  availability: "beta",
  worklyticsConnectorId: "gitlab-psoxy",
  worklyticsConnectorName: "GitLab Cloud via Psoxy",
  targetHost: "gitlab.com",
  rulesFile: "docs/sources/gitlab/gitlab-cloud/gitlab-cloud.yaml",
  exampleApiRequests: gitlabCalls([
    "/api/v4/groups",
    "/api/v4/namespaces",
    "/api/v4/groups/{GROUP_ID}/members/all",
    "/api/v4/projects",
    "/api/v4/projects/{PROJECT_ID}/repository/branches",
    "/api/v4/projects/{PROJECT_ID}/repository/commits",
    "/api/v4/projects/{PROJECT_ID}/issues",
    "/api/v4/projects/{PROJECT_ID}/merge_requests",
    "/api/v4/projects/{PROJECT_ID}/audit_events",
  ]),
  instructions: { text: gitlabInstructions("gitlab.com") },
  rules: [
    {
      key: "gitlab-cloud",
      variant: "default",
      description: "Groups, members, projects, commits, issues, merge requests and notes; text digested.",
      isDefault: true,
      reference: [
        {
          file: "gitlab/gitlab-cloud/gitlab-cloud.yaml",
          selectedBy:
            "the connector's rules_file (SOURCE=gitlab has no prebuilt rules); prebuilt key gitlab-cloud",
        },
      ],
      build: gitlabCloudRules,
    },
  ],
};
