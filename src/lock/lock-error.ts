/** Which step of the lock's life Redis failed in. */
export type LockOperation = 'acquire' | 'renew' | 'release';

/**
 * Redis failed while taking, renewing or releasing an account lock. It says so plainly
 * (which account, which step, the Redis error as `cause`) instead of being mistaken for
 * a busy lock or hidden behind the job's own failure. A busy lock is not an error.
 */
export class LockError extends Error {
  override readonly name = 'LockError' as const;
  /** Redis may be back shortly: retry the job with backoff. */
  readonly retry = 'backoff' as const;
  readonly accountId: string;
  readonly operation: LockOperation;
  override readonly cause: unknown;

  constructor(data: { accountId: string; operation: LockOperation; cause: unknown }) {
    super(
      `Redis failed to ${data.operation} the lock of account ${data.accountId}: ${describe(data.cause)}`,
      {
        cause: data.cause,
      },
    );
    this.accountId = data.accountId;
    this.operation = data.operation;
    this.cause = data.cause;
  }

  /** Plain data for logs, job diagnostics and API answers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retry: this.retry,
      accountId: this.accountId,
      operation: this.operation,
      cause: describe(this.cause),
    };
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
