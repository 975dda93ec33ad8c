import { generateKeyPairSync } from "node:crypto";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { TokenRequestError } from "./errors.js";
import { clientAssertion, loadPrivateKey, x5tThumbprint } from "./jwt-assertion.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

describe("x5tThumbprint", () => {
  it.each([
    ["FB:FF:00:3E:0A", "-_8APgo="],
    ["sha1 Fingerprint=fb:ff:00:3e:0a", "-_8APgo="],
    [" SHA1 Fingerprint=FBFF003E0A\n", "-_8APgo="],
    ["00", "AA=="],
  ])("%j -> %j (base64url, padding kept)", (id, x5t) => {
    expect(x5tThumbprint(id)).toBe(x5t);
  });

  it.each(["", "abc", "zz", "sha1 Fingerprint="])("refuses %j", (id) => {
    expect(() => x5tThumbprint(id)).toThrow(TokenRequestError);
  });
});

describe("loadPrivateKey", () => {
  it.each([
    ["PKCS#1", pkcs1],
    ["PKCS#8", pkcs8],
    ["base64 PKCS#1", Buffer.from(pkcs1).toString("base64")],
    [
      "base64 PKCS#8 with line breaks",
      Buffer.from(pkcs8)
        .toString("base64")
        .replace(/(.{64})/g, "$1\n"),
    ],
  ])("reads %s", (_, value) => {
    expect(loadPrivateKey(value, "PRIVATE_KEY").export({ type: "pkcs8", format: "pem" })).toBe(pkcs8);
  });

  it("refuses anything else, naming the property but not the value", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    for (const value of [
      "secret-value",
      "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----",
      ec.toString(),
    ]) {
      expect(() => loadPrivateKey(value, "PRIVATE_KEY")).toThrow(/^PRIVATE_KEY is not a PEM RSA private key/);
      try {
        loadPrivateKey(value, "PRIVATE_KEY");
      } catch (e) {
        expect((e as Error).message).not.toContain("secret");
      }
    }
  });
});

describe("clientAssertion", () => {
  it("signs RS256 with aud, iss = sub, a jti, iat and exp = iat + 300", async () => {
    const now = Date.UTC(2025, 5, 1, 8, 30, 15, 999);
    const jwt = await clientAssertion(privateKey, "client", "https://login.example/token", now, {
      x5t: "abc=",
    });
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { currentDate: new Date(now) });
    expect(protectedHeader).toEqual({ alg: "RS256", typ: "JWT", x5t: "abc=" });
    expect(payload).toEqual({
      aud: "https://login.example/token",
      iss: "client",
      sub: "client",
      jti: expect.any(String),
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 300,
    });
    const other = await clientAssertion(privateKey, "client", "aud", now);
    expect((await jwtVerify(other, publicKey, { currentDate: new Date(now) })).payload.jti).not.toBe(
      payload.jti,
    );
  });
});
