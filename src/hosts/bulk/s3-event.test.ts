import { describe, expect, it } from "vitest";
import { createS3EventHandler, decodeS3Key } from "./s3-event.js";

describe("S3 event handler", () => {
  it("decodes form-encoded keys", () => {
    expect(decodeS3Key("dir/my+file%2B1.csv")).toBe("dir/my file+1.csv");
  });

  it("rejects events that are not S3 notifications before creating the instance", async () => {
    let created = 0;
    const h = createS3EventHandler({
      instance: () => {
        created++;
        throw new Error("unused");
      },
    });
    await expect(h({})).rejects.toThrow(/not an S3 event notification/);
    expect(created).toBe(0);
  });
});
