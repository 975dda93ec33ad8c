import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFsStore } from "./local-fs-store.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "psoxy-localfs-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function* body(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

async function* failing() {
  yield Buffer.from("partial");
  throw new Error("sanitizer failed");
}

describe("LocalFsStore", () => {
  it("writes atomically and keeps metadata in a sidecar when asked", async () => {
    const store = new LocalFsStore({ root, sidecarMetadata: true });
    await store.put("out", "a/b.csv", body("x,", "y\n"), {
      contentType: "text/csv",
      metadata: { "psoxy-instance-id": "i" },
    });
    expect(readFileSync(join(root, "out/a/b.csv"), "utf8")).toBe("x,y\n");
    expect(await store.head("out", "a/b.csv")).toEqual({
      contentType: "text/csv",
      metadata: { "psoxy-instance-id": "i" },
      size: 4,
    });
    let read = "";
    for await (const c of await store.read("out", "a/b.csv")) read += Buffer.from(c).toString();
    expect(read).toBe("x,y\n");
  });

  it("leaves neither the object nor a temp file when the body fails", async () => {
    const store = new LocalFsStore({ root });
    await expect(store.put("out", "f.csv", failing())).rejects.toThrow(/sanitizer failed/);
    expect(existsSync(join(root, "out/f.csv"))).toBe(false);
    expect(readdirSync(join(root, "out"))).toEqual([]);
  });

  it("refuses keys outside the bucket", async () => {
    const store = new LocalFsStore({ root });
    expect(() => store.pathOf("b", "../x")).toThrow(/outside bucket/);
    await expect(store.head("b", "missing")).rejects.toThrow(/cannot read/);
  });
});
