import { describe, expect, it } from "vitest";
import { loggablePath, loggableUrl, redactQuery } from "./request-log.js";

describe("URLs in logs", () => {
  it("keep parameter names and drop every value", () => {
    expect(redactQuery("a=1&b=alice%40acme.com&flag&c=")).toBe("a=<redacted>&b=<redacted>&flag&c=<redacted>");
    expect(loggablePath("/users", null)).toBe("/users");
    expect(loggableUrl("https://h:1/base/users/p~abc?limit=10")).toBe("/base/users/p~abc?limit=<redacted>");
  });
});
