/**
 * Microsoft 365 Copilot interaction history through Microsoft Graph (beta), plus the user directory.
 * Prompts and responses are reduced to digests by augments before being redacted.
 */
import { tokenizeUserPagingLinks, usersEndpoint } from "../families/microsoft-graph-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact, textDigestAugment, tokenize } from "../rules-dsl/transforms.js";

const REFERENCES = [
  "$..displayName",
  "$..contentUrl",
  "$..attachments[*].name",
  "$..attachments[*].contentUrl",
  "$..mentions[*].mentionText",
  "$..contexts[*].contextReference",
  "$..links[?(@.linkType == 'File')].linkUrl",
];
const ODATA = ["$..['@odata.context']", "$..['@odata.count']", "$..['@odata.type']"];

function interactions(noAppIds: boolean): EndpointDoc {
  const augments = [
    textDigestAugment("$..attachments[*].content", { innerJsonPath: "$..text" }),
    textDigestAugment("$..body.content"),
  ];
  const contents = redact("$..body.content", "$..attachments[*].content");
  if (!noAppIds) {
    return {
      pathTemplate: "/beta/copilot/users/{id}/interactionHistory/getAllEnterpriseInteractions",
      allowedQueryParams: ["$filter"],
      augments,
      transforms: [
        pseudonymize("$..emailAddress"),
        redact(...REFERENCES),
        contents,
        ...ODATA.map((p) => redact(p)),
      ],
    };
  }
  return {
    pathRegex:
      "^/beta/copilot/users/(/p~[a-zA-Z0-9_-]+?)?[^/]*/interactionHistory/getAllEnterpriseInteractions(\\?.*)?",
    augments,
    transforms: [
      pseudonymize("$..emailAddress"),
      tokenize(["$..sessionId", "$..attachments[*].attachmentId"]),
      tokenizeUserPagingLinks("beta/copilot/users"),
      pseudonymize([
        '$..from..[?(@.applicationIdentityType != "bot")].id',
        '$..mentions[*][?(@.applicationIdentityType != "bot")].id',
      ]),
      contents,
      redact(...REFERENCES, ...ODATA),
    ],
  };
}

export function copilotRules(opts: { noAppIds: boolean }): ApiRulesDoc {
  return apiRules([interactions(opts.noAppIds), usersEndpoint(opts.noAppIds)]);
}
