/** GitHub Free/Pro/Team: as Enterprise Cloud, without audit log or SAML identities. */
import { organizationEndpoints, repositoryEndpoints } from "../families/github-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";

export function githubNonEnterpriseRules(): ApiRulesDoc {
  return apiRules([...organizationEndpoints({ samlIdentities: false }), ...repositoryEndpoints()]);
}
