/**
 * The demo's source API: serves the synthetic calendar and meetings responses of `demo-data.ts`
 * over loopback HTTPS, and, like a real SaaS API, answers 401 unless the request carries the
 * expected bearer token (which the proxy adds from its secrets; clients never see it).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { calendarEvents, calendarSettings, meetings, pastMeetingParticipants } from "./demo-data.js";
import { type HttpsSource, type SelfSignedCertificate, sendJson, startHttpsSource } from "./https-source.js";

const routes: { pattern: RegExp; body: (m: RegExpMatchArray) => object }[] = [
  { pattern: /^\/calendar\/v3\/calendars\/([^/]+)\/events$/, body: (m) => calendarEvents(decode(m[1]!)) },
  { pattern: /^\/calendar\/v3\/users\/me\/settings$/, body: () => calendarSettings() },
  { pattern: /^\/v2\/users\/([^/]+)\/meetings$/, body: (m) => meetings(decode(m[1]!)) },
  {
    pattern: /^\/v2\/past_meetings\/([^/]+)\/participants$/,
    body: (m) => pastMeetingParticipants(decode(m[1]!)),
  },
];

/**
 * `accessToken` is read on every request, so the demo can start the source first (the proxy needs its
 * address) and learn the token from the secrets file afterwards.
 */
export function startDemoSource(
  accessToken: () => string | undefined,
  options: { certificate?: SelfSignedCertificate } = {},
): Promise<HttpsSource> {
  return startHttpsSource((req: IncomingMessage, res: ServerResponse) => {
    const token = accessToken();
    const expected = Buffer.from(`Bearer ${token ?? ""}`);
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (!token || auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      sendJson(res, 401, {
        error: { code: 401, message: "Request is missing valid authentication credentials." },
      });
      return;
    }
    const path = (req.url ?? "/").split("?")[0]!;
    for (const route of routes) {
      const m = path.match(route.pattern);
      if (m && req.method === "GET") {
        sendJson(res, 200, route.body(m));
        return;
      }
    }
    sendJson(res, 404, { error: { code: 404, message: "Not Found" } });
  }, options);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
