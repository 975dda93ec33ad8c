/**
 * Salesforce REST API: object descriptions, SOQL queries over Accounts, Users, Tasks and Events, and
 * composite requests. Ids of people pseudonymized (User ids reversibly, so follow-up queries can name
 * them), subjects, descriptions and call results dropped.
 */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible, redact } from "../rules-dsl/transforms.js";

const V = "^/services/data/v(\\d*.\\d{1})";
const V_STRICT = "^/services/data/v(\\d+\\.\\d+)";
/** `FROM <object>` in a URL-encoded SOQL query, the object name followed by `trailer` */
const FROM = (object: string, trailer: string) => `FROM(%20|\\+)*${object}${trailer}`;
const SPACES = "(%20|\\+)*";
const WORD_END = "(%20|\\+|\\b)";

/** record fields naming people, as listed for query and composite results */
const PEOPLE_FIELDS = [
  "CreatedById",
  "ContactId",
  "ManagerId",
  "Email",
  "LastModifiedById",
  "OwnerId",
  "WhoId",
  "eventWhoIds",
  "acceptedEventInviteeIds",
  "declinedEventInviteeIds",
  "taskWhoIds",
  "undecidedEventInviteeIds",
];
const TEXT_FIELDS = ["Description", "Subject", "CallResult"];

const queryResult = (item: string) =>
  s({ done: "boolean", nextRecordsUrl: "string", records: [item], totalSize: "integer" });

const dt = "date-time";
const str = "string";
const bool = "boolean";
const int = "integer";

const ACCOUNT = {
  AccountSource: str,
  AnnualRevenue: "number",
  CreatedById: str,
  CreatedDate: dt,
  Id: str,
  IsDeleted: bool,
  LastActivityDate: dt,
  LastModifiedById: str,
  LastModifiedDate: dt,
  NumberOfEmployees: int,
  OwnerId: str,
  Ownership: str,
  ParentId: str,
  Rating: str,
  Sic: str,
  Type: str,
};

/** recurrence fields common to Tasks and Events */
const RECURRENCE = {
  RecurrenceActivityDate: str,
  RecurrenceActivityId: str,
  RecurrenceDayOfMonth: int,
  RecurrenceDayOfWeekMask: str,
  RecurrenceEndDateOnly: str,
  RecurrenceInstance: str,
  RecurrenceInterval: int,
  RecurrenceMonthOfYear: str,
  RecurrenceStartDateOnly: str,
  RecurrenceTimeZoneSidKey: str,
  RecurrenceType: str,
};

const ACTIVITY = {
  AccountId: str,
  ActivityDate: str,
  CreatedById: str,
  CreatedDate: dt,
  Id: str,
  IsArchived: bool,
  IsDeleted: bool,
  IsRecurrence: bool,
  IsReminderSet: bool,
  LastModifiedById: str,
  LastModifiedDate: dt,
  OwnerId: str,
  ReminderDateTime: dt,
  Type: str,
  WhatId: str,
  WhoId: str,
  ...RECURRENCE,
};

const EVENT = {
  ...ACTIVITY,
  AcceptedEventInviteeIds: [str],
  ActivityDateTime: dt,
  ClientGuid: str,
  CurrencyIsoCode: str,
  DeclinedEventInviteeIds: [str],
  Division: str,
  DurationInMinutes: int,
  EndDate: str,
  EndDateTime: dt,
  EventSubtype: str,
  EventWhoIds: [str],
  GroupEventType: str,
  IsAllDayEvent: bool,
  IsChild: bool,
  IsClientManaged: bool,
  IsGroupEvent: bool,
  IsPrivate: bool,
  IsRecurrence2: bool,
  IsRecurrence2Exception: bool,
  IsRecurrence2Exclusion: bool,
  IsVisibleInSelfService: bool,
  Location: str,
  Recurrence2PatternStartDate: dt,
  Recurrence2PatternText: str,
  Recurrence2PatternTimeZone: str,
  Recurrence2PatternVersion: str,
  RecurrenceStartDateTime: dt,
  ShowAs: str,
  StartDateTime: dt,
  UndecidedEventInviteeIds: [str],
  WhatCount: int,
  WhoCount: int,
};

const TASK = {
  ...ACTIVITY,
  ActivitySubtype: str,
  CallDisposition: str,
  CallDurationInSeconds: int,
  CallObject: str,
  CallResult: str,
  CallType: str,
  CompletedDateTime: dt,
  IsClosed: bool,
  IsHighPriority: bool,
  Priority: str,
  RecurrenceRegeneratedType: str,
  Status: str,
  TaskSubtype: str,
  TaskWhoIds: [str],
};

const USER = {
  AccountId: str,
  ContactId: str,
  CreatedById: str,
  CreatedDate: dt,
  Email: str,
  EmailEncodingKey: str,
  Id: str,
  IsActive: bool,
  LastLoginDate: dt,
  LastModifiedById: str,
  LastModifiedDate: dt,
  ManagerId: str,
  TimeZoneSidKey: str,
  UserRoleId: str,
  UserType: str,
};

