import type { Sensitive } from '../config/sensitive.js';

export type AuthorizationState = 'authorized' | 'revoked';

/** One account's authorisation of a platform, as stored. Times are epoch milliseconds. */
export interface AuthorizationRecord {
  authorizerAppId: string;
  /** authorizer_refresh_token: does not expire; losing it means re-authorisation. Never logged. */
  refreshToken: Sensitive;
  /** funcscope_category ids the administrator granted. */
  funcIds: number[];
  authorizedAt: number;
  updatedAt: number;
  state: AuthorizationState;
  /** When the `unauthorized` push (or a 61023) revoked it; only with state `revoked`. */
  revokedAt?: number;
}

/**
 * Where a platform's authorisations live: a Redis hash that never expires, or PostgreSQL
 * when STORE_URL is set, so a Redis flush loses nothing.
 */
export interface AuthorizationStore {
  get(platformId: string, authorizerAppId: string): Promise<AuthorizationRecord | null>;
  /** Creates or replaces the account's record (a new authorisation, an update, a recovery). */
  put(platformId: string, record: AuthorizationRecord): Promise<void>;
  /**
   * Marks the authorisation revoked at `at` (kept, so jobs can say who revoked and when).
   * False when there is no record, or it was already revoked.
   */
  markRevoked(platformId: string, authorizerAppId: string, at: number): Promise<boolean>;
  /**
   * Writes a rotated refresh token only if the stored one is still `expected` and the
   * record is still authorised (compare-and-set), so a re-authorisation or a revocation
   * that happened meanwhile is never overwritten. False when it was not written.
   */
  replaceRefreshToken(
    platformId: string,
    authorizerAppId: string,
    expected: Sensitive,
    next: Sensitive,
    at: number,
  ): Promise<boolean>;
  /** Every record of the platform, ordered by authorizer AppID. */
  list(platformId: string): Promise<AuthorizationRecord[]>;
  /** Idempotent; closes only what the store opened itself. */
  close(): Promise<void>;
}
