/**
 * Full names of a connector's secrets as the reference's Terraform creates them (connectors spec 2,
 * infra-and-tools spec 3.1 / 4.1):
 * - AWS: SSM parameter (or Secrets Manager secret) `<root path><UPPER(env_id)>_<UPPER(id with - → _)>_<NAME>`,
 *   e.g. `PSOXY_ZOOM_CLIENT_ID`;
 * - GCP: Secret Manager secret `<config_parameter_prefix><UPPER(id with - → _)>_<NAME>`, e.g.
 *   `psoxy_ZOOM_CLIENT_ID`.
 */
export interface SecretNaming {
  /** Terraform `environment_name` / env id; default "psoxy" */
  envId?: string;
  /** AWS `aws_ssm_param_root_path`; default "" */
  awsSsmRootPath?: string;
  /** GCP `config_parameter_prefix`; default `<envId>_` */
  gcpConfigParameterPrefix?: string;
}

const upperId = (id: string) => id.toUpperCase().replaceAll("-", "_");

export function awsSecretName(connectorId: string, name: string, naming: SecretNaming = {}): string {
  const env = naming.envId ?? "psoxy";
  let root = naming.awsSsmRootPath ?? "";
  // SSM names with a "/" must be fully qualified (as the runtime's prefix handling assumes)
  if (root.includes("/") && !root.startsWith("/")) root = `/${root}`;
  return `${root}${upperId(env)}_${upperId(connectorId)}_${name}`;
}

export function gcpSecretName(connectorId: string, name: string, naming: SecretNaming = {}): string {
  const prefix = naming.gcpConfigParameterPrefix ?? `${naming.envId ?? "psoxy"}_`;
  return `${prefix}${upperId(connectorId)}_${name}`;
}
