/** gitlab-managed: a GitLab Self-Managed or Dedicated instance, with a read_api access token. */
import { GITLAB_COMMON, gitlabCalls, gitlabInstructions } from "../families/gitlab.js";
import { gitlabDefinitions, gitlabEndpoints } from "../families/gitlab-rules.js";
import type { ConnectorSpec } from "../model.js";
import { apiRules } from "../rules-dsl/api.js";

export const gitlabManagedRules = () =>
  apiRules(gitlabEndpoints({ namespaces: false, users: true }), {
    definitions: gitlabDefinitions({ userEmails: true }),
  });

export const connector: ConnectorSpec = {
  ...GITLAB_COMMON,
  id: "gitlab-managed",
  displayName: "GitLab Self-Managed/Dedicated",
  availability: "beta",
  worklyticsConnectorId: "gitlab-managed-psoxy",
  worklyticsConnectorName: "GitLab Self-Managed or Dedicated via Psoxy",
  // the reference strips the scheme and a trailing slash from gitlab_url
  targetHost: { template: "<gitlab_url>", settings: ["gitlab_url"] },
  settings: ["gitlab_url"],
  rulesFile: "docs/sources/gitlab/gitlab-managed/gitlab-managed.yaml",
  exampleApiRequests: gitlabCalls([
    "/api/v4/groups",
    "/api/v4/groups/{GROUP_ID}/members/all",
    "/api/v4/projects",
    "/api/v4/projects/{PROJECT_ID}/repository/branches",
    "/api/v4/projects/{PROJECT_ID}/repository/commits",
    "/api/v4/projects/{PROJECT_ID}/issues",
    "/api/v4/projects/{PROJECT_ID}/merge_requests",
    "/api/v4/projects/{PROJECT_ID}/audit_events",
    "/api/v4/users",
    "/api/v4/version",
  ]),
  instructions: { text: gitlabInstructions("your GitLab instance (<gitlab_url>)") },
  rules: [
    {
      key: "gitlab-managed",
      variant: "default",
      description: "As GitLab.com, plus the instance's users, user e-mails and version.",
      isDefault: true,
      reference: [
        {
          file: "gitlab/gitlab-managed/gitlab-managed.yaml",
          selectedBy:
            "the connector's rules_file (SOURCE=gitlab has no prebuilt rules); prebuilt key gitlab-managed",
        },
      ],
      build: gitlabManagedRules,
    },
  ],
};
