/**
 * GitHub REST and GraphQL rules shared by the four GitHub connectors (Enterprise Cloud, Free/Pro/Team,
 * Enterprise Server, Copilot). Every GitHub "simple user" object is handled the same way wherever it
 * appears: profile URLs and names dropped, ids and e-mail pseudonymized, login pseudonymized reversibly
 * (so a caller can ask for `/users/{p~…}`).
 */
import { params, REVERSIBLE_PSEUDONYM } from "../rules-dsl/api.js";
import type { EndpointDoc, ParamSchemaDoc, SchemaDoc, TransformDoc } from "../rules-dsl/model.js";
import { s, typed } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible, redact, tokenize } from "../rules-dsl/transforms.js";

/** fields of a GitHub user object that are dropped */
const USER_REDACTIONS = [
  "avatar_url",
  "gravatar_id",
  "url",
  "html_url",
  "followers_url",
  "following_url",
  "gists_url",
  "starred_url",
  "subscriptions_url",
  "organizations_url",
  "repos_url",
  "events_url",
  "received_events_url",
  "name",
  "company",
  "location",
  "bio",
  "twitter_username",
];

/** fields of a GitHub user object that are pseudonymized (not reversibly) */
const USER_IDS = ["id", "node_id", "email"];

const quoted = (names: string[]) => names.map((n) => `'${n}'`).join(",");

/**
 * The user transforms, applied to:
 * - every user-looking field of the document (no argument), or
 * - the user objects under the given member names (`$..['author','committer']`), or
 * - the elements of a user array (`{ array: "assignees" }` → `$..assignees[*]`).
 */
export function userTransforms(where?: string[] | { array: string }): TransformDoc[] {
  if (where === undefined) {
    return [
      redact(...USER_REDACTIONS.map((f) => `$..${f}`)),
      pseudonymize(USER_IDS.map((f) => `$..${f}`)),
      pseudonymizeReversible("$..login"),
    ];
  }
  const base = Array.isArray(where) ? `$..[${quoted(where)}]` : `$..${where.array}[*]`;
  return [
    redact(`${base}.[${quoted(USER_REDACTIONS)}]`),
    pseudonymize(`${base}.[${quoted(USER_IDS)}]`),
    pseudonymizeReversible(`${base}.login`),
  ];
}

const PAGING = ["per_page", "page"];
const SORTING = ["sort", "direction"];

export const QUERY = {
  paging: PAGING,
  users: ["since", "per_page"],
  orgMembers: params(PAGING, ["filter", "role"]),
  auditLog: params(PAGING, ["phrase", "include", "after", "before", "order"]),
  issues: params(PAGING, SORTING, ["milestone", "state", "labels", "after", "before", "since"]),
  issueComments: params(PAGING, ["since"]),
  repos: params(PAGING, SORTING, ["type"]),
  branches: params(PAGING, ["protected"]),
  pulls: params(PAGING, SORTING, ["state", "head", "base"]),
  pullComments: params(PAGING, SORTING, ["since"]),
  commits: params(PAGING, ["sha", "path", "since", "until"]),
};

const TEAM_TRANSFORMS = (): TransformDoc[] => [
  redact("$..name", "$..description", "$..url", "$..html_url", "$..members_url", "$..repositories_url"),
  tokenize("$..slug"),
];

const COMMIT_REDACTIONS = ["$..name", "$..message", "$..files", "$..signature", "$..payload"];

export const orgMembers = (): EndpointDoc => ({
  pathTemplate: "/orgs/{org}/members",
  allowedQueryParams: QUERY.orgMembers,
  transforms: userTransforms(),
});

export const user = (): EndpointDoc => ({
  pathTemplate: "/users/{username}",
  allowedQueryParams: QUERY.users,
  transforms: userTransforms(),
  pathParameterSchemas: { username: REVERSIBLE_PSEUDONYM },
});

export const orgTeams = (): EndpointDoc => ({
  pathTemplate: "/orgs/{org}/teams",
  allowedQueryParams: QUERY.paging,
  transforms: TEAM_TRANSFORMS(),
});

export const orgTeamMembers = (): EndpointDoc => ({
  pathTemplate: "/orgs/{org}/teams/{teamSlug}/members",
  allowedQueryParams: QUERY.paging,
  transforms: userTransforms(),
});

/** `/orgs/{org}/audit-log` and its GitHub App form `/organizations/{installationId}/audit-log` */
export function auditLogs(queryParamSchemas?: Record<string, ParamSchemaDoc>): EndpointDoc[] {
  return ["/orgs/{org}/audit-log", "/organizations/{installationId}/audit-log"].map((pathTemplate) => ({
    pathTemplate,
    allowedQueryParams: QUERY.auditLog,
    transforms: [
      redact(
        "$..hashed_token",
        "$..business",
        "$..business_id",
        "$..transport_protocol",
        "$..transport_protocol_name",
        "$..pull_request_title",
        "$..user_agent",
        "$..job",
        "$..active_job_id",
        "$..aqueduct_job_id",
        "$..catalog_service",
        "$..migration_id",
      ),
      pseudonymize(["$..actor", "$..actor_id", "$..user", "$..user_id", "$..started_by", "$..started_by_id"]),
    ],
    ...(queryParamSchemas ? { queryParamSchemas } : {}),
  }));
}

