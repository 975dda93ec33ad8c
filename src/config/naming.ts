/**
 * Remote key naming (api-mode spec 4.2): the remote key of a property is `<prefix><PROPERTY_NAME>`,
 * with an instance prefix and a shared prefix taken from the environment.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The function / service name the platform gives this instance, if any. */
export function instanceIdFromEnv(env: Env): string | undefined {
  return nonBlank(env.AWS_LAMBDA_FUNCTION_NAME) ?? nonBlank(env.K_SERVICE);
}

/**
 * Default instance prefix: `UPPER(instanceId)` with `-` replaced by `_`, plus `_`
 * (`psoxy-zoom` -> `PSOXY_ZOOM_`). The reference's `replace('-', '_')` is Java's replace-all.
 */
export function defaultInstancePrefix(instanceId: string): string {
  return `${instanceId.toUpperCase().replaceAll("-", "_")}_`;
}

/**
 * Instance prefix: `PATH_TO_INSTANCE_CONFIG` when set (even empty: an explicit choice), otherwise
 * derived from the instance id; without either, "".
 */
export function instancePrefix(env: Env, instanceId = instanceIdFromEnv(env)): string {
  const explicit = env.PATH_TO_INSTANCE_CONFIG;
  if (explicit !== undefined) return explicit;
  return instanceId ? defaultInstancePrefix(instanceId) : "";
}

/** Shared prefix: `PATH_TO_SHARED_CONFIG`, default "". */
export function sharedPrefix(env: Env): string {
  return env.PATH_TO_SHARED_CONFIG ?? "";
}

/**
 * AWS: SSM parameter names containing `/` must be fully qualified, so a prefix with a `/` that does
 * not start with one gets a leading `/` (the reference does the same for Secrets Manager).
 */
export function awsPrefix(prefix: string): string {
  return prefix.includes("/") && !prefix.startsWith("/") ? `/${prefix}` : prefix;
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}
