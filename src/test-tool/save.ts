/**
 * `psoxy test call -s` (infra spec 11.1, 11.4): a successful response is saved as
 * `<API path with / as ->-<ISO timestamp>.json` (e.g. `calendar-v3-calendars-primary-2026-03-12T10:15:00.000Z.json`),
 * an async result as `…-<ISO timestamp>-async.json`. The reference writes next to its own scripts; an
 * installed command has no such place, so files go to the current directory or `--save-dir`.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** File name for a response of `url`; `now` is for tests. */
export function responseFileName(url: URL, suffix = ".json", now: Date = new Date()): string {
  const path = url.pathname.replace(/^\/+/, "").replaceAll("/", "-") || "response";
  let stamp = now.toISOString();
  // ":" is not allowed in Windows file names
  if (process.platform === "win32") stamp = stamp.replaceAll(":", "-");
  return `${path}-${stamp}${suffix}`;
}

/** The body as saved: pretty JSON when it is JSON, else the text as received. */
export function savedContent(text: string, json: unknown): string {
  return json === undefined ? text : `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Writes the content into `dir` (created if missing) under the response's file name; a name already
 * taken (two saves in the same millisecond, e.g. `-d` calls of one path) gets `-2`, `-3`, ... Returns the
 * path written.
 */
export function saveResponse(dir: string, url: URL, content: string, suffix = ".json"): string {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const name = responseFileName(url, suffix);
  let path = join(target, name);
  for (let i = 2; existsSync(path); i++) path = join(target, name.replace(/\.json$/, `-${i}.json`));
  writeFileSync(path, content);
  return path;
}
