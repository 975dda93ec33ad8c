/**
 * The salt and keys the pseudonymizer needs (api-mode spec 4.4), read through the secret store (never the
 * environment) and memoized for the life of the process once the salt is there, as the reference does.
 * An absent salt is not memoized, so adding it later takes effect without a restart.
 * Nothing here is ever logged.
 */
import type { ConfigService } from "../config/types.js";
import { piiSaltSha256 } from "../core/pseudonyms/index.js";

export interface PseudonymKeys {
  salt: string;
  encryptionKey?: string;
  saltIp?: string;
  encryptionKeyIp?: string;
  saltEmailDomains?: string;
  encryptionKeyEmailDomains?: string;
}

export class PseudonymKeyStore {
  private memo: Promise<PseudonymKeys | undefined> | undefined;
  private saltHashMemo: string | undefined;

  constructor(private readonly config: ConfigService) {}

  /** The keys, or undefined when PSOXY_SALT is not in the secret store. Throws `ConfigError`. */
  keys(): Promise<PseudonymKeys | undefined> {
    if (!this.memo) {
      const p = this.read();
      this.memo = p;
      // failures and an absent salt are retried on the next request
      p.then(
        (k) => {
          if (k === undefined && this.memo === p) this.memo = undefined;
        },
        () => {
          if (this.memo === p) this.memo = undefined;
        },
      );
    }
    return this.memo;
  }

  /** `X-Psoxy-PII-Salt-Sha256` / health `saltSha256Hash`; undefined without a salt. */
  async saltHash(): Promise<string | undefined> {
    if (this.saltHashMemo === undefined) {
      const keys = await this.keys();
      if (keys) this.saltHashMemo = piiSaltSha256(keys.salt);
    }
    return this.saltHashMemo;
  }

  private async read(): Promise<PseudonymKeys | undefined> {
    const get = (name: string) => this.config.getSecret(name);
    const [salt, encryptionKey, saltIp, encryptionKeyIp, saltEmailDomains, encryptionKeyEmailDomains] =
      await Promise.all([
        get("PSOXY_SALT"),
        get("PSOXY_ENCRYPTION_KEY"),
        get("SALT_IP"),
        get("ENCRYPTION_KEY_IP"),
        get("SALT_EMAIL_DOMAINS"),
        get("ENCRYPTION_KEY_EMAIL_DOMAINS"),
      ]);
    if (salt === undefined) return undefined;
    const keys: PseudonymKeys = { salt };
    const optional = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
    if (optional(encryptionKey)) keys.encryptionKey = encryptionKey;
    if (optional(saltIp)) keys.saltIp = saltIp;
    if (optional(encryptionKeyIp)) keys.encryptionKeyIp = encryptionKeyIp;
    if (optional(saltEmailDomains)) keys.saltEmailDomains = saltEmailDomains;
    if (optional(encryptionKeyEmailDomains)) keys.encryptionKeyEmailDomains = encryptionKeyEmailDomains;
    return keys;
  }
}
