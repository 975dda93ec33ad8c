/**
 * Google Admin SDK Directory API: users, groups, members, domains and org units. With
 * `pseudonymizeAppIds` (the `_no-app-ids` variant, the Terraform default) the Google account ids are
 * pseudonymized too — reversibly for users, so that a caller can still ask for one user by id.
 */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, pseudonymizeJson, pseudonymizeReversible, redact } from "../rules-dsl/transforms.js";

/** user fields that identify a person (relative to a user object) */
const USER_IDENTIFIERS = [
  "primaryEmail",
  "emails[*].address",
  "externalIds[*].value",
  "aliases[*]",
  "nonEditableAliases[*]",
  "ims[*].im",
  "phones[*].value",
  "posixAccounts[*].accountId",
  "posixAccounts[*].uid",
  "posixAccounts[*].username",
  "locations[*].deskCode",
  "relations[*].value",
];

/** the single-user endpoint lists the same fields in another order */
const SINGLE_USER_IDENTIFIERS = [
  "primaryEmail",
  "emails[*].address",
  "aliases[*]",
  "nonEditableAliases[*]",
  "ims[*].im",
  "externalIds[*].value",
  "phones[*].value",
  "posixAccounts[*].accountId",
  "posixAccounts[*].uid",
  "posixAccounts[*].username",
  "locations[*].deskCode",
  "relations[*].value",
];

/** user fields dropped altogether */
const USER_REDACTIONS = [
  "name",
  "organizations[*].title",
  "posixAccounts[*].homeDirectory",
  "recoveryEmail",
  "recoveryPhone",
  "sshPublicKeys[*]",
  "thumbnailPhotoUrl",
  "websites[*]",
];

const GROUP_ADDRESSES = ["$..email", "$..aliases[*]", "$..nonEditableAliases[*]"];

export function directoryRules(opts: { pseudonymizeAppIds: boolean }): ApiRulesDoc {
  const under = (base: string, fields: string[]) => fields.map((f) => `${base}.${f}`);
  const users: EndpointDoc = {
    pathTemplate: "/admin/directory/v1/users",
    transforms: [
      pseudonymize(under("$.users[*]", USER_IDENTIFIERS)),
      redact(...under("$.users[*]", USER_REDACTIONS)),
      ...(opts.pseudonymizeAppIds ? [pseudonymizeReversible("$.users[*].id")] : []),
    ],
  };
  const user: EndpointDoc = {
    pathTemplate: "/admin/directory/v1/users/{accountId}",
    transforms: [
      pseudonymize(under("$", SINGLE_USER_IDENTIFIERS)),
      redact(...under("$", USER_REDACTIONS)),
      ...(opts.pseudonymizeAppIds ? [pseudonymizeReversible("$.id")] : []),
    ],
  };
  // group addresses are kept alongside their pseudonym: groups are not people
  const group = (pathTemplate: string): EndpointDoc => ({
    pathTemplate,
    transforms: [pseudonymizeJson(GROUP_ADDRESSES, { includeOriginal: true }), redact("$..description")],
  });
  return apiRules([
    { pathTemplate: "/admin/directory/v1/customer/{customerId}/domains" },
    users,
    user,
    group("/admin/directory/v1/groups"),
    group("/admin/directory/v1/groups/{groupId}"),
    {
      pathTemplate: "/admin/directory/v1/groups/{groupId}/members",
      transforms: [
        pseudonymize(GROUP_ADDRESSES),
        ...(opts.pseudonymizeAppIds ? [pseudonymize("$.members[*].id")] : []),
      ],
    },
    {
      pathTemplate: "/admin/directory/v1/customer/{customerId}/orgunits",
      transforms: [redact("$..description")],
    },
    {
      pathTemplate: "/admin/directory/v1/customer/{customerId}/orgunits/{orgUnitPath}",
      transforms: [redact("$..description")],
    },
  ]);
}
