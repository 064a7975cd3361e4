/** A stored authorisation this version cannot read: reported, never guessed at or overwritten silently. */
export class UnreadableAuthorizationError extends Error {
  override readonly name = 'UnreadableAuthorizationError' as const;

  constructor(
    readonly platformId: string,
    readonly authorizerAppId: string,
  ) {
    super(`stored authorisation of ${authorizerAppId} on platform ${platformId} is unreadable`);
  }
}
