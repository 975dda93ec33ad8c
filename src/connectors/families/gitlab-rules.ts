/**
 * GitLab REST API v4 rules shared by GitLab.com and self-managed/dedicated instances: every response is
 * filtered to a fixed schema, people (ids, usernames, e-mails) pseudonymized, and free text (titles,
 * descriptions, comments, commit messages) replaced by digests.
 */
import type { EndpointDoc, SchemaDoc } from "../rules-dsl/model.js";
import { arr, definitions, obj, ref } from "../rules-dsl/schema.js";
import { hashIp, pseudonymize, pseudonymizeRegexMatches, textDigest } from "../rules-dsl/transforms.js";

const ISSUE = {
  assignee: "#User",
  assignees: ["#User"],
  author: "#User",
  closed_at: "date-time",
  closed_by: "#User",
  confidential: "boolean",
  created_at: "date-time",
  description: "string",
  discussion_locked: "boolean",
  downvotes: "integer",
  has_tasks: "boolean",
  id: "integer",
  iid: "integer",
  issue_type: "string",
  merge_requests_count: "integer",
  milestone: "#Milestone",
  project_id: "integer",
  severity: "string",
  sourceId: "string",
  state: "string",
  task_completion_status: "#TaskCompletionStatus",
  time_stats: "#TimeStats",
  title: "string",
  type: "string",
  updated_at: "date-time",
  upvotes: "integer",
  user_notes_count: "integer",
  weight: "integer",
};

const MERGE_REQUEST = {
  assignee: "#User",
  assignees: ["#User"],
  author: "#User",
  blocking_discussions_resolved: "boolean",
  changes_count: "integer",
  closed_at: "date-time",
  closed_by: "#User",
  created_at: "date-time",
  description: "string",
  detailed_merge_status: "string",
  diff_refs: "#DiffRefs",
  discussion_locked: "boolean",
  downvotes: "integer",
  draft: "boolean",
  has_conflicts: "boolean",
  id: "integer",
  iid: "integer",
  merge_commit_sha: "string",
  merge_user: "#User",
  merged_at: "date-time",
  merged_by: "#User",
  milestone: "#Milestone",
  overflow: "boolean",
  project_id: "integer",
  reviewers: ["#User"],
  sha: "string",
  should_remove_source_branch: "boolean",
  sourceId: "string",
  source_branch: "string",
  source_project_id: "integer",
  squash: "boolean",
  squash_commit_sha: "string",
  squash_on_merge: "boolean",
  state: "string",
  target_branch: "string",
  target_project_id: "integer",
  task_completion_status: "#TaskCompletionStatus",
  time_stats: "#TimeStats",
  title: "string",
  updated_at: "date-time",
  upvotes: "integer",
  user_notes_count: "integer",
  work_in_progress: "boolean",
};

const COMMIT = {
  author_email: "string",
  authored_date: "date-time",
  committed_date: "date-time",
  committer_email: "string",
  created_at: "date-time",
  id: "string",
  message: "string",
  parent_ids: ["string"],
  short_id: "string",
  sourceId: "string",
  stats: "#Stats",
  status: "string",
  title: "string",
};

const NAMESPACE = { end_date: "date", id: "integer", plan: "string" };

const USER = {
  active: "boolean",
  commit_email: "string",
  created_at: "date-time",
  email: "string",
  id: "integer",
  identities: ["#SamlIdentity"],
  locked: "boolean",
  state: "string",
  username: "string",
};

