/**
 * A fake AWS SSM Parameter Store speaking AWS JSON 1.1 (target prefix `AmazonSSM`): GetParameter,
 * PutParameter, GetParameterHistory (paged), DeleteParameter. Parameters keep their history.
 */
import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from "./aws-json.js";

export interface FakeParameterVersion {
  value: string;
  type: string;
  version: number;
  /** Epoch millis. */
  lastModified: number;
}

export interface FakeSsm extends AwsJsonServer {
  /** Parameter name -> versions, oldest first. */
  readonly parameters: Map<string, FakeParameterVersion[]>;
  /** Sets a parameter (as a new version) without going through the protocol. */
  setParameter(name: string, value: string, options?: { type?: string; lastModified?: number }): void;
  current(name: string): FakeParameterVersion | undefined;
  /** Clock used for LastModifiedDate of writes (epoch millis). */
  now: () => number;
}

export async function startFakeSsm(initial: Record<string, string> = {}): Promise<FakeSsm> {
  const parameters = new Map<string, FakeParameterVersion[]>();
  const state = { now: () => Date.now() };
  const setParameter = (
    name: string,
    value: string,
    options: { type?: string; lastModified?: number } = {},
  ) => {
    const versions = parameters.get(name) ?? [];
    versions.push({
      value,
      type: options.type ?? "SecureString",
      version: versions.length + 1,
      lastModified: options.lastModified ?? state.now(),
    });
    parameters.set(name, versions);
  };
  for (const [name, value] of Object.entries(initial)) setParameter(name, value);
  const current = (name: string) => parameters.get(name)?.at(-1);
  const notFound = (name: string) => new AwsJsonError("ParameterNotFound", `Parameter ${name} not found.`);
  const asOutput = (name: string, p: FakeParameterVersion) => ({
    Name: name,
    Type: p.type,
    Value: p.value,
    Version: p.version,
    LastModifiedDate: p.lastModified / 1000,
    ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name.startsWith("/") ? "" : "/"}${name}`,
    DataType: "text",
  });

  const server = await startAwsJsonServer("AmazonSSM", {
    GetParameter: (input) => {
      const name = String(input.Name);
      const p = current(name);
      if (!p) throw notFound(name);
      return { Parameter: asOutput(name, p) };
    },
    PutParameter: (input) => {
      const name = String(input.Name);
      if (current(name) && input.Overwrite !== true) {
        throw new AwsJsonError("ParameterAlreadyExists", "The parameter already exists.");
      }
      setParameter(name, String(input.Value), {
        type: String(input.Type ?? current(name)?.type ?? "String"),
      });
      return { Version: current(name)!.version, Tier: "Standard" };
    },
    DeleteParameter: (input) => {
      const name = String(input.Name);
      if (!parameters.delete(name)) throw notFound(name);
      return {};
    },
    GetParameterHistory: (input) => {
      const name = String(input.Name);
      const versions = parameters.get(name);
      if (!versions) throw notFound(name);
      const pageSize = Math.min(Number(input.MaxResults ?? 50), 50);
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const page = versions.slice(start, start + pageSize);
      const next = start + pageSize < versions.length ? String(start + pageSize) : undefined;
      return {
        Parameters: page.map((p) => ({ ...asOutput(name, p), Labels: [], Policies: [] })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  });
  Object.defineProperty(server, "now", {
    get: () => state.now,
    set: (clock: () => number) => {
      state.now = clock;
    },
  });
  return Object.assign(server as FakeSsm, { parameters, setParameter, current });
}
