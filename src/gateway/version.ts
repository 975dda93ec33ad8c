/** Versions the proxy reports (api-mode spec 1.17, 3.2) and its default outbound User-Agent. */

/** Reference version this port is compatible with; the value of `X-Psoxy-Psoxy-Version`. */
export const PSOXY_COMPAT_VERSION = "v0.6.9";

declare const __PSOXY_VERSION__: string | undefined;
/** This port's own version (health check `javaSourceCodeVersion`), injected when bundled. */
export const PORT_VERSION: string =
  typeof __PSOXY_VERSION__ === "string" ? __PSOXY_VERSION__ : `${PSOXY_COMPAT_VERSION}-ts-dev`;

/** The reference's default User-Agent shape, naming the runtime this port runs on. */
export function defaultUserAgent(): string {
  return `Psoxy/${PSOXY_COMPAT_VERSION} (API Data Sanitization; Node/${process.versions.node})`;
}

/** Health check `version`: the bundle's version when BUNDLE_FILENAME names one, else the port's version. */
export function bundleVersion(bundleFilename: string | undefined): string {
  if (bundleFilename === undefined) return PORT_VERSION;
  return bundleFilename.replace(/psoxy-[^-]*-(.*).jar/g, "$1");
}