export function salesforceRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathRegex: `${V}/composite$`,
        allowedMethods: ["POST"],
        allowedQueryParams: [],
        transforms: [
          pseudonymize(PEOPLE_FIELDS.map((f) => `$..records[*].${f}`)),
          redact(...TEXT_FIELDS.map((f) => `$..records[*].${f}`)),
        ],
        responseSchema: s({ compositeResponse: ["#CompositeResult(Response)"] }),
      },
      {
        pathRegex: `${V}/composite/sobjects/Account[?][^/]*`,
        allowedQueryParams: ["ids", "fields"],
        transforms: [
          pseudonymize(["$..CreatedById", "$..LastModifiedById", "$..OwnerId"]),
          redact("$..attributes"),
        ],
        responseSchema: s(["#Account"]),
      },
      {
        pathRegex: `${V}/query/[^?]+$`,
        allowedQueryParams: [],
        transforms: [
          pseudonymize(PEOPLE_FIELDS.map((f) => `$.records[*].${f}`)),
          pseudonymize("$.records[*].Id", {
            applyOnlyWhen: '$.records[?(@.attributes.type == "User")]',
            includeReversible: true,
          }),
          redact("$..attributes"),
          redact(...TEXT_FIELDS.map((f) => `$.records[*].${f}`)),
        ],
        responseSchema: queryResult("#Response"),
      },
      {
        pathRegex: `${V}/queryAll[?]q=SELECT.*${FROM("Event", SPACES)}.*$`,
        allowedQueryParams: ["q"],
        transforms: [
          pseudonymize(
            [
              "OwnerId",
              "WhoId",
              "CreatedById",
              "LastModifiedById",
              "eventWhoIds",
              "acceptedEventInviteeIds",
              "declinedEventInviteeIds",
              "undecidedEventInviteeIds",
            ].map((f) => `$..records[*].${f}`),
          ),
          redact(...TEXT_FIELDS.map((f) => `$..records[*].${f}`)),
        ],
        responseSchema: queryResult("#Event"),
      },
      {
        pathRegex: `${V}/queryAll[?]q=SELECT.*${FROM("Task", SPACES)}.*$`,
        allowedQueryParams: ["q"],
        transforms: [
          pseudonymize(
            ["OwnerId", "WhoId", "CreatedById", "LastModifiedById", "taskWhoIds"].map(
              (f) => `$..records[*].${f}`,
            ),
          ),
          redact(...TEXT_FIELDS.map((f) => `$..records[*].${f}`)),
        ],
        responseSchema: queryResult("#Task"),
      },
      {
        pathRegex: `${V}/sobjects/(Account|User|Task|Event)/describe$`,
        allowedQueryParams: [],
        responseSchema: s({
          childRelationships: ["#ChildRelationship"],
          deprecatedAndHidden: bool,
          fields: ["#Field"],
          name: str,
          queryable: bool,
          retrieveable: bool,
          searchable: bool,
        }),
      },
      {
        pathRegex: `${V_STRICT}/query[?]q=SELECT.*${FROM("Account", WORD_END)}.*`,
        allowedQueryParams: ["q"],
        transforms: [
          pseudonymize(["$.records[*].CreatedById", "$.records[*].LastModifiedById", "$.records[*].OwnerId"]),
        ],
        responseSchema: queryResult("#Account"),
      },
      {
        pathRegex: `${V_STRICT}/query[?]q=SELECT.*${FROM("User", WORD_END)}.*`,
        allowedQueryParams: ["q"],
        transforms: [
          pseudonymize([
            "$.records[*].ContactId",
            "$.records[*].CreatedById",
            "$.records[*].ManagerId",
            "$.records[*].Email",
          ]),
          pseudonymizeReversible("$.records[*].Id"),
        ],
        responseSchema: queryResult("#User"),
      },
    ],
    {
      definitions: definitions({
        Account: obj(ACCOUNT),
        Attributes: obj({ type: str }),
        ChildRelationship: obj({ childSObject: str, field: str, relationshipName: str }),
        "CompositeResult(Response)": obj({
          body: "#NestedQueryResult(Response)",
          errorBody: ["#ErrorBody"],
          httpHeaders: "object",
          httpStatusCode: int,
          referenceId: str,
        }),
        ErrorBody: obj({ errorCode: str, extendedErrorDetails: ["#ExtendedErrorDetails"], message: str }),
        Event: obj(EVENT),
        ExtendedErrorDetails: obj({ extendedErrorCode: str, message: str }),
        Field: obj({
          custom: bool,
          dependentPicklist: bool,
          deprecatedAndHidden: bool,
          filterable: bool,
          name: str,
          nameField: bool,
          sortable: bool,
        }),
        "NestedQueryResult(Response)": queryResult("#Response"),
        Object: obj({}),
        // any record a query can return: the union of the four objects, with its type attribute
        Response: obj({ ...ACCOUNT, ...EVENT, ...TASK, ...USER, attributes: "#Attributes" }),
        Task: obj(TASK),
        User: obj({ ...USER, employee: bool }),
      }),
    },
  );
}
