/**
 * For the async tests: a recording HTTPS source on loopback (src/demo/https-source.ts) whose answer
 * can be changed per test, and the gateway settings shared by them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type HttpsSource, startHttpsSource } from "../../demo/https-source.js";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export type Answer = (req: SeenRequest, res: ServerResponse) => void;

export interface RecordingSource {
  source: HttpsSource;
  requests: SeenRequest[];
  answer(a: Answer): void;
  close(): Promise<void>;
}

export const USERS = JSON.stringify({
  users: [{ email: "alice@acme.com", name: "Alice Example", id: 1 }],
});

export const json = (status: number, body: string, headers: Record<string, string> = {}): Answer => {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
};

export async function startRecordingSource(): Promise<RecordingSource> {
  const requests: SeenRequest[] = [];
  let current: Answer = json(200, USERS);
  const source = await startHttpsSource((req, res) => {
    req.resume();
    req.on("end", () => {
      const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers };
      requests.push(seen);
      current(seen, res);
    });
  });
  return {
    source,
    requests,
    answer(a) {
      current = a;
    },
    close: () => source.close(),
  };
}

export const ASYNC_RULES = `endpoints:
  - pathTemplate: /api/v1/users
    allowedMethods: [GET, HEAD, POST]
    transforms:
      - !<pseudonymize>
        jsonPaths:
          - "$.users[*].email"
      - !<redact>
        jsonPaths:
          - "$.users[*].name"
`;

export const SECRETS = {
  PSOXY_SALT: "salt-async-7f3a",
  PSOXY_ENCRYPTION_KEY: "key-async-19c2",
  ACCESS_TOKEN: "tok-async-5d1e",
};
