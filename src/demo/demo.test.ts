import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRules } from "../core/rules/index.js";
import { demoBanner } from "./demo.js";
import { DEMO_RULES_YAML } from "./demo-rules.js";
import { startDemoSource } from "./demo-source.js";
import type { HttpsSource } from "./https-source.js";

let source: HttpsSource;
beforeAll(async () => {
  source = await startDemoSource(() => "demo-token");
});
afterAll(() => source.close());

function get(path: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    request(
      `${source.url}${path}`,
      { ca: source.cert, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
      },
    )
      .on("error", fail)
      .end();
  });
}

describe("demo", () => {
  it("rules are valid API rules for the three demo endpoints", () => {
    const rules = loadRules(DEMO_RULES_YAML, { source: "demo-rules" });
    expect(rules.kind).toBe("api");
    if (rules.kind === "api") expect(rules.endpoints).toHaveLength(3);
  });

  it("source answers with the bearer token only, over HTTPS with its own certificate", async () => {
    expect((await get("/calendar/v3/calendars/primary/events")).status).toBe(401);
    expect((await get("/calendar/v3/calendars/primary/events", "wrong")).status).toBe(401);
    const ok = await get("/calendar/v3/calendars/primary/events?maxResults=5", "demo-token");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).items[0].attendees[0].email).toContain("@example.com");
    expect((await get("/v2/past_meetings/1/participants", "demo-token")).status).toBe(200);
    expect((await get("/v2/users/me/meetings", "demo-token")).status).toBe(200);
    expect((await get("/calendar/v3/users/me/settings", "demo-token")).status).toBe(200);
    expect((await get("/nothing", "demo-token")).status).toBe(404);
  });

  it("banner shows one sanitized and one blocked command against the proxy", () => {
    const text = demoBanner("http://127.0.0.1:8080", source.url, "/tmp/s.json");
    expect(text).toContain(
      "curl -s 'http://127.0.0.1:8080/calendar/v3/calendars/primary/events?maxResults=10'",
    );
    expect(text).toContain("curl -si 'http://127.0.0.1:8080/calendar/v3/users/me/settings'");
  });
});
