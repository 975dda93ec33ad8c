/**
 * `psoxy test zoom-meeting-summary` (infra spec 11.9; the reference's find-zoom-meeting-summary.js):
 * finds, through a Zoom proxy instance, a past meeting instance that has an AI Companion meeting summary
 * and fetches it, so that `/v2/meetings/{uuid}/meeting_summary` can be tested with a real value. It walks
 * `/v2/users` → each user's previous meetings (`/v2/users/{id}/meetings?type=previous_meetings`) and
 * report meetings (`/v2/report/users/{id}/meetings`, 30-day windows over `--lookback-days`) → each
 * meeting's instances (`/v2/past_meetings/{id}/instances`) → each instance's details
 * (`/v2/past_meetings/{uuid}`) until one has `has_meeting_summary: true`, then calls
 * `/v2/meetings/{uuid}/meeting_summary` and prints what it found as JSON. Progress goes to stderr.
 * Exit status 0 when a summary was fetched, else 1.
 */
import { Caller, type CallOptions, detectDeployment, resolveTarget } from "./call.js";
import { checkUrl, type TestResponse, TestToolError } from "./http.js";
import { type Io, processIo } from "./io.js";

export const REPORT_WINDOW_DAYS = 30;

export interface ZoomSummaryOptions
  extends Pick<
    CallOptions,
    | "url"
    | "force"
    | "role"
    | "region"
    | "service"
    | "stsEndpoint"
    | "token"
    | "allowInsecureTls"
    | "cacert"
    | "timeout"
    | "gzip"
    | "verbose"
    | "header"
  > {
  /** how far back to look for report meetings, days (default 90) */
  lookbackDays?: string;
  /** Zoom page size (default 300) */
  pageSize?: string;
  /** stop after this many users; 0 = all (default) */
  maxUsers?: string;
}

const DAY_MS = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `{from, to}` windows of at most 30 days, newest first, covering `lookbackDays` before `now`. */
export function reportWindows(lookbackDays: number, now: Date = new Date()): { from: string; to: string }[] {
  const windows: { from: string; to: string }[] = [];
  const earliest = now.getTime() - lookbackDays * DAY_MS;
  let end = now.getTime();
  while (end > earliest) {
    const from = Math.max(end - REPORT_WINDOW_DAYS * DAY_MS, earliest);
    windows.push({ from: ymd(from), to: ymd(end) });
    end = from;
  }
  return windows;
}

/** Zoom wants a UUID that starts with `/` or contains `//` encoded twice. */
export function encodeZoomUuid(uuid: string): string {
  const once = encodeURIComponent(uuid);
  return uuid.startsWith("/") || uuid.includes("//") ? encodeURIComponent(once) : once;
}

function count(value: string | undefined, fallback: number, option: string, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero))
    throw new TestToolError(`${option} must be a ${allowZero ? "non-negative" : "positive"} whole number`);
  return n;
}

type Json = Record<string, unknown> | undefined;