/** Copilot's audit-log access is limited to `action:copilot` phrases (with an optional date range). */
export const COPILOT_AUDIT_LOG_QUERY: Record<string, ParamSchemaDoc> = {
  phrase: {
    pattern:
      "(action:copilot(?:\\+created:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\\.\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z)?)",
    required: true,
  },
  include: { enum: ["web"], required: true },
};

export const copilotSeats = (): EndpointDoc => ({
  pathTemplate: "/orgs/{org}/copilot/billing/seats",
  allowedQueryParams: QUERY.paging,
  transforms: [...userTransforms(["assignee"]), ...TEAM_TRANSFORMS()],
});

// ---- GraphQL ----

const pageInfo = { endCursor: "string", hasNextPage: "boolean" } as const;
const gitActor = { date: "string", email: "string", user: { login: "string" } };
const commit = {
  additions: "integer",
  associatedPullRequests: { nodes: [{ number: "integer" }] },
  author: gitActor,
  authoredByCommitter: "boolean",
  authoredDate: "string",
  changedFilesIfAvailable: "integer",
  committedDate: "string",
  committedViaWeb: "boolean",
  committer: gitActor,
  deletions: "integer",
  id: "string",
  oid: "string",
  parents: { nodes: [{ oid: "string" }] },
  tree: { oid: "string" },
  // the reference's schema names this type "onBehalfOf", which the filter treats as "any object"
  user: typed("onBehalfOf", { email: "string", id: "string", login: "string" }),
};

/**
 * Response schema of `/graphql`: organization members (with SAML identities on Enterprise Cloud), pull
 * request and branch commit history, rate limit and errors.
 */
export function graphqlSchema(opts: { samlIdentities: boolean }): SchemaDoc {
  return s({
    data: {
      organization: {
        membersWithRole: {
          edges: [
            {
              node: {
                email: "string",
                id: "string",
                isSiteAdmin: "boolean",
                login: "string",
                organizationVerifiedDomainEmails: ["string"],
              },
            },
          ],
          pageInfo,
        },
        repository: {
          pullRequest: { commits: { edges: [{ node: { commit } }], pageInfo } },
          ref: { target: { history: { edges: [{ node: commit }], pageInfo } } },
        },
        ...(opts.samlIdentities
          ? {
              samlIdentityProvider: {
                externalIdentities: {
                  edges: [
                    {
                      node: {
                        guid: "string",
                        samlIdentity: { emails: [{ value: "string" }], nameId: "string" },
                        user: { login: "string" },
                      },
                    },
                  ],
                  pageInfo,
                },
              },
            }
          : {}),
      },
      rateLimit: {
        cost: "integer",
        limit: "integer",
        nodeCount: "integer",
        remaining: "integer",
        resetAt: "date-time",
        used: "integer",
      },
    },
    errors: [
      {
        locations: [{ column: "integer", line: "integer" }],
        message: "string",
        path: ["string"],
        type: "string",
      },
    ],
  });
}

export const graphql = (opts: { samlIdentities: boolean }): EndpointDoc => ({
  pathTemplate: "/graphql",
  transforms: [
    redact("$..ssoUrl"),
    pseudonymize([
      "$..nameId",
      "$..email",
      "$..emails[*].value",
      "$..guid",
      "$..organizationVerifiedDomainEmails[*]",
    ]),
    pseudonymizeReversible("$..login"),
  ],
  responseSchema: graphqlSchema(opts),
});

// ---- repositories ----

const ISSUE_EVENT_ACTORS = [
  "author",
  "committer",
  "review_requester",
  "owner",
  "user",
  "requested_reviewer",
  "closed_by",
  "assigner",
  "actor",
  "assignee",
  "creator",
];
const PULL_ACTORS = ["owner", "user", "closed_by", "enabled_by", "actor", "assignee", "creator", "merged_by"];
const PULL_REDACTIONS = [
  "$..title",
  "$..body",
  "$..name",
  "$..description",
  "$..url",
  "$..homepage",
  "$..commit_title",
  "$..commit_message",
  "$..temp_clone_token",
];

const commitsEndpoint = (pathTemplate: string, allowedQueryParams: string[]): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams,
  transforms: [redact(...COMMIT_REDACTIONS), ...userTransforms(["author", "committer"])],
});

const userOnly = (pathTemplate: string, first: TransformDoc[] = []): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams: QUERY.paging,
  transforms: [...first, ...userTransforms(["user"])],
});

