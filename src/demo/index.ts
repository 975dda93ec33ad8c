/** The `psoxy serve --demo` setup: a loopback HTTPS demo source, its synthetic data and its rules. */
export { DEMO_SOURCE, type DemoSource, demoBanner, startDemo } from "./demo.js";
export { DEMO_RULES_YAML } from "./demo-rules.js";
export { startDemoSource } from "./demo-source.js";
export {
  createSelfSignedCertificate,
  type HttpsSource,
  type SelfSignedCertificate,
  sendJson,
  startHttpsSource,
} from "./https-source.js";
