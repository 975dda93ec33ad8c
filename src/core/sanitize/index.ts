export { applyAugments, compileAugments } from "./augments.js";
export { EndpointNotAllowedError, RestSanitizer, type RestSanitizerOptions } from "./rest-sanitizer.js";
