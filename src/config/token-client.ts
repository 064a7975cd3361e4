/**
 * One system of the organisation allowed to read tokens from the authority
 * (TOKEN_CLIENTS_FILE). Its credential is kept only as a SHA-256 digest: the authority
 * compares digests and never needs the credential itself.
 */
export interface TokenClient {
  /** `^[A-Za-z0-9_.-]{1,64}$`: a metric label and a log field. */
  clientId: string;
  /** SHA-256 of the bearer credential the client sends. */
  credentialDigest: Buffer;
  /** The apps (appIds of configured accounts) this client may read. */
  apps: ReadonlySet<string>;
  /** Token requests per minute this client may make (rate limit, across all API processes). */
  perMinute: number;
}
