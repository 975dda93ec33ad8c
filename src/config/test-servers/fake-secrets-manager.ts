/**
 * A fake AWS Secrets Manager speaking AWS JSON 1.1 (target prefix `secretsmanager`):
 * GetSecretValue (by stage, default AWSCURRENT) and PutSecretValue (moves AWSCURRENT to the new
 * version and AWSPREVIOUS to the old one, as the service does).
 */
import { randomUUID } from "node:crypto";
import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from "./aws-json.js";

export interface FakeSecretVersion {
  versionId: string;
  value: string;
  stages: string[];
  created: number;
}

export interface FakeSecretsManager extends AwsJsonServer {
  readonly secrets: Map<string, FakeSecretVersion[]>;
  setSecret(name: string, value: string): void;
  current(name: string): string | undefined;
}

export async function startFakeSecretsManager(
  initial: Record<string, string> = {},
): Promise<FakeSecretsManager> {
  const secrets = new Map<string, FakeSecretVersion[]>();
  const setSecret = (name: string, value: string) => {
    const versions = secrets.get(name) ?? [];
    for (const v of versions) v.stages = v.stages.filter((s) => s !== "AWSPREVIOUS");
    for (const v of versions) {
      if (v.stages.includes("AWSCURRENT"))
        v.stages = [...v.stages.filter((s) => s !== "AWSCURRENT"), "AWSPREVIOUS"];
    }
    versions.push({ versionId: randomUUID(), value, stages: ["AWSCURRENT"], created: Date.now() });
    secrets.set(name, versions);
  };
  for (const [name, value] of Object.entries(initial)) setSecret(name, value);
  const byStage = (name: string, stage: string) => secrets.get(name)?.find((v) => v.stages.includes(stage));
  const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;

  const server = await startAwsJsonServer("secretsmanager", {
    GetSecretValue: (input) => {
      const name = String(input.SecretId);
      const stage = String(input.VersionStage ?? "AWSCURRENT");
      const version = byStage(name, stage);
      if (!version) {
        throw new AwsJsonError(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret.",
        );
      }
      return {
        ARN: arn(name),
        Name: name,
        VersionId: version.versionId,
        SecretString: version.value,
        VersionStages: version.stages,
        CreatedDate: version.created / 1000,
      };
    },
    PutSecretValue: (input) => {
      const name = String(input.SecretId);
      if (!secrets.has(name)) {
        throw new AwsJsonError(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret.",
        );
      }
      setSecret(name, String(input.SecretString));
      const version = byStage(name, "AWSCURRENT")!;
      return { ARN: arn(name), Name: name, VersionId: version.versionId, VersionStages: version.stages };
    },
  });
  return Object.assign(server, {
    secrets,
    setSecret,
    current: (name: string) => byStage(name, "AWSCURRENT")?.value,
  });
}