export function gitlabDefinitions(opts: { userEmails: boolean }): Record<string, SchemaDoc> {
  return definitions({
    AuditEvent: obj({
      author_id: "integer",
      created_at: "date-time",
      details: "#Details",
      entity_id: "integer",
      entity_type: "string",
      id: "integer",
    }),
    Branch: obj({
      can_push: "boolean",
      commit: "#Commit",
      default: "boolean",
      developers_can_merge: "boolean",
      developers_can_push: "boolean",
      merged: "boolean",
      name: "string",
      protected: "boolean",
      sourceId: "string",
    }),
    Commit: obj(COMMIT),
    CommitDiscussion: obj({ id: "string", individual_note: "boolean", notes: ["#Note"] }),
    Details: obj({
      add: "string",
      author_email: "string",
      change: "string",
      event_type: "string",
      from: "string",
      ip_address: "string",
      remove: "string",
      target_id: "string",
      target_type: "string",
      to: "string",
    }),
    DiffRefs: obj({ base_sha: "string", head_sha: "string", start_sha: "string" }),
    Group: obj({ id: "integer", name: "string" }),
    GroupMember: obj({
      created_at: "date-time",
      created_by: "#User",
      email: "string",
      expires_at: "date",
      group_saml_identity: "#SamlIdentity",
      id: "integer",
      is_using_seat: "boolean",
      state: "string",
      username: "string",
    }),
    Issue: obj(ISSUE),
    MergeRequest: obj(MERGE_REQUEST),
    Milestone: obj({
      created_at: "date-time",
      description: "string",
      due_date: "date",
      expired: "boolean",
      group_id: "integer",
      id: "integer",
      iid: "integer",
      project_id: "integer",
      start_date: "date",
      state: "string",
      title: "string",
      updated_at: "date-time",
    }),
    Namespace: obj(NAMESPACE),
    Note: obj({
      author: "#User",
      body: "string",
      confidential: "boolean",
      created_at: "date-time",
      id: "integer",
      internal: "boolean",
      noteable_id: "integer",
      noteable_iid: "integer",
      noteable_type: "string",
      project_id: "integer",
      resolvable: "boolean",
      system: "boolean",
      updated_at: "date-time",
    }),
    Project: obj({
      archived: "boolean",
      created_at: "date-time",
      creator_id: "integer",
      default_branch: "string",
      empty_repo: "boolean",
      forks_count: "integer",
      id: "integer",
      issues_enabled: "boolean",
      last_activity_at: "date-time",
      merge_requests_enabled: "boolean",
      namespace: "#Namespace",
      open_issues_count: "integer",
      path: "string",
      path_with_namespace: "string",
      sourceId: "string",
      star_count: "integer",
      updated_at: "date-time",
      visibility: "string",
    }),
    SamlIdentity: obj({ extern_uid: "string", provider: "string" }),
    StateEvent: obj({
      created_at: "date-time",
      id: "integer",
      resource_id: "integer",
      resource_type: "string",
      source_commit: "string",
      source_merge_request_id: "integer",
      state: "string",
      user: "#User",
    }),
    Stats: obj({ additions: "integer", deletions: "integer", total: "integer" }),
    TaskCompletionStatus: obj({ completed_count: "integer", count: "integer" }),
    TimeStats: obj({
      human_time_estimate: "string",
      human_total_time_spent: "string",
      time_estimate: "integer",
      total_time_spent: "integer",
    }),
    User: obj(USER),
    ...(opts.userEmails
      ? { UserEmail: obj({ confirmed_at: "date-time", email: "string", id: "integer" }) }
      : {}),
  });
}

const listOf = (name: string) => arr(ref(name));

/** notes: authors pseudonymized; system notes keep their text with @mentions pseudonymized, others are digested */
const notes = (pathTemplate: string): EndpointDoc => ({
  pathTemplate,
  transforms: [
    pseudonymize(["$[*].author.id", "$[*].author.username", "$[*].author.email"]),
    pseudonymizeRegexMatches("$[?(@.system==true && @.body =~ /.*@.*/)].body", "@([\\w.-]+)"),
    textDigest("$[?(@.system!=true)].body"),
  ],
  responseSchema: listOf("Note"),
});

const stateEvents = (pathTemplate: string): EndpointDoc => ({
  pathTemplate,
  transforms: [pseudonymize(["$[*].user.id", "$[*].user.username"])],
  responseSchema: listOf("StateEvent"),
});

const commitTransforms = () => [
  pseudonymize(["$..author_email", "$..committer_email"]),
  textDigest(["$..message", "$..title"]),
];

/**
 * The endpoints, in the reference's order. `namespaces`: GitLab.com's namespace (plan) lookup;
 * `users`: a self-managed instance's user list, user e-mails and version.
 */
