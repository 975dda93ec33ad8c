/**
 * Access tokens as the refresh strategies keep them, and the token endpoint answers they parse
 * (spec 5.2): the canonical OAuth JSON (`access_token`, `refresh_token`, `expires_in`, default 3600 s)
 * or GitHub's installation token (`token`, `expires_at`). An answer that is not such JSON is a
 * `TokenRequestError` (500 CONNECTION_SETUP, as the reference's parse IOException).
 */
import { TokenRequestError } from "./errors.js";

/** A bearer token and when it expires (epoch millis; null = unknown, treated as due for refresh). */
export interface AccessToken {
  token: string;
  expiresAt: number | null;
}

export interface TokenResponse {
  accessToken: string;
  /** a (possibly rotated) refresh token, when the endpoint returned one */
  refreshToken?: string;
  expiresInSeconds: number;
}

/** `expires_in` is only RECOMMENDED (RFC 6749 5.1); the reference assumes an hour without it. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;

export const TOKEN_RESPONSE_TYPES = ["DEFAULT", "GITHUB_ACCESS_TOKEN"] as const;
export type TokenResponseType = (typeof TOKEN_RESPONSE_TYPES)[number];

/** TOKEN_RESPONSE_TYPE; undefined for a value that is not known (a startup error). */
export function parseTokenResponseType(value: string | undefined): TokenResponseType | undefined {
  if (value === undefined || value === "" || value === "DEFAULT") return "DEFAULT";
  // the reference's parser names itself GIT_HUB_ACCESS_TOKEN; Terraform sets GITHUB_ACCESS_TOKEN
  if (value === "GITHUB_ACCESS_TOKEN" || value === "GIT_HUB_ACCESS_TOKEN") return "GITHUB_ACCESS_TOKEN";
  return undefined;
}

/** `where` names the endpoint in messages (never with its query). */
export function parseTokenResponse(
  body: string,
  type: TokenResponseType,
  nowMs: number,
  where = "token endpoint",
): TokenResponse {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new TokenRequestError(`${where} answer is not valid JSON`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new TokenRequestError(`${where} answer is not a JSON object`);
  }
  const o = doc as Record<string, unknown>;
  if (type === "GITHUB_ACCESS_TOKEN") {
    const token = nonEmptyString(o.token, "token", where);
    let expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
    if (o.expires_at !== undefined && o.expires_at !== null) {
      const at = typeof o.expires_at === "string" ? Date.parse(o.expires_at) : Number.NaN;
      if (Number.isNaN(at)) throw new TokenRequestError(`${where} answer has an invalid expires_at`);
      expiresIn = Math.trunc((at - nowMs) / 1000);
    }
    return { accessToken: token, expiresInSeconds: expiresIn };
  }
  const accessToken = nonEmptyString(o.access_token, "access_token", where);
  const refresh = o.refresh_token;
  if (refresh !== undefined && refresh !== null && typeof refresh !== "string") {
    throw new TokenRequestError(`${where} answer has a refresh_token that is not a string`);
  }
  return {
    accessToken,
    ...(typeof refresh === "string" && refresh.trim() !== "" ? { refreshToken: refresh } : {}),
    expiresInSeconds: expiresIn(o.expires_in, where),
  };
}

function nonEmptyString(v: unknown, field: string, where: string): string {
  if (typeof v !== "string" || v === "") {
    throw new TokenRequestError(`${where} answer has no ${field}`);
  }
  return v;
}

/** `expires_in` as Jackson reads it into an Integer: a number (truncated) or a numeric string. */
function expiresIn(v: unknown, where: string): number {
  if (v === undefined || v === null) return DEFAULT_EXPIRES_IN_SECONDS;
  const n =
    typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new TokenRequestError(`${where} answer has an invalid expires_in`);
  return Math.trunc(n);
}

/** The shared-token storage format of the reference (`AccessTokenDto`), in its field order. */
export function serializeSharedToken(t: AccessToken): string {
  return JSON.stringify({ token: t.token, expirationDate: t.expiresAt });
}

/** A stored `{"token": ..., "expirationDate": <millis>|null}`, or undefined when unusable. */
export function parseSharedToken(value: string): AccessToken | undefined {
  try {
    const o = JSON.parse(value) as { token?: unknown; expirationDate?: unknown };
    if (o === null || typeof o !== "object" || typeof o.token !== "string" || o.token === "")
      return undefined;
    const exp = o.expirationDate;
    if (exp === undefined || exp === null) return { token: o.token, expiresAt: null };
    if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
    return { token: o.token, expiresAt: exp };
  } catch {
    return undefined;
  }
}
