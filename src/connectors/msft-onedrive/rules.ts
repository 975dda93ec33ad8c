/**
 * OneDrive through Microsoft Graph: users, groups, their drives, drive deltas and item activities,
 * filtered to fixed schemas (no file names or contents). With no app ids, Entra user ids are
 * pseudonymized too (reversibly in the user list, whose tokens the drive paths then accept).
 */
import { CONSISTENCY_LEVEL, proxyAddresses } from "../families/microsoft-graph-rules.js";
import { apiRules, REVERSIBLE_PSEUDONYM } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize } from "../rules-dsl/transforms.js";

const collection = (item: string) =>
  s({
    "@microsoft.graph.hasMoreData": "boolean",
    "@odata.deltaLink": "string",
    "@odata.nextLink": "string",
    value: [item],
  });

const DRIVES_QUERY = ["$select", "$skiptoken", "$top", "$orderby", "$expand"];

export function onedriveRules(opts: { noAppIds: boolean }): ApiRulesDoc {
  const people = pseudonymize(opts.noAppIds ? ["$..user.id", "$..user.email"] : "$..user.email");
  const endpoint = (pathTemplate: string, allowedQueryParams: string[], item: string): EndpointDoc => ({
    pathTemplate,
    allowedQueryParams,
    transforms: [people],
    responseSchema: collection(item),
  });
  return apiRules(
    [
      endpoint("/v1.0/drives/{driveId}/activities", ["$expand", "$skiptoken"], "#ItemActivity"),
      endpoint(
        "/v1.0/drives/{driveId}/items/{itemId}/activities",
        ["$expand", "$skiptoken"],
        "#ItemActivity",
      ),
      endpoint("/v1.0/drives/{driveId}/root/delta", ["token", "$select", "$expand", "$top"], "#DriveItem"),
      {
        pathTemplate: "/v1.0/groups",
        allowedQueryParams: ["$top", "$select", "$skiptoken", "$orderby", "$count"],
        allowedRequestHeaders: CONSISTENCY_LEVEL,
        transforms: [pseudonymize("$..mail")],
        responseSchema: collection("#GraphGroup"),
      },
      endpoint("/v1.0/groups/{groupId}/drives", DRIVES_QUERY, "#Drive"),
      {
        pathTemplate: "/v1.0/users",
        allowedQueryParams: ["$top", "$select", "$skiptoken", "$orderby", "$count", "$filter"],
        allowedRequestHeaders: CONSISTENCY_LEVEL,
        transforms: [
          pseudonymize(["$..employeeId", "$..mail", "$..otherMails[*]"]),
          ...(opts.noAppIds ? [pseudonymize("$..id", { includeReversible: true })] : []),
          proxyAddresses(),
        ],
        responseSchema: collection("#GraphUser"),
      },
      {
        ...endpoint("/v1.0/users/{userId}/drives", DRIVES_QUERY, "#Drive"),
        ...(opts.noAppIds ? { pathParameterSchemas: { userId: { anyOf: [REVERSIBLE_PSEUDONYM] } } } : {}),
      },
    ],
    { definitions: onedriveDefinitions() },
  );
}

