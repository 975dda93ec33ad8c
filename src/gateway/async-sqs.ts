/**
 * AWS async dispatch (api-mode spec 6.2, sync leg): `SendMessage` to ASYNC_API_REQUEST_QUEUE_URL with
 * the original Lambda event as JSON body (so that the async leg re-reads every control header) and the
 * processing context as the String message attribute `processingContext`. AWS SDK v3 SQS client
 * (the Lambda runtime provides it; the bundle keeps `@aws-sdk/*` external), created on first use.
 * Endpoint, region and credentials can be overridden (tests, LocalStack); by default the SDK resolves
 * them (AWS_REGION, AWS_ENDPOINT_URL_SQS, the execution role).
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { type AwsClientOptions, sdkClientConfig } from "../config/aws-common.js";
import { type AsyncDispatcher, AsyncQueueError, type AsyncQueueMessage } from "./async-dispatch.js";

export const PROCESSING_CONTEXT_ATTRIBUTE = "processingContext";

export interface SqsDispatcherOptions extends AwsClientOptions {
  /** A ready client (overrides the other options). */
  client?: SQSClient;
}

export function createSqsDispatcher(options: SqsDispatcherOptions = {}): AsyncDispatcher {
  let client: Promise<{ sqs: SQSClient; send: typeof import("@aws-sdk/client-sqs").SendMessageCommand }>;
  const load = () => {
    client ??= import("@aws-sdk/client-sqs").then(({ SQSClient, SendMessageCommand }) => ({
      sqs: options.client ?? new SQSClient(sdkClientConfig(options)),
      send: SendMessageCommand,
    }));
    return client;
  };
  return {
    queueProperty: "ASYNC_API_REQUEST_QUEUE_URL",
    async send(m: AsyncQueueMessage): Promise<void> {
      try {
        const { sqs, send } = await load();
        await sqs.send(
          new send({
            QueueUrl: m.queue,
            MessageBody: JSON.stringify(m.message),
            MessageAttributes: {
              [PROCESSING_CONTEXT_ATTRIBUTE]: { DataType: "String", StringValue: m.processingContext },
            },
          }),
        );
      } catch (e) {
        throw new AsyncQueueError(`Failed to send message to SQS queue: ${m.queue}`, { cause: e });
      }
    },
  };
}
