import { describe, expect, it } from "vitest";
import { ParameterSchemaError } from "../schema/parameter-schema.js";
import { compileApiRules, targetHostPath } from "./endpoint-match.js";
import { RulesMatchError } from "./errors.js";
import { loadRules } from "./load-rules.js";
import type { ApiRules } from "./model.js";
import { normalizeInboundPath, stripFunctionName, stripPathPrefix } from "./normalize-path.js";
import { compileTemplate, templateToRegex } from "./path-template.js";
import { formDecode, parseQueryString, splitUrl } from "./url-parts.js";

const TOKEN = `p~${"A".repeat(43)}`;

function matcher(yaml: string, opts: Parameters<typeof compileApiRules>[1] = {}) {
  return compileApiRules(loadRules(yaml) as ApiRules, opts);
}

const allowed = (yaml: string, url: string, method = "GET", opts = {}) =>
  matcher(yaml, opts).isAllowed(method, url);

describe("templateToRegex (spec 7.2)", () => {
  it("builds the reference's regexes", () => {
    expect(templateToRegex("/api/v1/users/{id}")).toBe("^/api/v1/users/(?<id>[^/]+)$");
    expect(templateToRegex("/enterprise.info")).toBe("^/enterprise\\.info$");
    expect(templateToRegex("/enterprise*info")).toBe("^/enterprise\\*info$");
    expect(templateToRegex("/blah{foo?}")).toBe("^/blah(?<foo>[^/]*)$");
    expect(templateToRegex("/a-b=c!d+e(f)[g]<h>^$?")).toBe(
      "^/a\\-b\\=c\\!d\\+e\\(f\\)\\[g\\]\\<h\\>\\^\\$\\?$",
    );
    expect(templateToRegex("/a|b\\c")).toBe("^/a|b\\c$");
    expect(templateToRegex("/users/{user_id}")).toBe("^/users/{user_id}$");
  });
  it("compiles the escaped characters as literals", () => {
    const re = compileTemplate("/a-b=c!d+e(f)[g]<h>^$.x*", true);
    expect(re.matches("/a-b=c!d+e(f)[g]<h>^$.x*")).toBe(true);
    expect(re.matches("/a-b=c!d+e(f)[g]<h>^$Xx*")).toBe(false);
  });
  it("a placeholder name with other characters makes an invalid Java regex", () => {
    expect(() => compileTemplate("/users/{user_id}", true)).toThrow();
  });
});

describe("URL splitting and query parsing (spec 7.1, 7.5)", () => {
  it("splits leniently and drops the fragment", () => {
    expect(splitUrl("https://h.com/a b/{c}?x=1#frag")).toEqual({
      scheme: "https",
      authority: "h.com",
      path: "/a b/{c}",
      query: "x=1",
    });
    expect(splitUrl("https://h.com")).toMatchObject({ path: "", query: null });
    expect(splitUrl("https://h.com/a?")).toMatchObject({ path: "/a", query: "" });
    expect(splitUrl("https://h.com/a\\?b=1?c")).toMatchObject({ path: "/a\\", query: "b=1?c" });
    expect(splitUrl("https://h.com?q")).toMatchObject({ authority: "h.com", path: "", query: "q" });
    expect(splitUrl("/relative/path?x")).toMatchObject({
      scheme: null,
      authority: null,
      path: "/relative/path",
    });
  });
  it("parses & and ; separated parameters with form decoding", () => {
    expect(parseQueryString("a=1;b=2&c")).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "2" },
      { name: "c", value: null },
    ]);
    expect(parseQueryString("%24top=5")).toEqual([{ name: "$top", value: "5" }]);
    expect(parseQueryString("=v&k=")).toEqual([{ name: "k", value: "" }]);
    expect(parseQueryString("q=a+b%20c%zz%4")).toEqual([{ name: "q", value: "a b c%zz%4" }]);
    expect(parseQueryString("q=%C3%A9%E2%82%AC")).toEqual([{ name: "q", value: "é€" }]);
    expect(parseQueryString("a=1&a=2")).toHaveLength(2);
    expect(parseQueryString(" a = x  y &b")).toEqual([
      { name: "a", value: "x y" },
      { name: "b", value: null },
    ]);
    expect(parseQueryString('q="a&b"&c=1')).toEqual([
      { name: "q", value: "a&b" },
      { name: "c", value: "1" },
    ]);
    expect(parseQueryString(null)).toEqual([]);
    expect(parseQueryString("")).toEqual([]);
  });
  it("form-decodes invalid UTF-8 to replacement characters", () => {
    expect(formDecode("%FF")).toBe("\uFFFD");
  });
});

