/**
 * `psoxy serve`: runs API mode as a local HTTP server (src/hosts/node-server.ts). Configuration comes
 * from the environment variables of the reference (TARGET_HOST, SOURCE_AUTH_STRATEGY_IDENTIFIER,
 * RULES, ...); secrets (PSOXY_SALT, PSOXY_ENCRYPTION_KEY, ACCESS_TOKEN, ...) from a local JSON file,
 * created with a fresh salt and key on first use. `--demo` adds an in-process demo source.
 * SIGINT / SIGTERM stop accepting connections, let in-flight requests finish, and exit.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createConfigService } from "../config/index.js";
import { DEFAULT_SECRETS_FILE } from "../config/local-file-store.js";
import { AUTH_STRATEGY_NAMES, builtinRules, builtinRulesKeys } from "../connectors/index.js";
import { type DemoSource, demoBanner, startDemo } from "../demo/demo.js";
import { BatchedStdout, createHostLogger } from "../hosts/logger.js";
import { isClusterWorker, onStopRequest, superviseWorkers } from "../hosts/node-cluster.js";
import { startNodeServer } from "../hosts/node-server.js";
import { createPlatformGateway } from "../hosts/platform-gateway.js";

export interface ServeOptions {
  port: string;
  host: string;
  secrets: string;
  demo?: boolean;
  workers: string;
}

/** A problem the user fixes by changing settings; printed without a stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

const STRATEGIES = Object.keys(AUTH_STRATEGY_NAMES);

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "run the proxy (API mode) as a local HTTP server; configure it with the reference's environment " +
        "variables (TARGET_HOST, SOURCE_AUTH_STRATEGY_IDENTIFIER, RULES or SOURCE, ...)",
    )
    .option("-p, --port <port>", "port to listen on (0 = any free port)", "8080")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option(
      "--secrets <file>",
      "local secrets file (JSON; created with a new salt and key if missing)",
      DEFAULT_SECRETS_FILE,
    )
    .option("--demo", "also start a demo source API and point the proxy at it")
    .option(
      "--workers <n>",
      "server processes sharing the port, each using one CPU core (`auto`: one per core)",
      "1",
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  psoxy serve --demo",
        "  TARGET_HOST=www.googleapis.com SOURCE_AUTH_STRATEGY_IDENTIFIER=oauth2_access_token \\",
        '    RULES="$(cat calendar-rules.yaml)" psoxy serve --port 9000',
        "  ... psoxy serve --workers auto   # one process per CPU core of a dedicated machine",
        "",
        "Secrets (PSOXY_SALT, PSOXY_ENCRYPTION_KEY, ACCESS_TOKEN, ...) are read from the --secrets file,",
        "never from environment variables, as in the reference.",
      ].join("\n"),
    )
    .action(async (opts: ServeOptions) => {
      try {
        await serve(opts);
      } catch (e) {
        if (e instanceof StartupError) {
          process.stderr.write(`psoxy serve: ${e.message}\n`);
          process.exit(2);
        }
        throw e;
      }
    });
}

const MAX_WORKERS = 256;

export function parseWorkers(value: string): number {
  if (value.trim() === "auto") return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_WORKERS) {
    throw new StartupError(`--workers must be a number from 1 to ${MAX_WORKERS} or auto, got "${value}"`);
  }
  return n;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`--port must be a number from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** Settings the reference needs before it can serve, checked up front with what to set. */
export function checkEnvironment(env: Readonly<Record<string, string | undefined>>): void {
  const target = env.TARGET_HOST?.trim() ?? "";
  if (target === "") {
    throw new StartupError(
      "TARGET_HOST is not set. Set it to the host of the source API the proxy calls, for example " +
        "TARGET_HOST=www.googleapis.com (a port and a base path are allowed: api.example.com:8443/v2). " +
        "To try the proxy without a source, run `psoxy serve --demo`.",
    );
  }
  if (target.toLowerCase().startsWith("http://")) {
    throw new StartupError(
      `TARGET_HOST must use https (or no scheme): the proxy only calls https:// sources`,
    );
  }
  const strategy = env.SOURCE_AUTH_STRATEGY_IDENTIFIER?.trim() ?? "";
  if (strategy === "") {
    throw new StartupError(
      `SOURCE_AUTH_STRATEGY_IDENTIFIER is not set. Set it to how the proxy authenticates to the source: ` +
        `${STRATEGIES.join(", ")} (for a long-lived token: oauth2_access_token, with ACCESS_TOKEN in the secrets file).`,
    );
  }
  if (!STRATEGIES.includes(strategy)) {
    throw new StartupError(
      `SOURCE_AUTH_STRATEGY_IDENTIFIER=${strategy} is not a known strategy; use one of ${STRATEGIES.join(", ")}.`,
    );
  }
}

