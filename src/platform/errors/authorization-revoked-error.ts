/**
 * The account's authorisation of the platform is stored as revoked (an `unauthorized` push,
 * or WeChat's 61023/61003 seen earlier): only the account's administrator can fix it by
 * authorising again, so the job fails at once without calling WeChat and is never retried.
 */
export class AuthorizationRevokedError extends Error {
  override readonly name = 'AuthorizationRevokedError' as const;
  readonly retry = 'never' as const;
  readonly code = 'AUTHORIZATION_REVOKED' as const;

  constructor(
    readonly platformId: string,
    readonly authorizerAppId: string,
    /** Epoch ms of the revocation, when the store knows it. */
    readonly revokedAt: number | null,
  ) {
    const when = revokedAt === null ? '' : ` at ${new Date(revokedAt).toISOString()}`;
    super(`account ${authorizerAppId} revoked its authorisation of platform ${platformId}${when}`);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      platformId: this.platformId,
      authorizerAppId: this.authorizerAppId,
      revokedAt: this.revokedAt,
    };
  }
}
