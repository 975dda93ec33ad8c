/** Client -> proxy control headers (api-mode spec 2); matched case-insensitively, never forwarded. */
export const HEALTH_CHECK_HEADER = "X-Psoxy-Health-Check";
export const USER_TO_IMPERSONATE_HEADER = "X-Psoxy-User-To-Impersonate";
export const PSEUDONYM_IMPLEMENTATION_HEADER = "X-Psoxy-Pseudonym-Implementation";
export const SKIP_SANITIZER_HEADER = "X-Psoxy-Skip-Sanitizer";
export const TARGET_PATH_HEADER = "X-Psoxy-TargetPath";
export const TARGET_QUERY_HEADER = "X-Psoxy-TargetQuery";
export const PREFER_HEADER = "Prefer";