export async function runZoomSummary(
  target: string | undefined,
  options: ZoomSummaryOptions,
  io: Io = processIo,
): Promise<number> {
  const lookbackDays = count(options.lookbackDays, 90, "--lookback-days");
  const pageSize = count(options.pageSize, 300, "--page-size");
  const maxUsers = count(options.maxUsers, 0, "--max-users", true);
  const resolved = resolveTarget(target, options);
  let base: URL;
  try {
    base = new URL(resolved.target);
  } catch {
    throw new TestToolError(`"${resolved.target}" is not a URL`);
  }
  checkUrl(base);
  const caller = new Caller(detectDeployment(base, options.force), { ...options, gzip: resolved.gzip }, io);
  const root = base.href.replace(/\/+$/, "");
  const urlOf = (path: string) => new URL(root + path);

  const get = async (path: string): Promise<TestResponse> => {
    if (options.verbose) io.err(`GET ${path}`);
    return caller.send(urlOf(path), { method: "GET" }, true);
  };

  const paginate = async (path: string, itemKey: string, extra: Record<string, string> = {}) => {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined;
    do {
      const q = new URLSearchParams({ page_size: String(pageSize), ...extra });
      if (next) q.set("next_page_token", next);
      const r = await get(`${path}?${q}`);
      if (r.status !== 200) return { ok: false as const, status: r.status, body: r.json ?? r.text, items };
      const page = r.json as Json;
      items.push(...((page?.[itemKey] as Record<string, unknown>[] | undefined) ?? []));
      next =
        typeof page?.next_page_token === "string" && page.next_page_token ? page.next_page_token : undefined;
    } while (next);
    return { ok: true as const, status: 200, body: undefined, items };
  };

  io.err(`Listing Zoom users via ${root}/v2/users`);
  const listed = await paginate("/v2/users", "users");
  if (!listed.ok) {
    io.err(`GET /v2/users failed (${listed.status})`);
    io.out(typeof listed.body === "string" ? listed.body : JSON.stringify(listed.body, null, 2));
    return 1;
  }
  const users = maxUsers > 0 ? listed.items.slice(0, maxUsers) : listed.items;
  io.err(`Checking ${users.length} user(s) (lookback ${lookbackDays} days)`);
  const windows = reportWindows(lookbackDays);
  const seen = new Set<string>();

  for (const user of users) {
    const userId = String(user.id);
    io.err(`User ${userId}`);
    const meetings = new Map<string, Record<string, unknown>>();
    const previous = await paginate(`/v2/users/${encodeURIComponent(userId)}/meetings`, "meetings", {
      type: "previous_meetings",
    });
    if (previous.ok) for (const m of previous.items) meetings.set(String(m.id), m);
    else io.err(`  previous meetings skipped (${previous.status})`);
    for (const { from, to } of windows) {
      const report = await paginate(`/v2/report/users/${encodeURIComponent(userId)}/meetings`, "meetings", {
        from,
        to,
      });
      if (!report.ok) {
        io.err(`  report ${from}..${to} skipped (${report.status})`);
        continue;
      }
      for (const m of report.items) meetings.set(String(m.id), m);
    }
    io.err(`  ${meetings.size} distinct past meeting id(s)`);

    for (const [meetingId, meeting] of meetings) {
      const instances = await get(`/v2/past_meetings/${encodeURIComponent(meetingId)}/instances`);
      if (instances.status !== 200) {
        io.err(`  meeting ${meetingId}: instances skipped (${instances.status})`);
        continue;
      }
      for (const instance of ((instances.json as Json)?.meetings as Record<string, unknown>[] | undefined) ??
        []) {
        const uuid = typeof instance.uuid === "string" ? instance.uuid : undefined;
        if (!uuid || seen.has(uuid)) continue;
        seen.add(uuid);
        const encoded = encodeZoomUuid(uuid);
        const details = await get(`/v2/past_meetings/${encoded}`);
        if (details.status !== 200) {
          io.err(`    instance ${uuid}: details skipped (${details.status})`);
          continue;
        }
        const hasSummary = (details.json as Json)?.has_meeting_summary === true;
        io.err(`    ${uuid} has_meeting_summary=${hasSummary}`);
        if (!hasSummary) continue;
        const summaryPath = `/v2/meetings/${encoded}/meeting_summary`;
        const summary = await get(summaryPath);
        io.out(
          JSON.stringify(
            {
              userId,
              meetingId,
              meetingStartTime: meeting.start_time ?? meeting.startTime,
              instanceUuid: uuid,
              instanceStartTime: instance.start_time,
              pastMeeting: details.json,
              meetingSummaryStatus: summary.status,
              meetingSummary: summary.json ?? summary.text,
              testCall: `psoxy test call${options.force ? ` -f ${options.force}` : ""} '${root}${summaryPath}'`,
            },
            null,
            2,
          ),
        );
        if (summary.status === 200) {
          io.err("Found a meeting summary");
          return 0;
        }
        io.err(`    meeting_summary answered ${summary.status}; searching on`);
      }
    }
  }
  io.err("No past meeting instance with has_meeting_summary=true produced a summary");
  return 1;
}
