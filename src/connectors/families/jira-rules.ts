/**
 * The Jira issue schema shared by Jira Cloud and Jira Data Center rules: an issue keeps its structure,
 * dates, status and estimates, and its people reduced to ids, e-mail, account type and time zone. Cloud
 * identifies people by `accountId`, Data Center by `key`.
 */
import type { SchemaDoc } from "../rules-dsl/model.js";
import { type SchemaInput, s } from "../rules-dsl/schema.js";

export type JiraFlavor = "cloud" | "server";

function user(flavor: JiraFlavor) {
  const common = { accountType: "string", active: "boolean", emailAddress: "string", timeZone: "string" };
  return flavor === "cloud" ? { ...common, accountId: "string" } : { ...common, key: "string" };
}

const progress = { progress: "integer", total: "integer" };
const issueType = { hierarchyLevel: "integer", id: "string", subtask: "boolean" };
const status = {
  id: "string",
  name: "string",
  statusCategory: { colorName: "string", id: "integer", key: "string", name: "string" },
};
const link = {
  id: "string",
  inwardIssue: { id: "string" },
  outwardIssue: { id: "string" },
  type: { id: "string", inward: "string", outward: "string" },
};
const visibility = { identifier: "string", type: "string", value: "string" };

/** one issue (the response of `/issue/{id}`, an element of search results) */
export function issueSchema(flavor: JiraFlavor): { [name: string]: SchemaInput } {
  const u = user(flavor);
  return {
    changelog: {
      histories: [
        { author: u, created: "string", id: "string", items: [{ field: "string", fieldtype: "string" }] },
      ],
    },
    fields: {
      aggregateprogress: progress,
      assignee: u,
      attachment: [{ author: u, created: "string", id: "string", size: "integer" }],
      comment: [
        { author: u, created: "string", id: "string", updateAuthor: u, updated: "string", visibility },
      ],
      created: "string",
      creator: u,
      duedate: "string",
      issuelinks: [link],
      issuetype: issueType,
      lastViewed: "string",
      parent: {
        fields: { issuetype: issueType, priority: { id: "string", name: "string" }, status },
        id: "string",
      },
      progress,
      project: {
        id: "string",
        insight: { lastIssueUpdateTime: "string", totalIssueCount: "integer" },
        projectCategory: { id: "string" },
        projectTypeKey: "string",
        simplified: "boolean",
        style: "string",
      },
      reporter: u,
      resolutiondate: "string",
      status,
      statuscategorychangedate: "string",
      "sub-tasks": [link],
      timeTracking: {
        originalEstimate: "string",
        originalEstimateSeconds: "integer",
        remainingEstimate: "string",
        remainingEstimateSeconds: "integer",
        timeSpent: "string",
        timeSpentSeconds: "integer",
      },
      timespent: "integer",
      updated: "integer",
      votes: { hasVoted: "boolean", votes: "integer" },
      watches: { isWatching: "boolean", watchCount: "integer", watchers: [u] },
      worklog: {
        worklogs: [
          {
            author: u,
            created: "string",
            id: "string",
            issueId: "string",
            started: "string",
            timeSpent: "string",
            timeSpentSeconds: "integer",
            updateAuthor: u,
            updated: "string",
            visibility,
          },
        ],
      },
    },
    id: "string",
    self: "string",
  };
}

/** search results: Cloud's enhanced JQL search pages by token, Data Center's search by offset */
export function searchSchema(flavor: JiraFlavor): SchemaDoc {
  const issues = [issueSchema(flavor)];
  return flavor === "cloud"
    ? s({ isLast: "boolean", issues, maxResults: "integer", nextPageToken: "string", total: "integer" })
    : s({ issues, maxResults: "integer", startAt: "integer", total: "integer" });
}