function onedriveDefinitions() {
  const dt = "date-time";
  const str = "string";
  const identity = "#IdentitySet";
  return definitions({
    ActivityItemRef: obj({ id: str }),
    AutomaticRepliesSettings: obj({
      externalAudience: str,
      scheduledEndDateTime: "#DateTimeTimeZone",
      scheduledEndStartTime: "#DateTimeTimeZone",
      status: str,
    }),
    CommentAction: obj({ isReply: "boolean", parentAuthor: identity, participants: [identity] }),
    DateTimeTimeZone: obj({ dateTime: dt, timeZone: str, timeZoneIANA: str }),
    DeletedFacet: obj({}),
    DocumentActivityDetail: obj({ contentId: str, navigationId: str }),
    Drive: obj({
      createdBy: identity,
      createdDateTime: dt,
      driveType: str,
      id: str,
      lastModifiedBy: identity,
      lastModifiedDateTime: dt,
      system: "#SystemFacet",
    }),
    DriveItem: obj({
      createdBy: identity,
      createdDateTime: dt,
      deleted: "#DeletedFacet",
      file: "#File",
      fileSystemInfo: "#FileSystemInfoFacet",
      folder: "#Folder",
      id: str,
      lastModifiedBy: identity,
      lastModifiedDateTime: dt,
      malware: "#MalwareFacet",
      package: "#Package",
      parentReference: "#ParentReference",
      remoteItem: "#RemoteItem",
      root: "#RootFacet",
      rootDriveItem: "boolean",
      shared: "#SharedFacet",
      sharepointIds: "#SharepointIdsFacet",
      size: "integer",
      specialFolder: "#SpecialFolderFacet",
    }),
    File: obj({ mimeType: str }),
    FileSystemInfoFacet: obj({ createdDateTime: dt, lastModifiedDateTime: dt }),
    Folder: obj({ childCount: "integer" }),
    GraphGroup: obj({ id: str, mail: str }),
    GraphUser: obj({
      accountEnabled: "boolean",
      employeeId: str,
      hireDate: dt,
      id: str,
      isResourceAccount: "boolean",
      mail: str,
      mailboxSettings: "#MailboxSettings",
      otherMails: [str],
      proxyAddresses: [str],
      userType: str,
    }),
    Identity: obj({ email: str, id: str, tenantId: str }),
    IdentitySet: obj({
      application: "#Identity",
      applicationInstance: "#Identity",
      conversation: "#Identity",
      conversationIdentityType: "#Identity",
      device: "#Identity",
      encrypted: "#Identity",
      guest: "#Identity",
      onPremises: "#Identity",
      phone: "#Identity",
      user: "#Identity",
    }),
    ItemAction: obj({}),
    ItemActionSet: obj({
      access: "#ItemAction",
      comment: "#CommentAction",
      create: "#ItemAction",
      delete: "#ItemAction",
      edit: "#ItemAction",
      mention: "#MentionAction",
      move: "#ItemAction",
      rename: "#RenameAction",
      restore: "#ItemAction",
      share: "#ShareAction",
      version: "#VersionAction",
    }),
    ItemActivity: obj({
      action: "#ItemActionSet",
      actor: identity,
      docDetails: "#DocumentActivityDetail",
      driveItem: "#DriveItem",
      id: str,
      listItem: "#ActivityItemRef",
      times: "#ItemActivityTimeSet",
    }),
    ItemActivityTimeSet: obj({ observedDateTime: dt, recordedDateTime: dt }),
    LocaleInfo: obj({ displayName: str, locale: str }),
    MailboxSettings: obj({
      archiveFolder: str,
      automaticRepliesSetting: "#AutomaticRepliesSettings",
      dateFormat: str,
      delegateMeetingMessageDeliveryOptions: str,
      language: "#LocaleInfo",
      timeFormat: str,
      timeZone: str,
      userPurpose: str,
      workingHours: "#WorkingHours",
    }),
    MalwareFacet: obj({}),
    MentionAction: obj({ mentionees: [identity] }),
    Package: obj({ type: str }),
    ParentReference: obj({ driveId: str, driveType: str, id: str, siteId: str }),
    RemoteItem: obj({
      createdBy: identity,
      createdDateTime: dt,
      file: "#File",
      folder: "#Folder",
      id: str,
      lastModifiedBy: identity,
      lastModifiedDateTime: dt,
      package: "#Package",
      shared: "#SharedFacet",
      size: "integer",
      specialFolder: "#SpecialFolderFacet",
    }),
    RenameAction: obj({ oldName: str }),
    RootFacet: obj({}),
    ShareAction: obj({ recipients: [identity] }),
    SharedFacet: obj({ owner: identity, sharedBy: identity, sharedDateTime: dt }),
    SharepointIdsFacet: obj({ listId: str, listItemId: str, listItemUniqueId: str, siteId: str, webId: str }),
    SpecialFolderFacet: obj({ name: str }),
    SystemFacet: obj({}),
    VersionAction: obj({ newVersion: str }),
    WorkingHours: obj({ daysOfWeek: [str], endTime: "time", startTime: "time" }),
  });
}
