/**
 * The AWS JSON 1.1 protocol as the AWS SDK speaks it: `POST /` with `X-Amz-Target:
 * <Service>.<Operation>`, a JSON body, and errors as status 400 (or 5xx) with
 * `{"__type": "<ErrorCode>", "message": ...}`. Signatures are not checked.
 */
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "./loopback.js";

/** Thrown by an operation handler to answer with an AWS error. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type AwsJsonOperation = (input: Record<string, unknown>) => object | Promise<object>;

export interface AwsJsonServer extends LoopbackServer {
  /** Operation names received, in order (e.g. "GetParameter"). */
  readonly operations: string[];
  /** How many times an operation was called. */
  count(operation: string): number;
}

export function awsError(type: string, message: string, status = 400): LoopbackReply {
  return {
    status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type },
    body: { __type: type, message },
  };
}

export async function startAwsJsonServer(
  targetPrefix: string,
  operations: Record<string, AwsJsonOperation>,
): Promise<AwsJsonServer> {
  const server = await startLoopbackServer(async (request: RecordedRequest) => {
    const target = String(request.headers["x-amz-target"] ?? "");
    const [prefix, operation] = target.split(".");
    if (request.method !== "POST" || prefix !== targetPrefix || !operation) {
      return awsError("UnknownOperationException", `unexpected request ${request.method} ${target}`);
    }
    const handler = operations[operation];
    if (!handler) return awsError("UnknownOperationException", `operation ${operation} is not faked`);
    try {
      const output = await handler(request.body ? JSON.parse(request.body) : {});
      return { headers: { "content-type": "application/x-amz-json-1.1" }, body: output };
    } catch (error) {
      if (error instanceof AwsJsonError) return awsError(error.type, error.message, error.status);
      throw error;
    }
  });
  // Derived from every recorded request, so calls answered by `fail` count too.
  const operationOf = (request: RecordedRequest) =>
    String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
  Object.defineProperty(server, "operations", { get: () => server.requests.map(operationOf) });
  return Object.assign(server as AwsJsonServer, {
    count: (operation: string) => server.requests.filter((r) => operationOf(r) === operation).length,
  });
}
