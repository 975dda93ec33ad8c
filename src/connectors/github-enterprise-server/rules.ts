/**
 * GitHub Enterprise Server: the Enterprise Cloud rules under the server's API prefix
 * (`/api/{version}/…`, GraphQL at `/api/graphql`).
 */
import { auditLogs, organizationEndpoints, repositoryEndpoints } from "../families/github-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";

const serverPath = (e: EndpointDoc): EndpointDoc => ({
  ...e,
  pathTemplate:
    e.pathTemplate === "/graphql" ? "/api/graphql" : `/api/{enterpriseServerVersion}${e.pathTemplate}`,
});

export function githubEnterpriseServerRules(): ApiRulesDoc {
  return apiRules(
    [...organizationEndpoints({ samlIdentities: true }), ...auditLogs(), ...repositoryEndpoints()].map(
      serverPath,
    ),
  );
}
