/** GitHub Copilot: members, teams, Copilot seats, and the audit log restricted to Copilot actions. */
import {
  auditLogs,
  COPILOT_AUDIT_LOG_QUERY,
  copilotSeats,
  organizationEndpoints,
} from "../families/github-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";

export function githubCopilotRules(): ApiRulesDoc {
  return apiRules([
    ...organizationEndpoints({ samlIdentities: true }),
    copilotSeats(),
    ...auditLogs(COPILOT_AUDIT_LOG_QUERY),
  ]);
}
