import { describe, expect, it } from "vitest";
import { TokenDecryptionError } from "./errors.js";
import { hashBytes } from "./hash.js";
import {
  decryptReversible,
  decryptReversibleGcm,
  deriveKey,
  encryptReversible,
  encryptReversibleGcm,
} from "./reversible.js";

describe("deriveKey", () => {
  it("is PBKDF2-HMAC-SHA256(secret, salt, 65536, 32) (spec 3.11)", () => {
    expect(deriveKey("secret", "salt").toString("hex")).toBe(
      "7a687b1daaf63cbface7cd89bcb4ae546a1292ec83ffcdf55cb7af7d4fe5618d",
    );
  });

  it("is cached per (password, salt)", () => {
    const t0 = performance.now();
    const a = deriveKey("cache-test", "s1");
    const first = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < 1000; i++) deriveKey("cache-test", "s1");
    const thousand = performance.now() - t1;
    expect(deriveKey("cache-test", "s1")).toBe(a);
    expect(deriveKey("cache-test", "s2")).not.toBe(a);
    expect(deriveKey("cache-test", "s2").equals(a)).toBe(false);
    expect(thousand).toBeLessThan(first * 10 + 50);
  });
});

describe("AES-CBC reversible tokens", () => {
  const key = deriveKey("secret", "salt");

  it("is hash ‖ ciphertext with IV = first 16 bytes of the hash", () => {
    const h = hashBytes("blah", "salt");
    const token = encryptReversible(h, "blah", key);
    expect(token.subarray(0, 32).equals(h)).toBe(true);
    expect(token.toString("base64url")).toBe(
      "nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0Jq9JIOXfBWhts_zA5Ns0r4m",
    );
    expect(decryptReversible(token, key)).toBe("blah");
  });

  it("pads to whole blocks: <= 15 UTF-8 bytes -> 48 bytes (checklist 11)", () => {
    const h = hashBytes("x", "salt");
    expect(encryptReversible(h, "123456789012345", key)).toHaveLength(48);
    expect(encryptReversible(h, "1234567890123456", key)).toHaveLength(64);
    expect(encryptReversible(h, "", key)).toHaveLength(48);
  });

  it("round-trips non-ASCII and keeps the plaintext exact", () => {
    for (const s of [" Alice@ACME.com ", "jöhn 😀", "\u0000\n"]) {
      expect(decryptReversible(encryptReversible(hashBytes(s, "salt"), s, key), key)).toBe(s);
    }
  });

  it("decrypts the corpus vector", () => {
    const bytes = Buffer.from(
      "NHXWS5CZDysDs3ETExXiMZxM2DfffirkjgmA64R9hCenHbNbPsOt4W-Hx8SDUaQY",
      "base64url",
    );
    expect(decryptReversible(bytes, key)).toBe("blah");
  });

  it("throws TokenDecryptionError on bad length or wrong key", () => {
    const token = encryptReversible(hashBytes("blah", "salt"), "blah", key);
    expect(() => decryptReversible(token.subarray(0, 40), key)).toThrow(TokenDecryptionError);
    expect(() => decryptReversible(token.subarray(0, 32), key)).toThrow(TokenDecryptionError);
    // a wrong key fails the padding check (except ~1/256 keys; this one is known to fail)
    expect(() => decryptReversible(token, deriveKey("other", "salt"))).toThrow(TokenDecryptionError);
    try {
      decryptReversible(token.subarray(0, 40), key);
    } catch (e) {
      expect((e as TokenDecryptionError).code).toBe("TOKEN_DECRYPTION_FAILED");
      expect((e as TokenDecryptionError).reason).toBe("MALFORMED");
    }
  });
});

describe("AES-GCM (conformance only)", () => {
  const key = deriveKey("secret", "salt");
  it("decrypts the corpus vector (h ‖ ct ‖ tag, IV = h[0..12))", () => {
    const bytes = Buffer.from(
      "nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0JpFszshi2nfr3BovVcPFYct2qRdcA",
      "base64url",
    );
    expect(decryptReversibleGcm(bytes, key)).toBe("blah");
  });
  it("round-trips and detects tampering", () => {
    const token = encryptReversibleGcm(hashBytes("blah", "salt"), "blah", key);
    expect(token.toString("base64url")).toBe(
      "nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0JpFszshi2nfr3BovVcPFYct2qRdcA",
    );
    const bad = Buffer.from(token);
    bad[33] ^= 1;
    expect(() => decryptReversibleGcm(bad, key)).toThrow(TokenDecryptionError);
    expect(() => decryptReversibleGcm(token.subarray(0, 40), key)).toThrow(TokenDecryptionError);
  });
});
