/**
 * Platform hosts for API mode: each translates its platform's HTTP event to a web Request for the
 * gateway and the Response back. Deployable entry points: `lambda-entry.ts`, `gcp-entry.ts`, and the
 * `psoxy serve` command (src/cli/serve-command.ts).
 */
export {
  createLambdaHandler,
  handler as lambdaHandler,
  type LambdaEventV1,
  type LambdaEventV2,
  type LambdaHandler,
  type LambdaHandlerOptions,
  type LambdaHttpEvent,
  type LambdaResult,
} from "./aws-lambda.js";
export {
  createGcpHandler,
  type GcpHandlerOptions,
  type GcpHttpFunction,
  type GcpRequest,
  type GcpResponse,
  psoxy as gcpFunction,
} from "./gcp-functions.js";
export { type GatewayFactory, lazyGateway } from "./lazy-gateway.js";
export { createHostLogger, type HostLogger, type HostLoggerOptions } from "./logger.js";
export {
  MAX_BODY_BYTES,
  type NodeServerOptions,
  type RunningServer,
  startNodeServer,
} from "./node-server.js";
export {
  createPlatformGateway,
  type PlatformGateway,
  type PlatformGatewayOptions,
} from "./platform-gateway.js";