describe("path normalisation (spec 7.8) and target host path (7.1)", () => {
  it("strips the prefix", () => {
    expect(stripPathPrefix("/api/x", "api")).toBe("/x");
    expect(stripPathPrefix("/api", "/api")).toBe("/");
    expect(stripPathPrefix("/apix/y", "/api")).toBe("/apix/y");
    expect(stripPathPrefix("/api/x", "/api/")).toBe("/x");
    expect(stripPathPrefix("/api/", "/api/")).toBe("/");
    expect(stripPathPrefix("/api//x", "/api/")).toBe("/x");
    expect(stripPathPrefix("api/x", "/api")).toBe("/x");
  });
  it("strips the function name", () => {
    expect(stripFunctionName("/psoxy-gcal", "psoxy-gcal")).toBe("/");
    expect(stripFunctionName("/psoxy-gcal/calendar/v3", "psoxy-gcal")).toBe("/calendar/v3");
    expect(stripFunctionName("/psoxy-gcalx/a", "psoxy-gcal")).toBe("/psoxy-gcalx/a");
    expect(normalizeInboundPath("/p/fn/a", { prefixToTrim: "/p", functionName: "fn" })).toBe("/a");
    expect(normalizeInboundPath("/a", { prefixToTrim: "  " })).toBe("/a");
  });
  it("takes the path part of TARGET_HOST", () => {
    expect(targetHostPath("graph.microsoft.com/v1.0")).toBe("/v1.0");
    expect(targetHostPath("https://gitlab.acme.com/gitlab")).toBe("/gitlab");
    expect(targetHostPath("api.github.com")).toBe("");
    expect(targetHostPath(undefined)).toBe("");
  });
  it("matches against the path with the TARGET_HOST path and function name removed", () => {
    const yaml = "endpoints:\n  - pathTemplate: /users/{id}\n";
    expect(
      allowed(yaml, "https://graph.microsoft.com/v1.0/users/1", "GET", {
        targetHost: "graph.microsoft.com/v1.0",
      }),
    ).toBe(true);
    expect(allowed(yaml, "https://graph.microsoft.com/v1.0/users/1")).toBe(false);
    expect(allowed(yaml, "https://h/fn/users/1", "GET", { functionName: "fn" })).toBe(true);
  });
});

