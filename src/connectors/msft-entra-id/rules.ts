/** Microsoft Entra ID (Azure AD) directory: users, groups and group members. */
import { directoryEndpoints } from "../families/microsoft-graph-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";

export function entraIdRules(opts: { noAppIds: boolean }): ApiRulesDoc {
  return apiRules(directoryEndpoints({ noAppIds: opts.noAppIds }));
}
