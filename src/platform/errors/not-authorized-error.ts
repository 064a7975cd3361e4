/**
 * The account names a platform, but no authorisation of it is stored: it was never
 * authorised (or the store lost it; `platform recover` rebuilds from WeChat's list). Not
 * retried: an operator sends the account's administrator an authorisation link.
 */
export class NotAuthorizedError extends Error {
  override readonly name = 'NotAuthorizedError' as const;
  readonly retry = 'never' as const;
  readonly code = 'NOT_AUTHORIZED' as const;

  constructor(
    readonly platformId: string,
    readonly authorizerAppId: string,
  ) {
    super(`account ${authorizerAppId} has no stored authorisation of platform ${platformId}`);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      platformId: this.platformId,
      authorizerAppId: this.authorizerAppId,
    };
  }
}
