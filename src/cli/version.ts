/** Package version, injected at build time when bundled. */
declare const __PSOXY_VERSION__: string | undefined;
export const VERSION: string = typeof __PSOXY_VERSION__ === "string" ? __PSOXY_VERSION__ : "0.0.0-dev";
