import { describe, expect, it } from "vitest";
import { GatewayError } from "./gateway-error.js";
import { buildTargetUrl, targetBase } from "./target-url.js";

describe("TARGET_HOST", () => {
  it("gets https:// when it has no scheme and loses trailing slashes", () => {
    expect(targetBase("api.zoom.us")).toBe("https://api.zoom.us");
    expect(targetBase(" https://mycompany.com/gitlab// ")).toBe("https://mycompany.com/gitlab");
    expect(targetBase("localhost:8443/base")).toBe("https://localhost:8443/base");
  });

  it("is unusable when missing, blank or http://", () => {
    expect(targetBase(undefined)).toBeNull();
    expect(targetBase(" ")).toBeNull();
    expect(targetBase("http://api.example.com")).toBeNull();
  });
});

describe("target URL", () => {
  const none = {};
  it("appends the raw path and query to the base, without re-encoding", () => {
    expect(
      buildTargetUrl(
        "https://proxyhost.com",
        { path: "/some/base64%2Fid%3D%3D/path", query: "pageNumber=3&value=%2526ampsymbol" },
        none,
      ),
    ).toBe("https://proxyhost.com/some/base64%2Fid%3D%3D/path?pageNumber=3&value=%2526ampsymbol");
    expect(
      buildTargetUrl("https://mycompany.com/gitlab", { path: "/api/v4/groups", query: "page=1" }, none),
    ).toBe("https://mycompany.com/gitlab/api/v4/groups?page=1");
    expect(buildTargetUrl("https://h", { path: "/x", query: " " }, none)).toBe("https://h/x");
  });

  it("strips REQUEST_PATH_PREFIX_TO_TRIM and the instance name", () => {
    const n = { prefixToTrim: "/v1/", functionName: "psoxy-gcal" };
    expect(buildTargetUrl("https://h", { path: "/v1/psoxy-gcal/users", query: null }, n)).toBe(
      "https://h/users",
    );
    expect(buildTargetUrl("https://h", { path: "/psoxy-gcal", query: null }, n)).toBe("https://h/");
    expect(buildTargetUrl("https://h", { path: "/foo/psoxy-gcal/x", query: null }, n)).toBe(
      "https://h/foo/psoxy-gcal/x",
    );
    expect(buildTargetUrl("https://h", { path: "/v1", query: null }, { prefixToTrim: "/v1" })).toBe(
      "https://h/",
    );
  });

  it("500 FAILED_TO_BUILD_URL without a usable TARGET_HOST", () => {
    try {
      buildTargetUrl(null, { path: "/x", query: null }, none);
      expect.fail("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      expect((e as GatewayError).status).toBe(500);
      expect((e as GatewayError).code).toBe("FAILED_TO_BUILD_URL");
      expect((e as GatewayError).body).toBe("Error parsing request URL");
    }
  });
});
