/**
 * `psoxy test zoom-meeting-summary` (infra spec 11.9) against a loopback stand-in for a Zoom proxy
 * instance: pagination of /v2/users, previous and report meetings (30-day windows), instances, the
 * double encoding of UUIDs that start with / or contain //, and the summary fetched at the end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "../../src/config/test-servers/loopback.js";
import { encodeZoomUuid, reportWindows, runZoomSummary } from "../../src/test-tool/zoom-summary.js";

let zoom: LoopbackServer;

const SUMMARY = { summary_overview: "t~ discussed the roadmap" };

function answer(req: RecordedRequest): LoopbackReply {
  const url = new URL(req.url, "http://x");
  const path = url.pathname;
  const q = url.searchParams;
  if (path === "/v2/users")
    return q.get("next_page_token") === "p2"
      ? { body: { users: [{ id: "u2" }], next_page_token: "" } }
      : { body: { users: [{ id: "u1" }], next_page_token: "p2" } };
  if (path === "/v2/users/u1/meetings")
    return { body: { meetings: [{ id: 111, start_time: "2026-03-01" }] } };
  if (path === "/v2/users/u2/meetings") return { status: 404, body: { message: "no" } };
  if (path === "/v2/report/users/u1/meetings") return { body: { meetings: [{ id: 111 }] } };
  if (path === "/v2/report/users/u2/meetings")
    return { body: { meetings: q.get("to") === reportWindows(45)[0]!.to ? [{ id: 222 }] : [] } };
  if (path === "/v2/past_meetings/111/instances") return { body: { meetings: [{ uuid: "abc==" }] } };
  if (path === "/v2/past_meetings/222/instances")
    return { body: { meetings: [{ uuid: "/xyz//w==", start_time: "2026-03-02" }] } };
  if (req.url === "/v2/past_meetings/abc%3D%3D")
    return { body: { uuid: "abc==", has_meeting_summary: false } };
  if (req.url === "/v2/past_meetings/%252Fxyz%252F%252Fw%253D%253D")
    return { body: { uuid: "/xyz//w==", has_meeting_summary: true } };
  if (req.url === "/v2/meetings/%252Fxyz%252F%252Fw%253D%253D/meeting_summary") return { body: SUMMARY };
  return { status: 404, body: { message: `unexpected ${req.url}` } };
}

beforeAll(async () => {
  zoom = await startLoopbackServer(answer);
});

afterAll(async () => {
  await zoom?.close();
});

beforeEach(() => {
  zoom.requests.length = 0;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("zoom-meeting-summary", () => {
  it("walks users, meetings and instances until a summary is found, and prints it", async () => {
    const c = capture();
    const code = await runZoomSummary(
      undefined,
      { url: `${zoom.url}/`, lookbackDays: "45", pageSize: "1" },
      c.io,
    );
    expect(code, c.err.join("\n")).toBe(0);
    const found = JSON.parse(c.out.join("\n"));
    expect(found).toMatchObject({
      userId: "u2",
      meetingId: "222",
      instanceUuid: "/xyz//w==",
      instanceStartTime: "2026-03-02",
      pastMeeting: { has_meeting_summary: true },
      meetingSummaryStatus: 200,
      meetingSummary: SUMMARY,
    });
    expect(found.testCall).toBe(
      `psoxy test call '${zoom.url}/v2/meetings/%252Fxyz%252F%252Fw%253D%253D/meeting_summary'`,
    );
    const urls = zoom.requests.map((r) => r.url);
    expect(urls.slice(0, 2)).toEqual(["/v2/users?page_size=1", "/v2/users?page_size=1&next_page_token=p2"]);
    expect(urls).toContain("/v2/users/u1/meetings?page_size=1&type=previous_meetings");
    // 45 days: two report windows per user
    expect(urls.filter((u) => u.startsWith("/v2/report/users/u1/meetings"))).toHaveLength(2);
    // meeting 111 was listed twice but walked once
    expect(urls.filter((u) => u === "/v2/past_meetings/111/instances")).toHaveLength(1);
    expect(c.err.join("\n")).toContain("previous meetings skipped (404)");
    expect(c.err.join("\n")).toContain("abc== has_meeting_summary=false");
  });

  it("exits 1 when no instance has a summary (--max-users limits the search)", async () => {
    const c = capture();
    expect(await runZoomSummary(zoom.url, { maxUsers: "1", lookbackDays: "10" }, c.io)).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err.at(-1)).toBe("No past meeting instance with has_meeting_summary=true produced a summary");
    expect(zoom.requests.some((r) => r.url.includes("/u2/"))).toBe(false);
  });

  it("exits 1 with the answer when /v2/users fails", async () => {
    zoom.fail = {
      status: 403,
      headers: { "x-psoxy-error": "BLOCKED_BY_RULES" },
      body: { message: "blocked" },
    };
    try {
      const c = capture();
      expect(await runZoomSummary(zoom.url, {}, c.io)).toBe(1);
      expect(c.err).toContain("GET /v2/users failed (403)");
      expect(c.out.join("\n")).toContain('"message": "blocked"');
    } finally {
      zoom.fail = undefined;
    }
  });
});

describe("helpers", () => {
  it("30-day report windows, newest first, covering the lookback", () => {
    const now = new Date("2026-03-31T12:00:00Z");
    expect(reportWindows(45, now)).toEqual([
      { from: "2026-03-01", to: "2026-03-31" },
      { from: "2026-02-14", to: "2026-03-01" },
    ]);
    expect(reportWindows(30, now)).toHaveLength(1);
  });

  it("double-encodes UUIDs that start with / or contain //", () => {
    expect(encodeZoomUuid("abc==")).toBe("abc%3D%3D");
    expect(encodeZoomUuid("/abc")).toBe("%252Fabc");
    expect(encodeZoomUuid("a//b")).toBe("a%252F%252Fb");
  });
});
