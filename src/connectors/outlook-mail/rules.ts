/**
 * Outlook Mail through Microsoft Graph: the directory, mailbox settings and sent-message metadata.
 * Subjects, bodies, names and headers are dropped; addresses pseudonymized.
 */
import {
  CONSISTENCY_LEVEL,
  directoryEndpoints,
  redactODataContext,
  tokenizeUserPagingLinks,
  USER_PATH_WITH_PSEUDONYM,
} from "../families/microsoft-graph-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, TransformDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const messageTransforms = (noAppIds: boolean): TransformDoc[] => [
  redact(
    "$..subject",
    "$..body",
    "$..bodyPreview",
    "$..emailAddress.name",
    "$..extensions",
    "$..multiValueExtendedProperties",
    "$..singleValueExtendedProperties",
    "$..internetMessageHeaders",
  ),
  pseudonymize("$..emailAddress.address"),
  ...(noAppIds ? [tokenizeUserPagingLinks(), redactODataContext()] : []),
];

export function outlookMailRules(opts: { noAppIds: boolean; groups: boolean }): ApiRulesDoc {
  const { noAppIds } = opts;
  const user = noAppIds ? USER_PATH_WITH_PSEUDONYM : "^/v1.0/users/[^/]*";
  return apiRules([
    ...directoryEndpoints(opts),
    {
      pathRegex: `${user}/mailboxSettings`,
      transforms: [
        redact("$..internalReplyMessage", "$..externalReplyMessage"),
        ...(noAppIds ? [redactODataContext()] : []),
      ],
    },
    { pathRegex: `${user}/messages/[^/]*`, transforms: messageTransforms(noAppIds) },
    {
      pathRegex: `${user}/mailFolders(/SentItems|\\('SentItems'\\))/messages.*`,
      allowedRequestHeaders: CONSISTENCY_LEVEL,
      transforms: messageTransforms(noAppIds),
    },
  ]);
}
