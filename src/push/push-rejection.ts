/**
 * Why a push was refused, and the HTTP status it gets. The message names the reason
 * only: it never quotes the body, a signature or a key.
 */
export class PushRejection extends Error {
  override readonly name = 'PushRejection' as const;
  readonly retry = 'never' as const;

  constructor(
    readonly statusCode: 400 | 401 | 404 | 413,
    readonly reason: string,
  ) {
    super(reason);
  }
}