const issueEvents = (pathTemplate: string): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams: QUERY.paging,
  transforms: [
    redact(
      "$..name",
      "$..url",
      "$..body",
      "$..rename",
      "$..name",
      "$..message",
      "$..files",
      "$..signature",
      "$..payload",
      "$..dismissalMessage",
    ),
    ...userTransforms(ISSUE_EVENT_ACTORS),
  ],
});

const pull = (pathTemplate: string, redactions: string[], allowedQueryParams?: string[]): EndpointDoc => ({
  pathTemplate,
  ...(allowedQueryParams ? { allowedQueryParams } : {}),
  transforms: [
    redact(...redactions),
    ...userTransforms(PULL_ACTORS),
    ...userTransforms({ array: "requested_reviewers" }),
    ...userTransforms({ array: "assignees" }),
  ],
});

const reviewComments = (pathTemplate: string, allowedQueryParams: string[]): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams,
  transforms: [redact("$..path", "$..diff_hunk", "$..body"), ...userTransforms(["user"])],
});

/** repositories, commits, events, issues and pull requests */
export function repositoryEndpoints(): EndpointDoc[] {
  return [
    {
      pathTemplate: "/orgs/{org}/repos",
      allowedQueryParams: QUERY.repos,
      transforms: [redact("$..description", "$..homepage"), ...userTransforms(["owner"])],
    },
    { pathTemplate: "/repos/{owner}/{repo}/branches", allowedQueryParams: QUERY.branches },
    commitsEndpoint("/repos/{owner}/{repo}/commits", QUERY.commits),
    commitsEndpoint("/repos/{owner}/{repo}/commits/{ref}", QUERY.paging),
    {
      pathTemplate: "/repos/{owner}/{repo}/events",
      allowedQueryParams: QUERY.paging,
      transforms: [
        redact(
          "$..display_login",
          "$..avatar_url",
          "$..gravatar_id",
          "$..html_url",
          "$..name",
          "$..url",
          "$..message",
          "$..description",
          "$..body",
          "$..title",
        ),
        pseudonymize("$..author.email"),
        // 'requested_reviewers[*]' is a member name here, as in the reference
        ...userTransforms([
          "requested_reviewers[*]",
          "owner",
          "user",
          "closed_by",
          "actor",
          "assignee",
          "creator",
          "merged_by",
        ]),
        ...userTransforms({ array: "assignees" }),
      ],
    },
    userOnly("/repos/{owner}/{repo}/commits/{commitSha}/comments", [
      redact(...COMMIT_REDACTIONS, "$..path", "$..body", "$..position", "$..line"),
    ]),
    userOnly("/repos/{owner}/{repo}/comments/{commentId}/reactions"),
    {
      pathTemplate: "/repos/{owner}/{repo}/issues/{issueNumber}",
      transforms: [
        redact("$..title", "$..body", "$..description", "$..name", "$..pem"),
        ...userTransforms(["user", "closed_by", "assignee", "creator"]),
        ...userTransforms({ array: "assignees" }),
      ],
    },
    {
      pathTemplate: "/repos/{owner}/{repo}/issues",
      allowedQueryParams: QUERY.issues,
      transforms: [
        redact("$..title", "$..body", "$..description", "$..name"),
        ...userTransforms(["owner", "user", "closed_by", "assignee", "creator"]),
        ...userTransforms({ array: "assignees" }),
      ],
    },
    {
      pathTemplate: "/repos/{owner}/{repo}/issues/{issueNumber}/comments",
      allowedQueryParams: QUERY.issueComments,
      transforms: [redact("$..url", "$..message", "$..body"), ...userTransforms(["user"])],
    },
    issueEvents("/repos/{owner}/{repo}/issues/{issueNumber}/events"),
    issueEvents("/repos/{owner}/{repo}/issues/{issueNumber}/timeline"),
    userOnly("/repos/{owner}/{repo}/issues/{issueNumber}/reactions"),
    userOnly("/repos/{owner}/{repo}/issues/comments/{commentId}/reactions"),
    userOnly("/repos/{owner}/{repo}/pulls/{pullNumber}/reviews", [
      redact("$..body", "$..html_url", "$..pull_request_url"),
    ]),
    pull("/repos/{owner}/{repo}/pulls", PULL_REDACTIONS, QUERY.pulls),
    reviewComments("/repos/{owner}/{repo}/pulls/{pullNumber}/comments", QUERY.pullComments),
    reviewComments("/repos/{owner}/{repo}/pulls/{pullNumber}/reviews/{reviewId}/comments", QUERY.paging),
    commitsEndpoint("/repos/{owner}/{repo}/pulls/{pullNumber}/commits", QUERY.paging),
    pull(
      "/repos/{owner}/{repo}/pulls/{pullNumber}",
      PULL_REDACTIONS.filter((p) => p !== "$..url"),
    ),
  ];
}

/** Organization members, users, GraphQL and teams: the endpoints every GitHub connector starts with. */
export function organizationEndpoints(opts: { samlIdentities: boolean }): EndpointDoc[] {
  return [orgMembers(), user(), graphql(opts), orgTeams(), orgTeamMembers()];
}
