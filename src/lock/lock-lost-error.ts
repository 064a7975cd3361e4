/**
 * How the lease was found to be lost:
 * - `absent`: the lock key is gone (expired, deleted, or force-released by cleanup);
 * - `taken`: another owner holds it now;
 * - `expired`: renewals failed (Redis unreachable) until the lease's TTL ran out, so
 *   another worker may legitimately hold it by now.
 */
export type LockLostReason = 'absent' | 'taken' | 'expired';

/**
 * The reason a lease's AbortSignal is aborted with: the job no longer holds its
 * account's lock and must stop. Its writes would be refused by the fence check anyway;
 * stopping early saves the work and says why.
 */
export class LockLostError extends Error {
  override readonly name = 'LockLostError' as const;
  /** The sync did not finish; a retry is safe (writes are idempotent) and meets the lock like any job. */
  readonly retry = 'backoff' as const;
  readonly accountId: string;
  readonly owner: string;
  readonly fence: number;
  readonly reason: LockLostReason;

  constructor(data: {
    accountId: string;
    owner: string;
    fence: number;
    reason: LockLostReason;
    cause?: unknown;
  }) {
    super(
      `Lost the lock of account ${data.accountId} (fence ${data.fence}): ${explain[data.reason]}`,
      data.cause === undefined ? undefined : { cause: data.cause },
    );
    this.accountId = data.accountId;
    this.owner = data.owner;
    this.fence = data.fence;
    this.reason = data.reason;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retry: this.retry,
      accountId: this.accountId,
      owner: this.owner,
      fence: this.fence,
      reason: this.reason,
    };
  }
}

const explain: Record<LockLostReason, string> = {
  absent: 'the lock key is gone (expired or released by cleanup)',
  taken: 'another worker holds it now',
  expired: 'renewal kept failing until the lease ran out',
};
