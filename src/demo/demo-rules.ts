/**
 * Rules YAML of the demo: what the proxy lets through from the demo source. Same format as any
 * deployment's RULES value; `psoxy rules validate` accepts it.
 */
export const DEMO_RULES_YAML = `# Demo rules: a calendar-like API and a meetings-like API.
# Only the endpoints listed here are reachable; everything else gets 403 BLOCKED_BY_RULES.
allowedRequestHeaders: []
endpoints:
  # Calendar events: keep times and structure, hide titles, descriptions, places and names,
  # pseudonymize every e-mail address (same person = same pseudonym across endpoints).
  - pathTemplate: "/calendar/v3/calendars/{calendarId}/events"
    allowedMethods: [GET]
    allowedQueryParams: ["maxResults", "pageToken", "timeMin", "timeMax", "singleEvents", "orderBy"]
    transforms:
      - !<redact>
        jsonPaths:
          - "$.summary"
          - "$.items[*].summary"
          - "$.items[*].description"
          - "$.items[*].location"
          - "$..displayName"
      - !<pseudonymize>
        jsonPaths:
          - "$..email"
  # Meetings of a user: keep schedule metadata, drop topics and join links.
  - pathTemplate: "/v2/users/{userId}/meetings"
    allowedMethods: [GET]
    allowedQueryParams: ["type", "page_size", "next_page_token"]
    transforms:
      - !<redact>
        jsonPaths:
          - "$.meetings[*].topic"
          - "$.meetings[*].join_url"
      - !<pseudonymize>
        jsonPaths:
          - "$.meetings[*].host_email"
          - "$.meetings[*].host_id"
  # Participants of a past meeting: pseudonymous ids only.
  - pathTemplate: "/v2/past_meetings/{meetingId}/participants"
    allowedMethods: [GET]
    allowedQueryParams: ["page_size", "next_page_token"]
    transforms:
      - !<redact>
        jsonPaths:
          - "$.participants[*].name"
      - !<pseudonymize>
        jsonPaths:
          - "$.participants[*].user_email"
          - "$.participants[*].id"
`;