export function gitlabEndpoints(opts: { namespaces: boolean; users: boolean }): EndpointDoc[] {
  return [
    { pathTemplate: "/api/v4/groups", responseSchema: listOf("Group") },
    {
      pathTemplate: "/api/v4/groups/{id}/members/all",
      transforms: [
        pseudonymize([
          "$[*].id",
          "$[*].username",
          "$[*].email",
          "$[*].created_by.id",
          "$[*].created_by.username",
          "$[*].group_saml_identity.extern_uid",
        ]),
      ],
      responseSchema: listOf("GroupMember"),
    },
    {
      pathTemplate: "/api/v4/issues/{id}",
      transforms: [
        pseudonymize([
          "$..author.id",
          "$..username",
          "$..assignee.id",
          "$..assignees[*].id",
          "$..closed_by.id",
        ]),
        textDigest(["$..description", "$..title"]),
      ],
      responseSchema: obj(ISSUE),
    },
    {
      pathTemplate: "/api/v4/merge_requests/{id}",
      transforms: [
        pseudonymize([
          "$..author.id",
          "$..username",
          "$..assignee.id",
          "$..assignees[*].id",
          "$..reviewers[*].id",
          "$..merged_by.id",
          "$..merge_user.id",
          "$..closed_by.id",
        ]),
        textDigest(["$..title", "$..description"]),
      ],
      responseSchema: obj(MERGE_REQUEST),
    },
    ...(opts.namespaces
      ? [{ pathTemplate: "/api/v4/namespaces/{id}", allowedQueryParams: [], responseSchema: obj(NAMESPACE) }]
      : []),
    {
      pathTemplate: "/api/v4/projects",
      transforms: [pseudonymize("$..creator_id"), textDigest("$..description")],
      responseSchema: listOf("Project"),
    },
    {
      pathTemplate: "/api/v4/projects/{id}/audit_events",
      transforms: [
        pseudonymize([
          "$.author_id",
          "$[*].author_id",
          "$[*].details.author_email",
          "$[*].details.from",
          "$[*].details.to",
        ]),
        hashIp("$[*].details.ip_address"),
      ],
      responseSchema: listOf("AuditEvent"),
    },
    notes("/api/v4/projects/{id}/issues/{issueIid}/notes"),
    stateEvents("/api/v4/projects/{id}/issues/{issueIid}/resource_state_events"),
    {
      pathTemplate: "/api/v4/projects/{id}/merge_requests/{mergeRequestIid}/commits",
      transforms: [
        pseudonymize(["$[*].author_email", "$[*].committer_email"]),
        textDigest(["$[*].message", "$[*].title"]),
      ],
      responseSchema: listOf("Commit"),
    },
    notes("/api/v4/projects/{id}/merge_requests/{mergeRequestIid}/notes"),
    stateEvents("/api/v4/projects/{id}/merge_requests/{mergeRequestIid}/resource_state_events"),
    {
      pathTemplate: "/api/v4/projects/{id}/repository/branches",
      transforms: commitTransforms(),
      responseSchema: listOf("Branch"),
    },
    {
      pathTemplate: "/api/v4/projects/{id}/repository/commits",
      transforms: commitTransforms(),
      responseSchema: listOf("Commit"),
    },
    {
      pathTemplate: "/api/v4/projects/{id}/repository/commits/{sha}",
      transforms: commitTransforms(),
      responseSchema: obj(COMMIT),
    },
    {
      pathTemplate: "/api/v4/projects/{id}/repository/commits/{sha}/discussions",
      transforms: [
        pseudonymize(["$[*].notes[*].author.id", "$[*]..username", "$[*]..email"]),
        textDigest("$[*]..body"),
      ],
      responseSchema: listOf("CommitDiscussion"),
    },
    {
      pathTemplate: "/api/v4/projects/{projectId}/issues",
      transforms: [
        pseudonymize([
          "$[*].author.id",
          "$[*]..username",
          "$[*].assignee.id",
          "$[*].assignees[*].id",
          "$[*].closed_by.id",
        ]),
        textDigest(["$..description", "$..title"]),
      ],
      responseSchema: listOf("Issue"),
    },
    {
      pathTemplate: "/api/v4/projects/{projectId}/merge_requests",
      transforms: [
        pseudonymize([
          "$[*].author.id",
          "$[*]..username",
          "$[*].assignee.id",
          "$[*].assignees[*].id",
          "$[*].reviewers[*].id",
          "$[*].merged_by.id",
          "$[*].merge_user.id",
          "$[*].closed_by.id",
        ]),
        textDigest(["$..title", "$..description"]),
      ],
      responseSchema: listOf("MergeRequest"),
    },
    ...(opts.users
      ? [
          {
            pathTemplate: "/api/v4/users",
            transforms: [
              pseudonymize([
                "$[*].id",
                "$[*].username",
                "$[*].email",
                "$[*].commit_email",
                "$[*]..extern_uid",
              ]),
            ],
            responseSchema: listOf("User"),
          },
          {
            pathTemplate: "/api/v4/users/{id}/emails",
            transforms: [pseudonymize("$..email")],
            responseSchema: listOf("UserEmail"),
          },
          {
            pathTemplate: "/api/v4/version",
            allowedQueryParams: [],
            responseSchema: obj({ enterprise: "boolean" }),
          },
        ]
      : []),
  ];
}