describe("endpoint matching (spec 7.3, 13.32-37)", () => {
  it("13.32: templates match case-insensitively", () => {
    expect(allowed("endpoints:\n  - pathTemplate: /users/{id}\n", "https://h/Users/1")).toBe(true);
  });
  it("13.33: no trailing-slash or empty-segment tolerance", () => {
    expect(allowed("endpoints:\n  - pathTemplate: /users\n", "https://h/users/")).toBe(false);
    expect(allowed("endpoints:\n  - pathTemplate: /foo/{x}/bar\n", "https://h/foo//bar")).toBe(false);
    expect(allowed("endpoints:\n  - pathTemplate: /foo/{x}/bar\n", "https://h/foo/1/bar")).toBe(true);
  });
  it("13.34: ; separates parameters", () => {
    const yaml = "endpoints:\n  - pathTemplate: /x\n    allowedQueryParams: [a]\n";
    expect(allowed(yaml, "https://h/x?a=1;b=2")).toBe(false);
    expect(allowed(yaml, "https://h/x?a=1&a=2")).toBe(true);
  });
  it("13.35: allowedQueryParams compare decoded names, ignoring case", () => {
    expect(
      allowed('endpoints:\n  - pathTemplate: /x\n    allowedQueryParams: ["$top"]\n', "https://h/x?%24TOP=5"),
    ).toBe(true);
  });
  it("13.36: pathRegex sees ?query, templates do not", () => {
    expect(allowed('endpoints:\n  - pathRegex: "^/v1/x$"\n', "https://h/v1/x?y=1")).toBe(false);
    expect(allowed('endpoints:\n  - pathRegex: "^/v1/x$"\n', "https://h/v1/x")).toBe(true);
    expect(allowed("endpoints:\n  - pathTemplate: /v1/x\n", "https://h/v1/x?y=1")).toBe(true);
    expect(allowed('endpoints:\n  - pathRegex: "^/v1/x(\\\\?.*)?$"\n', "https://h/v1/x?y=1")).toBe(true);
  });
  it("13.37: format reversible-pseudonym accepts p~ + >= 43 base64url chars only", () => {
    const yaml = `endpoints:
  - pathTemplate: /users/{userId}/events
    pathParameterSchemas:
      userId: { type: string, format: reversible-pseudonym }
`;
    expect(allowed(yaml, `https://h/users/${TOKEN}/events`)).toBe(true);
    expect(allowed(yaml, `https://h/users/${TOKEN}@acme.com/events`)).toBe(false);
    expect(allowed(yaml, `https://h/users/t~${"A".repeat(43)}/events`)).toBe(false);
    expect(allowed(yaml, `https://h/users/p~${"A".repeat(42)}/events`)).toBe(false);
    expect(allowed(yaml, `https://h/users/${TOKEN}%40acme.com/events`)).toBe(false);
  });
  it("path parameter schemas: anyOf, enum, integer, pattern; unknown group never matches", () => {
    const yaml = `endpoints:
  - pathTemplate: /users/{userKey}
    pathParameterSchemas:
      userKey:
        anyOf:
          - { type: string, enum: [all] }
          - { type: integer, pattern: "^[0-9]+$" }
`;
    const m = matcher(yaml);
    expect(m.isAllowed("GET", "https://h/users/all")).toBe(true);
    expect(m.isAllowed("GET", "https://h/users/ALL")).toBe(false);
    expect(m.isAllowed("GET", "https://h/users/123")).toBe(true);
    expect(m.isAllowed("GET", "https://h/users/12a")).toBe(false);
    expect(
      allowed(
        "endpoints:\n  - pathTemplate: /u/{id}\n    pathParameterSchemas: { other: { type: integer } }\n",
        "https://h/u/1",
      ),
    ).toBe(false);
  });
  it("pathTemplate with pathRegex uses the regex (with named groups) for the template branch", () => {
    const yaml = `endpoints:
  - pathTemplate: /ignored/{x}
    pathRegex: "^/users/(?<id>[^/]+)$"
    pathParameterSchemas: { id: { type: integer } }
`;
    const m = matcher(yaml);
    expect(m.isAllowed("GET", "https://h/users/12")).toBe(true);
    // the regex branch alone does not check parameter schemas
    expect(m.isAllowed("GET", "https://h/users/ab")).toBe(true);
    expect(m.isAllowed("GET", "https://h/ignored/1")).toBe(false);
  });
  it("query parameter schemas: required, values of every same-named parameter", () => {
    const yaml = `endpoints:
  - pathTemplate: /search
    queryParamSchemas:
      phrase: { pattern: "action:copilot.*", required: true }
      n: { type: integer }
`;
    const m = matcher(yaml);
    expect(m.isAllowed("GET", "https://h/search?phrase=action:copilot")).toBe(true);
    expect(m.isAllowed("GET", "https://h/search")).toBe(false);
    expect(m.isAllowed("GET", "https://h/search?PHRASE=action:copilot&n=3")).toBe(true);
    expect(m.isAllowed("GET", "https://h/search?phrase=action:copilot&phrase=x")).toBe(false);
    expect(m.isAllowed("GET", "https://h/search?phrase=action:copilot&n=x")).toBe(false);
    expect(m.isAllowed("GET", "https://h/search?phrase=action:copilot&n")).toBe(true);
  });
  it("methods compare case-insensitively; absent allowedMethods allows any", () => {
    const yaml = "endpoints:\n  - pathTemplate: /x\n    allowedMethods: [get, HEAD]\n";
    expect(allowed(yaml, "https://h/x", "GET")).toBe(true);
    expect(allowed(yaml, "https://h/x", "head")).toBe(true);
    expect(allowed(yaml, "https://h/x", "POST")).toBe(false);
    expect(allowed("endpoints:\n  - pathTemplate: /x\n", "https://h/x", "DELETE")).toBe(true);
  });
  it("first endpoint in file order wins", () => {
    const m = matcher("endpoints:\n  - pathTemplate: /a/{x}\n  - pathTemplate: /a/b\n");
    expect(m.match("GET", "https://h/a/b")?.index).toBe(0);
    expect(m.match("GET", "https://h/c")).toBeNull();
  });
  it("allowAllEndpoints allows everything but matches nothing", () => {
    const m = matcher("allowAllEndpoints: true\n");
    expect(m.isAllowed("POST", "https://h/anything")).toBe(true);
    expect(m.match("POST", "https://h/anything")).toBeNull();
  });
  it("lenient URLs never throw", () => {
    const m = matcher("endpoints:\n  - pathTemplate: /api/{x}\n");
    expect(m.isAllowed("GET", "https://h/api/discovery.list#fragment")).toBe(true);
    expect(m.isAllowed("GET", "https://h/api/a b")).toBe(true);
    expect(m.isAllowed("GET", 'https://h/api/{"q"}')).toBe(true);
    expect(m.isAllowed("GET", "https://h/api/x\\?y=1")).toBe(true);
    expect(m.isAllowed("GET", "not a url")).toBe(false);
  });
  it("an invalid template fails every request, even one another endpoint allows", () => {
    const m = matcher("endpoints:\n  - pathTemplate: /ok\n  - pathTemplate: /users/{user_id}\n");
    expect(() => m.match("GET", "https://h/ok")).toThrow(RulesMatchError);
  });
  it("an unsupported parameter format fails the request when evaluated", () => {
    const m = matcher(
      "endpoints:\n  - pathTemplate: /u/{id}\n    pathParameterSchemas: { id: { format: email } }\n",
    );
    expect(() => m.match("GET", "https://h/u/1")).toThrow(ParameterSchemaError);
  });
});

describe("allowed request headers (spec 7.6)", () => {
  const yaml = `allowedRequestHeaders: [X-Global]
endpoints:
  - pathTemplate: /users/{id}
    pathParameterSchemas: { id: { format: reversible-pseudonym } }
    allowedRequestHeaders: [ConsistencyLevel]
  - pathTemplate: /items
    allowedRequestHeaders: [X-Items, x-global]
    allowedRequestHeadersToForward: [X-Old]
`;
  it("unions rule-level and the endpoint's headers, de-duplicated", () => {
    const m = matcher(yaml);
    expect(m.allowedHeaders("GET", "https://h/items")).toEqual(["X-Global", "X-Items", "X-Old"]);
    expect(m.allowedHeaders("GET", "https://h/other")).toEqual(["X-Global"]);
  });
  it("the endpoint is matched against the clear URL", () => {
    const m = matcher(yaml);
    expect(m.isAllowed("GET", `https://h/users/${TOKEN}`)).toBe(true);
    expect(m.allowedHeaders("GET", "https://h/users/alice@acme.com")).toEqual(["X-Global"]);
  });
});
