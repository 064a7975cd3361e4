/**
 * A store refused a write because the writer's fence is older than the account's
 * current one: a newer job holds (or held) the lock, so this writer is a stale holder,
 * e.g. one paused past its lease. Not retried: the newer holder does the work.
 */
export class StaleFenceError extends Error {
  override readonly name = 'StaleFenceError' as const;
  readonly retry = 'never' as const;
  readonly accountId: string;
  readonly fence: number;
  readonly currentFence: number;

  constructor(data: { accountId: string; fence: number; currentFence: number }) {
    super(
      `Refused a stale write for account ${data.accountId}: fence ${data.fence} is older than ${data.currentFence}`,
    );
    this.accountId = data.accountId;
    this.fence = data.fence;
    this.currentFence = data.currentFence;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retry: this.retry,
      accountId: this.accountId,
      fence: this.fence,
      currentFence: this.currentFence,
    };
  }
}
