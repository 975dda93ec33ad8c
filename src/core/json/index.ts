export { fromPlain, jsonEquals, toPlain } from "./convert.js";
export { javaDoubleToString } from "./java-double.js";
export { JSON_LIMITS, JsonParseError, parseJson, parseJsonStream } from "./parse.js";
export { numberToJson, quoteJsonString, serializeJson } from "./serialize.js";
export {
  isJsonArray,
  isJsonNumber,
  isJsonObject,
  type JsonArray,
  JsonDouble,
  type JsonObject,
  type JsonValue,
  numberValue,
} from "./types.js";
