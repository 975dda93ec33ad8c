/** Google Drive API v2 and v3: file, revision and permission metadata; names and titles dropped. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymizeDefaultEncoding, redact } from "../rules-dsl/transforms.js";

const DRIVE_REDACTIONS = [
  "$..name",
  "$..photoLink",
  "$..title",
  "$..description",
  "$..originalFilename",
  "$..displayName",
  "$..picture",
  "$..lastModifyingUserName",
  "$..ownerNames",
];

const driveEndpoint = (pathRegex: string): EndpointDoc => ({
  pathRegex,
  // the reference leaves the encoding to the loader's default here
  transforms: [pseudonymizeDefaultEncoding("$..emailAddress"), redact(...DRIVE_REDACTIONS)],
});

export function gdriveRules(): ApiRulesDoc {
  return apiRules([
    driveEndpoint("^/drive/v[2,3]/files[/]?[^/]*"),
    driveEndpoint("^/drive/v[2,3]/files/[^/]*/revisions[/]?[^/]*"),
    driveEndpoint("^/drive/v[2,3]/files/[^/]*/permissions.*"),
  ]);
}
