/** Why a Redis did not do for a start: nothing listens, or something listens and never answers. */
export type RedisUnreachableReason = 'refused' | 'silent' | 'error';

/**
 * Redis did not answer a PING within the start-up timeout. Entry points print the message
 * (one line, naming the address) and stop; the CLI exits with EXIT.redis. Not retried:
 * the operator has to start, reach or fix that Redis. The address never carries the
 * password (only host and port).
 */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError' as const;
  readonly retryable = false;

  constructor(
    /** `host:port` (or the cluster's seed nodes), never the URL with its password. */
    readonly address: string,
    readonly reason: RedisUnreachableReason,
    detail: string,
  ) {
    super(`cannot reach Redis at ${address}: ${detail}`);
  }
}
