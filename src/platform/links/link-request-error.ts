/**
 * Why an authorisation link cannot be made: `field` names the input or setting at fault
 * (`platformId`, `accountId`, `PUBLIC_URL`…), `kind` decides the HTTP status and the CLI's
 * exit code. Never carries a secret.
 */
export class LinkRequestError extends Error {
  override readonly name = 'LinkRequestError' as const;

  constructor(
    readonly kind: 'not-found' | 'invalid' | 'not-configured',
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
