/**
 * Admin SDK Reports API, Gemini in Workspace apps activity, filtered to a fixed schema. With
 * `pseudonymizeAppIds` the actor's profile id is pseudonymized too, and a caller names one user by that
 * pseudonym instead of the numeric id.
 */
import { reportsActivityDefinitions, reportsUserKeySchema } from "../families/google-workspace.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { s } from "../rules-dsl/schema.js";
import { hashIp, pseudonymize } from "../rules-dsl/transforms.js";

export function geminiInWorkspaceAppsRules(opts: { pseudonymizeAppIds: boolean }): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/admin/reports/v1/activity/users/{userKey}/applications/gemini_in_workspace_apps",
        allowedQueryParams: ["customerId", "maxResults", "pageToken", "startTime", "endTime"],
        transforms: [
          pseudonymize([
            ...(opts.pseudonymizeAppIds ? ["$.items[*].actor.profileId"] : []),
            "$.items[*].actor.email",
            "$.items[*].resourceDetails[*]..email",
          ]),
          hashIp("$.items[*].ipAddress"),
        ],
        pathParameterSchemas: { userKey: reportsUserKeySchema(opts.pseudonymizeAppIds) },
        responseSchema: s({ items: ["#Activity"], kind: "string", nextPageToken: "string" }),
      },
    ],
    { definitions: reportsActivityDefinitions() },
  );
}
