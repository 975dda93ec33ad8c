export { createGateway, type GatewayInstance, NETWORK_EGRESS_BLOCKED_BODY } from "./create-gateway.js";
export {
  ERROR_HEADER,
  GatewayError,
  type PsoxyErrorCode,
  unhandledErrorCode,
  unhandledErrorResponse,
} from "./gateway-error.js";
export type { GatewayOptions, GatewayPlatform, GatewayTimeouts } from "./gateway-options.js";
export { sourceTimeouts } from "./timeouts.js";
export { type Gateway, type Logger, type RequestContext, silentLogger } from "./types.js";
export { PORT_VERSION, PSOXY_COMPAT_VERSION } from "./version.js";
