import { describe, expect, it } from "vitest";
import { fillTemplate, placeholdersIn, settingOf } from "./placeholders.js";

describe("placeholders", () => {
  it("fills settings and leaves YOUR_ markers for missing ones", () => {
    expect(fillTemplate("/orgs/<github_organization>/repos/<repo_x>", { github_organization: "acme" })).toBe(
      "/orgs/acme/repos/YOUR_REPO_X",
    );
    expect(fillTemplate("eq '<join url>' <A>", {})).toBe("eq '<join url>' <A>");
  });

  it("computes sample dates", () => {
    const now = new Date("2025-03-10T15:00:00Z");
    const t =
      "<example_api_calls_sample_date>|<example_api_calls_sample_date_minus_3d>|<example_api_calls_sample_time_minus_1d>|<example_api_calls_sample_unix>|<example_api_calls_sample_unix_millis>";
    expect(fillTemplate(t, {}, now)).toBe(
      "2025-03-10|2025-03-07|2025-03-09T00:00:00Z|1741564800|1741564800000",
    );
    expect(
      fillTemplate("<example_api_calls_sample_date_minus_1d>", {
        example_api_calls_sample_date: "2024-01-01",
      }),
    ).toBe("2023-12-31");
  });

  it("lists placeholders and the settings they read", () => {
    expect(placeholdersIn("<a> <b_1> <a>")).toEqual(["a", "b_1"]);
    expect(settingOf("example_api_calls_sample_time_minus_30d")).toBe("example_api_calls_sample_date");
    expect(settingOf("jira_cloud_id")).toBe("jira_cloud_id");
  });
});
