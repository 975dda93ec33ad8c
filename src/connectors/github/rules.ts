/** GitHub Enterprise Cloud: organization, audit log, repositories (SAML identities in GraphQL). */
import { auditLogs, organizationEndpoints, repositoryEndpoints } from "../families/github-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";

export function githubEnterpriseCloudRules(): ApiRulesDoc {
  return apiRules([
    ...organizationEndpoints({ samlIdentities: true }),
    ...auditLogs(),
    ...repositoryEndpoints(),
  ]);
}
