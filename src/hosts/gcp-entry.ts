/**
 * Entry of the GCP Cloud Functions bundle (`dist/gcp/index.js`): the HTTP function is `psoxy`
 * (deploy with `--entry-point=psoxy`).
 */
export { psoxy } from "./gcp-functions.js";