async function serve(opts: ServeOptions): Promise<void> {
  const port = parsePort(opts.port);
  const secretsFile = resolve(opts.secrets);
  const baseEnv = { ...process.env };
  const workers = parseWorkers(opts.workers);
  const logger = createHostLogger({
    env: baseEnv,
    destination: new BatchedStdout(),
    // with several processes on one stdout, each line says which one wrote it
    base: workers > 1 ? { pid: process.pid } : undefined,
  });

  if (workers > 1 && !isClusterWorker()) {
    if (opts.demo) {
      throw new StartupError(
        "--workers cannot be combined with --demo (the demo source lives in one process)",
      );
    }
    checkEnvironment(baseEnv);
    // one secrets file for every worker: created here, with one salt, before any worker reads it
    const config = await createConfigService(baseEnv, { platform: "local", secretsFile, logger });
    await config.getSecret("PSOXY_SALT");
    const code = await superviseWorkers(workers, logger);
    logger.info({}, "stopped");
    process.exit(code);
  }

  let demo: DemoSource | undefined;
  let env: Record<string, string | undefined> = baseEnv;
  if (opts.demo) {
    demo = await startDemo();
    env = { ...baseEnv, ...demo.env };
  } else {
    checkEnvironment(env);
  }

  const { gateway, config } = await createPlatformGateway({
    platform: "node",
    env,
    secretsFile,
    ca: demo?.ca,
    logger,
    // the node server can reach either cloud's queues
    sideOutputQueues: {
      sqs: async () => (await import("../gateway/side-output-sqs.js")).createSqsSideOutputSender(),
      pubsub: async () => (await import("../gateway/side-output-pubsub.js")).createPubSubSideOutputSender(),
    },
  });
  if (demo) {
    await demo.connect(config);
  } else if ((await config.getConfig("RULES")) === undefined) {
    const source = env.SOURCE?.trim() ?? "";
    if (source === "" || builtinRules(source) === undefined) {
      await gateway.close();
      throw new StartupError(
        (source === "" ? "no rules: " : `SOURCE=${source} has no built-in rules: `) +
          'set RULES to a rules YAML (plain, base64 or base64+gzip; e.g. RULES="$(cat rules.yaml)"), ' +
          `or SOURCE to a built-in connector (${builtinRulesKeys().join(", ")}).`,
      );
    }
  }

  let server: Awaited<ReturnType<typeof startNodeServer>>;
  try {
    server = await startNodeServer({ gateway, logger, port, host: opts.host });
  } catch (e) {
    await gateway.close();
    await demo?.close();
    const code = (e as { code?: string }).code;
    if (code === "EADDRINUSE")
      throw new StartupError(`port ${port} on ${opts.host} is in use; choose another with --port`);
    if (code === "EADDRNOTAVAIL")
      throw new StartupError(`cannot listen on ${opts.host}: not an address of this machine`);
    if (code === "EACCES")
      throw new StartupError(`not allowed to listen on port ${port}; use a port above 1023`);
    throw e;
  }

  const clientUrl = `http://${clientHost(opts.host)}:${server.port}`;
  logger.info(
    { url: server.url, demo: demo !== undefined, targetHost: env.TARGET_HOST, secretsFile },
    "psoxy listening",
  );
  if (demo) process.stderr.write(demoBanner(clientUrl, demo.source.url, secretsFile));
  else
    process.stderr.write(
      `psoxy: proxying ${clientUrl} -> https://${env.TARGET_HOST?.trim().replace(/^https:\/\//i, "")}\n`,
    );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: do not wait for in-flight requests.
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    void server
      .close()
      .then(() => gateway.close())
      .then(() => demo?.close())
      .catch((e: unknown) => logger.error({ errorName: (e as Error)?.name }, "error while shutting down"))
      .finally(() => {
        logger.info({}, "stopped");
        process.exit(0);
      });
  };
  if (isClusterWorker()) {
    // the primary decides when workers stop (and passes Ctrl-C on as a stop request)
    onStopRequest(() => stop("SIGTERM"));
  } else {
    process.on("SIGINT", stop);
  }
  process.on("SIGTERM", stop);
}

/** The address a local client uses for a listen address (wildcards become loopback). */
function clientHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
