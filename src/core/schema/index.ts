export {
  formatName,
  isJavaDouble,
  ParameterSchemaError,
  type QueryParameter,
  validateParameter,
  validateQueryParameters,
} from "./parameter-schema.js";
export { filterResponseBySchema, SchemaFilterError } from "./response-schema-filter.js";
