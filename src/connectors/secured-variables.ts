/** Constructors for the `secured_variables` entries the catalogue's specs repeat. */
import type { SecuredVariable } from "./model.js";

interface Flags {
  writable?: boolean;
  sensitive?: boolean;
  lockable?: boolean;
  valueManagedByTf?: boolean;
  leaveEmpty?: boolean;
}

export function secret(name: string, description: string, flags: Flags = {}): SecuredVariable {
  return {
    name,
    writable: flags.writable ?? false,
    sensitive: flags.sensitive ?? true,
    lockable: flags.lockable ?? false,
    valueManagedByTf: flags.valueManagedByTf ?? false,
    ...(flags.leaveEmpty ? { leaveEmpty: true } : {}),
    description,
  };
}

/** a long-lived token the customer creates and fills in */
export const accessToken = (description: string): SecuredVariable => secret("ACCESS_TOKEN", description);

/** the shared access-token cache of `oauth2_refresh_token` (USE_SHARED_TOKEN), written by the proxy */
export const writableAccessToken = (): SecuredVariable =>
  secret("ACCESS_TOKEN", "Short-lived access token, written and shared between instances by the proxy.", {
    writable: true,
    leaveEmpty: true,
  });

/** a refresh token the proxy may rotate */
export const writableRefreshToken = (description: string): SecuredVariable =>
  secret("REFRESH_TOKEN", description, { writable: true });

/** the standard lock of the shared-token refresh (`OAUTH_REFRESH_TOKEN`, writable, lockable, not sensitive) */
export const refreshLock = (): SecuredVariable =>
  secret("OAUTH_REFRESH_TOKEN", "Lock used to coordinate token refreshes between instances; leave empty.", {
    writable: true,
    lockable: true,
    sensitive: false,
    leaveEmpty: true,
  });

export const clientId = (description: string, sensitive = true): SecuredVariable =>
  secret("CLIENT_ID", description, { sensitive });

export const clientSecret = (description: string): SecuredVariable => secret("CLIENT_SECRET", description);
