/**
 * Reversible tokens (spec section 3.5): `hash ‖ AES-256-CBC(original)` with the IV taken from the hash, so
 * equal inputs give equal tokens. Keys come from PBKDF2 over (password, salt) and are cached, because one
 * derivation costs tens of milliseconds.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync } from "node:crypto";
import { TokenDecryptionError } from "./errors.js";
import { HASH_SIZE_BYTES } from "./hash.js";

const PBKDF2_ITERATIONS = 65536;
const KEY_BYTES = 32;
const CBC_IV_BYTES = 16;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const AES_BLOCK = 16;

/** Derived keys by password, then salt (the pseudonymizer config holds the same secrets anyway). */
const keyCache = new Map<string, Map<string, Buffer>>();

/**
 * PBKDF2-HMAC-SHA256(password, salt, 65536 iterations) -> 32-byte AES key, cached per (password, salt).
 * The returned buffer is shared: do not modify it.
 */
export function deriveKey(password: string, salt: string): Buffer {
  let bySalt = keyCache.get(password);
  if (bySalt === undefined) {
    bySalt = new Map();
    keyCache.set(password, bySalt);
  }
  let key = bySalt.get(salt);
  if (key === undefined) {
    key = pbkdf2Sync(
      Buffer.from(password, "utf8"),
      Buffer.from(salt, "utf8"),
      PBKDF2_ITERATIONS,
      KEY_BYTES,
      "sha256",
    );
    bySalt.set(salt, key);
  }
  return key;
}

/**
 * `h ‖ AES-256-CBC(key, iv = h[0..16), PKCS#7(UTF-8(plaintext)))`, where `h` is the deterministic hash of the
 * canonical form (computed by the caller, so e-mail canonicalisation stays out of this module).
 */
export function encryptReversible(h: Buffer, plaintext: string, key: Buffer): Buffer {
  const data = Buffer.from(plaintext, "utf8");
  const padLen = AES_BLOCK - (data.length % AES_BLOCK);
  const out = Buffer.allocUnsafe(HASH_SIZE_BYTES + data.length + padLen);
  h.copy(out, 0, 0, HASH_SIZE_BYTES);
  // CBC by hand over one long-lived ECB cipher: C[i] = E(P[i] xor C[i-1]), C[-1] = IV = h[0..16).
  // Creating a CBC cipher object per value costs several microseconds; a block through ECB costs far less.
  const ecb = ecbEncryptor(key);
  const block = Buffer.allocUnsafe(AES_BLOCK);
  let prev = HASH_SIZE_BYTES - HASH_SIZE_BYTES; // IV = out[0..16)
  for (let off = 0; off < data.length + padLen; off += AES_BLOCK) {
    for (let j = 0; j < AES_BLOCK; j++) {
      const idx = off + j;
      const p = idx < data.length ? data[idx] : padLen; // PKCS#7 padding bytes
      block[j] = p ^ out[prev + j];
    }
    const enc = ecb.update(block);
    enc.copy(out, HASH_SIZE_BYTES + off);
    prev = HASH_SIZE_BYTES + off;
  }
  return out;
}

const ecbCache = new WeakMap<Buffer, ReturnType<typeof createCipheriv>>();

/** A never-finalized AES-256-ECB encryptor without padding: each 16-byte update yields one block. */
function ecbEncryptor(key: Buffer): ReturnType<typeof createCipheriv> {
  let c = ecbCache.get(key);
  if (!c) {
    c = createCipheriv("aes-256-ecb", key, null).setAutoPadding(false);
    ecbCache.set(key, c);
  }
  return c;
}

/** Inverse of `encryptReversible`. Throws `TokenDecryptionError` on any malformed token or wrong key. */
export function decryptReversible(token: Uint8Array, key: Buffer): string {
  const bytes = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  const ctLength = bytes.length - HASH_SIZE_BYTES;
  if (ctLength < AES_BLOCK || ctLength % AES_BLOCK !== 0) {
    throw new TokenDecryptionError(
      "token is not a reversible pseudonym (wrong length); pass the text after 'p~' of a token this proxy issued",
      "MALFORMED",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, bytes.subarray(0, CBC_IV_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(HASH_SIZE_BYTES)), decipher.final()]);
    return plain.toString("utf8");
  } catch {
    throw new TokenDecryptionError(
      "reversible token could not be decrypted: it is corrupted or was issued with a different ENCRYPTION_KEY/SALT",
      "WRONG_KEY",
    );
  }
}

/**
 * AES-GCM variant present in the reference but not wired to any production path: IV = h[0..12),
 * layout `h ‖ ciphertext ‖ 128-bit tag`. Kept for conformance vectors only.
 */
export function decryptReversibleGcm(token: Uint8Array, key: Buffer): string {
  const bytes = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  if (bytes.length < HASH_SIZE_BYTES + GCM_TAG_BYTES) {
    throw new TokenDecryptionError("token is too short to be an AES-GCM reversible token", "MALFORMED");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, GCM_IV_BYTES), {
      authTagLength: GCM_TAG_BYTES,
    });
    decipher.setAuthTag(bytes.subarray(bytes.length - GCM_TAG_BYTES));
    const body = bytes.subarray(HASH_SIZE_BYTES, bytes.length - GCM_TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new TokenDecryptionError(
      "AES-GCM token could not be decrypted: it is corrupted or was issued with a different key",
      "WRONG_KEY",
    );
  }
}

/** AES-GCM encryption matching `decryptReversibleGcm` (tests and tooling only). */
export function encryptReversibleGcm(h: Buffer, plaintext: string, key: Buffer): Buffer {
  const cipher = createCipheriv("aes-256-gcm", key, h.subarray(0, GCM_IV_BYTES), {
    authTagLength: GCM_TAG_BYTES,
  });
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([h, ct, cipher.getAuthTag()]);
}
