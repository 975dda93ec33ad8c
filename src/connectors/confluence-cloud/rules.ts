/**
 * Confluence Cloud REST API (v1 and v2, through api.atlassian.com): content versions, spaces, tasks,
 * content search, groups and members. Authors pseudonymized, bodies and names dropped, titles and
 * messages digested.
 */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc, TransformDoc } from "../rules-dsl/model.js";
import { arr, definitions, obj, ref, s } from "../rules-dsl/schema.js";
import { pseudonymize, redact, textDigest } from "../rules-dsl/transforms.js";

const WIKI = "/ex/confluence/{cloudId}/wiki";
const V2 = `${WIKI}/api/{version}`;
const LINKS = ["$._links.base", "$._links.context", "$._links.self"];
const LINKS_WITH_PREV = ["$._links.base", "$._links.context", "$._links.prev", "$._links.self"];

const page = (item: string) =>
  s({ _links: "#Links", limit: "integer", results: [item], size: "integer", start: "integer" });

const versions = (pathTemplate: string, extraRedactions: string[] = []): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams: ["limit", "cursor", "sort"],
  transforms: [
    pseudonymize("$.results[*].authorId"),
    redact("$.results[*]..body", ...extraRedactions),
    textDigest(["$.results[*].message", "$.results[*].title"]),
  ],
  responseSchema: page("#Version"),
});

const endpoint = (
  pathTemplate: string,
  allowedQueryParams: string[],
  transforms: TransformDoc[],
  item: string,
): EndpointDoc => ({ pathTemplate, allowedQueryParams, transforms, responseSchema: page(item) });

const user = {
  accountId: "string",
  accountStatus: "string",
  accountType: "string",
  displayName: "string",
  email: "string",
  emailAddress: "string",
  externalCollaborator: "boolean",
  guest: "boolean",
  locale: "string",
  profilePicture: "#ProfilePicture",
  publicName: "string",
  type: "string",
  userKey: "string",
  username: "string",
};

const version = {
  attachment: "#Parent",
  authorId: "string",
  blogpost: "#Parent",
  comment: "#Parent",
  contentTypeModified: "boolean",
  createdAt: "date-time",
  message: "string",
  minorEdit: "boolean",
  number: "integer",
  page: "#Parent",
};

export function confluenceRules(): ApiRulesDoc {
  return apiRules(
    [
      versions(`${V2}/attachments/{pageId}/versions`),
      versions(`${V2}/blogposts/{blogpostId}/versions`),
      versions(`${V2}/custom-content/{customContentId}/versions`, LINKS),
      versions(`${V2}/footer-comments/{commentId}/versions`),
      versions(`${V2}/inline-comments/{commentId}/versions`),
      versions(`${V2}/pages/{pageId}/versions`),
      endpoint(
        `${V2}/spaces`,
        ["limit", "cursor", "type"],
        [
          pseudonymize(["$.results[*].authorId", "$.results[*].spaceOwnerId"]),
          redact("$.results[*].name", ...LINKS),
          textDigest("$.results[*].description"),
        ],
        "#Space",
      ),
      endpoint(
        `${V2}/tasks`,
        ["limit", "cursor", "created-at-from", "created-at-to", "completed-at-from", "completed-at-to"],
        [
          pseudonymize(["$.results[*].assignedTo", "$.results[*].completedBy", "$.results[*].createdBy"]),
          redact("$.results[*]..body", ...LINKS),
        ],
        "#Task",
      ),
      endpoint(
        `${WIKI}/rest/api/content/search`,
        ["next", "cql", "expand", "limit", "cursor", "includeArchivedSpaces", "start", "excerpt"],
        [
          pseudonymize(["$.results[*]..accountId", "$.results[*]..email"]),
          redact(
            "$.results[*]..ari",
            "$.results[*]..displayName",
            "$.results[*]..publicName",
            "$.results[*]..profilePicture",
            "$.results[*]..base64EncodedAri",
            "$.results[*]..macroRenderedOutput",
            "$.results[*].._expandable",
            "$.results[*].._links",
            "$.results[*]..webui",
            "$.results[*]..self",
            "$.results[*]..download",
            ...LINKS_WITH_PREV,
          ),
          textDigest([
            "$.results[*]..title",
            "$.results[*]..message",
            "$.results[*].body.atlas_doc_format.value",
          ]),
        ],
        "#ContentItem",
      ),
      endpoint(
        `${WIKI}/rest/api/group`,
        ["next", "limit", "start"],
        [redact("$..name", ...LINKS_WITH_PREV)],
        "#Group",
      ),
      endpoint(
        `${WIKI}/rest/api/group/{groupId}/membersByGroupId`,
        ["next", "limit", "start"],
        [
          pseudonymize(["$.results[*].accountId", "$.results[*].email"]),
          redact(
            "$.results[*].displayName",
            "$.results[*].profilePicture",
            "$.results[*].publicName",
            ...LINKS,
          ),
        ],
        "#GroupMember",
      ),
      {
        pathTemplate: "/oauth/token/accessible-resources",
        allowedQueryParams: [],
        responseSchema: arr(ref("AccessibleResource")),
      },
    ],
    {
      definitions: definitions({
        AccessibleResource: obj({ id: "string", scopes: ["string"], url: "string" }),
        AncestorReference: obj({ id: "string", status: "string", title: "string", type: "string" }),
        Body: obj({ atlas_doc_format: "#DocFormat" }),
        ContentItem: obj({
          ancestors: ["#AncestorReference"],
          body: "#Body",
          extensions: "#Extensions",
          history: "#History",
          id: "string",
          sourceId: "string",
          status: "string",
          title: "string",
          type: "string",
          version: "#ContentSearchVersion",
        }),
        ContentSearchVersion: obj({ ...version, by: "#User", when: "date-time" }),
        DocFormat: obj({ representation: "string", value: "string" }),
        Extensions: obj({ location: "string" }),
        Group: obj({ id: "string", type: "string" }),
        GroupMember: obj(user),
        History: obj({
          createdBy: "#User",
          createdDate: "date-time",
          previousVersion: "#ContentSearchVersion",
        }),
        Links: obj({ next: "string", prev: "string" }),
        Parent: obj({ id: "string" }),
        ProfilePicture: obj({ height: "integer", isDefault: "boolean", path: "string", width: "integer" }),
        Space: obj({
          authorId: "string",
          createdAt: "date-time",
          description: "string",
          homePageId: "string",
          id: "string",
          key: "string",
          name: "string",
          sourceId: "string",
          spaceOwnerId: "string",
        }),
        Task: obj({
          assignedTo: "string",
          completedAt: "date-time",
          completedBy: "string",
          createdAt: "date-time",
          createdBy: "string",
          dueAt: "date-time",
          id: "string",
          localId: "string",
          pageId: "string",
          spaceId: "string",
          status: "string",
          updatedAt: "date-time",
        }),
        User: obj(user),
        Version: obj(version),
      }),
    },
  );
}
