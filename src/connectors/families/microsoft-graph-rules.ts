/**
 * Microsoft Graph rules shared by the Microsoft 365 connectors: the directory endpoints (users, groups,
 * group members) and the helpers for the `_no-app-ids` variants, where Entra object ids are pseudonymized
 * too (reversibly for users, whose paths then accept `p~…` tokens) and paging links are tokenized so no
 * user id leaks through them.
 */
import type { EndpointDoc, TransformDoc } from "../rules-dsl/model.js";
import {
  pseudonymize,
  pseudonymizeJson,
  pseudonymizeRegexMatches,
  redact,
  tokenize,
} from "../rules-dsl/transforms.js";

export const CONSISTENCY_LEVEL = ["ConsistencyLevel"];

/** `/v1.0/users/<id or p~token>` as a regex prefix in the no-app-ids variants */
export const USER_PATH_WITH_PSEUDONYM = "^/v1.0/users(/p~[a-zA-Z0-9_-]+?)?[^/]*";

/** Exchange addresses in proxyAddresses: the address after `smtp:` is pseudonymized */
export const proxyAddresses = (): TransformDoc =>
  pseudonymizeRegexMatches("$..proxyAddresses[*]", "(?i)^smtp:(.*)$");

const USER_REDACTIONS = [
  "$..displayName",
  "$..aboutMe",
  "$..mySite",
  "$..preferredName",
  "$..givenName",
  "$..surname",
  "$..jobTitle",
  "$..mailNickname",
  "$..responsibilities",
  "$..skills",
  "$..faxNumber",
  "$..mobilePhone",
  "$..businessPhones[*]",
  "$..onPremisesExtensionAttributes",
  "$..onPremisesSecurityIdentifier",
  "$..securityIdentifier",
];

const USER_IDENTIFIERS = [
  "$..employeeId",
  "$..userPrincipalName",
  "$..imAddresses[*]",
  "$..mail",
  "$..otherMails[*]",
  "$..onPremisesSamAccountName",
  "$..onPremisesUserPrincipalName",
  "$..onPremisesDistinguishedName",
  "$..onPremisesImmutableId",
  "$..identities[*].issuerAssignedId",
];

const GROUP_REDACTIONS = [
  "$..owners",
  "$..rejectedSenders",
  "$..acceptedSenders",
  "$..members",
  "$..membersWithLicenseErrors",
  "$..mailNickname",
  "$..description",
  "$..resourceBehaviorOptions",
  "$..resourceProvisioningOptions",
  "$..onPremisesSamAccountName",
  "$..onPremisesSecurityIdentifier",
  "$..onPremisesProvisioningErrors",
  "$..securityIdentifier",
];

const userTransforms = (): TransformDoc[] => [
  proxyAddresses(),
  redact(...USER_REDACTIONS),
  pseudonymize(USER_IDENTIFIERS),
];

/** `/v1.0/users[/{id}]`: directory data of users; with no app ids their object ids become reversible pseudonyms */
export function usersEndpoint(noAppIds: boolean): EndpointDoc {
  return {
    pathRegex: noAppIds ? USER_PATH_WITH_PSEUDONYM : "^/v1.0/users/?[^/]*",
    allowedQueryParams: ["$top", "$select", "$skiptoken", "$orderBy", "$count", "$filter"],
    allowedRequestHeaders: CONSISTENCY_LEVEL,
    transforms: [
      ...userTransforms(),
      ...(noAppIds ? [pseudonymize("$..id", { includeReversible: true })] : []),
    ],
  };
}

/** `/v1.0/groups[/{id}]` and `/v1.0/groups/{id}/members` */
export function groupEndpoints(noAppIds: boolean): EndpointDoc[] {
  return [
    {
      pathRegex: "^/v1.0/groups/?[^/]*",
      allowedRequestHeaders: CONSISTENCY_LEVEL,
      transforms: [
        proxyAddresses(),
        redact(...GROUP_REDACTIONS),
        // group addresses are not personal: kept next to their pseudonym
        pseudonymizeJson("$..mail", { includeOriginal: true }),
      ],
    },
    {
      pathRegex: "^/v1.0/groups/[^/]*/members.*",
      allowedQueryParams: ["$top", "$select", "$skiptoken", "$orderBy", "$count"],
      allowedRequestHeaders: CONSISTENCY_LEVEL,
      transforms: [...userTransforms(), ...(noAppIds ? [pseudonymize("$..id")] : [])],
    },
  ];
}

/** users, then groups and members unless `groups` is false (the `_no-groups` variants) */
export function directoryEndpoints(opts: { noAppIds: boolean; groups?: boolean }): EndpointDoc[] {
  return [usersEndpoint(opts.noAppIds), ...(opts.groups === false ? [] : groupEndpoints(opts.noAppIds))];
}

/** Graph paging links carry the user id of the path: tokenized so the caller can follow them */
export const tokenizeUserPagingLinks = (base = "v1.0/users"): TransformDoc =>
  tokenize(
    "$.['@odata.nextLink', '@odata.prevLink', 'sessions@odata.nextLink']",
    `^https://graph.microsoft.com/${base}/([a-zA-Z0-9_-]+)/.*$`,
  );

export const redactODataContext = (): TransformDoc => redact("$..['@odata.context']");
