/**
 * AWS Secrets Manager as a RemoteStore (secrets on AWS when `SECRETS_STORE=AWS_SECRETS_MANAGER`;
 * config stays in SSM). Values are the secret's SecretString.
 * - read: GetSecretValue (AWSCURRENT); not-found / decryption failure / access denied -> absent,
 *   throttling -> hard error, anything else -> transient. A `fill me` here is NOT filtered
 *   (spec 4.2: only SSM's placeholder is).
 * - write: PutSecretValue (the secret must exist; Terraform creates it).
 * - versions: AWSCURRENT then AWSPREVIOUS (spec 5.13).
 * Locks live in SSM even with this store (spec 5.13), so there are none here.
 */
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  type AwsClientOptions,
  awsConfigError,
  errorName,
  isAccessDenied,
  sdkClientConfig,
} from "./aws-common.js";
import { type ConfigLogger, type RemoteStore, silentConfigLogger, type ValueVersion } from "./types.js";

const ABSENT = new Set(["ResourceNotFoundException", "DecryptionFailure"]);

export interface AwsSecretsManagerStoreOptions extends AwsClientOptions {
  client?: SecretsManagerClient;
  logger?: ConfigLogger;
}

export class AwsSecretsManagerStore implements RemoteStore {
  readonly kind = "aws-secrets-manager";
  readonly client: SecretsManagerClient;
  private readonly logger: ConfigLogger;

  constructor(options: AwsSecretsManagerStoreOptions = {}) {
    this.client = options.client ?? new SecretsManagerClient(sdkClientConfig(options));
    this.logger = options.logger ?? silentConfigLogger;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.read(key))?.SecretString;
  }

  async put(key: string, value: string): Promise<void> {
    try {
      const output = await this.client.send(
        new PutSecretValueCommand({ SecretId: key, SecretString: value }),
      );
      this.logger.info({ key, version: output.VersionId }, "stored Secrets Manager secret");
    } catch (error) {
      throw awsConfigError(this.kind, "write", key, error);
    }
  }

  async getVersions(key: string, limit: number): Promise<ValueVersion[]> {
    const versions: ValueVersion[] = [];
    for (const stage of ["AWSCURRENT", "AWSPREVIOUS"]) {
      if (versions.length >= limit) break;
      const output = await this.read(key, stage === "AWSCURRENT" ? undefined : stage);
      if (output?.SecretString === undefined) continue;
      versions.push({
        value: output.SecretString,
        version: output.VersionId,
        lastModified: output.CreatedDate?.getTime(),
      });
    }
    return versions;
  }

  /** GetSecretValue; no stage = the service's default, AWSCURRENT. */
  private async read(key: string, stage?: string): Promise<GetSecretValueCommandOutput | undefined> {
    try {
      return await this.client.send(new GetSecretValueCommand({ SecretId: key, VersionStage: stage }));
    } catch (error) {
      if (errorName(error) === "DecryptionFailure") {
        this.logger.error({ key }, "cannot decrypt secret; check the function role's KMS permissions");
      }
      if (ABSENT.has(errorName(error)) || isAccessDenied(error)) return undefined;
      throw awsConfigError(this.kind, "read", key, error);
    }
  }
}
