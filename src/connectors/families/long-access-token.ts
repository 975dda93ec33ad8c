/** Specs of connectors that authenticate with one long-lived token in ACCESS_TOKEN (`oauth2_access_token`). */
import type { ConnectorSpec, ExampleRequest } from "../model.js";
import { accessToken } from "../secured-variables.js";

export function accessTokenConnector(
  o: Omit<ConnectorSpec, "mode" | "enableByDefault" | "sourceAuthStrategy" | "securedVariables"> & {
    tokenDescription: string;
  },
): ConnectorSpec {
  const { tokenDescription, ...rest } = o;
  return {
    mode: "api",
    enableByDefault: false,
    sourceAuthStrategy: "oauth2_access_token",
    securedVariables: [accessToken(tokenDescription)],
    ...rest,
  };
}

export const getCalls = (...paths: string[]): ExampleRequest[] =>
  paths.map((path) => ({ method: "GET", path }));
