import type { AuthorizationRecord, AuthorizationStore } from './authorization-store.js';
import { AuthorizationRevokedError, NotAuthorizedError } from './errors/index.js';

/** The account's stored authorisation, or NotAuthorizedError / AuthorizationRevokedError. */
export async function usableAuthorization(
  store: AuthorizationStore,
  platformId: string,
  appId: string,
): Promise<AuthorizationRecord> {
  const record = await store.get(platformId, appId);
  if (record === null) throw new NotAuthorizedError(platformId, appId);
  if (record.state === 'revoked')
    throw new AuthorizationRevokedError(platformId, appId, record.revokedAt ?? null);
  return record;
}
