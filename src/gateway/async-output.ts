/**
 * The async leg's output (api-mode spec 1.15 step 4, 6.2 step 4, 6.7): the sanitized content, gzip, at
 * `ASYNC_OUTPUT_DESTINATION/<yyyyMMdd>/<requestId>` with the sanitized-output metadata. Unlike a side
 * output, a failed write fails the request (the platform then redelivers the message): the client is
 * polling for exactly this object. Only sanitized content is ever written here.
 */
import type { ConfigService } from "../config/types.js";
import type { ObjectStore } from "../storage/types.js";
import type { ProcessingContext } from "./async-context.js";
import { GatewayError } from "./gateway-error.js";
import { type OutputScheme, parseOutputLocation, SideOutput } from "./side-outputs.js";

export class AsyncOutputError extends Error {
  readonly code = "ASYNC_OUTPUT";
  constructor(message: string) {
    super(message);
    this.name = "AsyncOutputError";
  }
}

export interface AsyncOutputsOptions {
  config: ConfigService;
  /** object stores by scheme (the hosts' side-output stores) */
  store?: (scheme: OutputScheme) => Promise<ObjectStore>;
}

/** Writes one async result. */
export type AsyncOutputWriter = (sanitized: string, metadata: Record<string, string>) => Promise<void>;

export class AsyncOutputs {
  private output: Promise<SideOutput> | undefined;

  constructor(private readonly options: AsyncOutputsOptions) {}

  /**
   * The writer for one async request; throws 500 CONFIGURATION_FAILURE before the source is called
   * when there is nowhere to write (no or an unusable ASYNC_OUTPUT_DESTINATION, no store on this host).
   */
  async writerFor(processing: ProcessingContext): Promise<AsyncOutputWriter> {
    const output = await this.destination();
    return async (sanitized, metadata) => {
      const ok = await output.write(sanitized, metadata, processing.requestReceivedAt, processing.requestId);
      if (!ok) throw new AsyncOutputError("the async output could not be written");
    };
  }

  private destination(): Promise<SideOutput> {
    this.output ??= this.open();
    this.output.catch(() => {
      this.output = undefined;
    });
    return this.output;
  }

  private async open(): Promise<SideOutput> {
    const uri = this.options.config.env.ASYNC_OUTPUT_DESTINATION;
    const fail = (why: string) => new GatewayError(500, "CONFIGURATION_FAILURE", "", why);
    if (uri === undefined || uri.trim() === "") {
      throw fail("ASYNC_OUTPUT_DESTINATION is not set: an async request has nowhere to write its result");
    }
    let location: ReturnType<typeof parseOutputLocation>;
    try {
      location = parseOutputLocation(uri);
    } catch (e) {
      throw fail(`ASYNC_OUTPUT_DESTINATION: ${(e as Error).message}`);
    }
    const factory = this.options.store;
    if (!factory) throw fail("ASYNC_OUTPUT_DESTINATION: object stores are not available on this host");
    const store = await factory(location.scheme);
    return new SideOutput(location, store);
  }
}
