import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Account } from '../config/index.js';
import type { AccountLease, AccountLock } from '../lock/index.js';
import { describeIssues, pushEventsJobDataSchema } from '../queue/index.js';
import { lockBusyDelay } from '../worker/lock-busy-delay.js';
import type { PushEventsSummary } from './apply-push-events.js';
import type { PendingEvents } from './pending-events.js';
import type { PushEvent } from './push-event.js';

/** Events applied per batch: one store write and at most 5 user/info calls. */
export const PUSH_BATCH = 500;

export interface PushRun {
  account: Account;
  jobId: string;
  fence: number;
  signal: AbortSignal;
  logger: Logger;
}

export interface PushEventsProcessorDeps {
  accounts: ReadonlyMap<string, Account>;
  lock: AccountLock;
  pending: PendingEvents;
  apply: (run: PushRun, events: PushEvent[]) => Promise<PushEventsSummary>;
  logger: Logger;
  /** Pushes should land fast: the first wait for a busy lock, doubled per re-delay up to maxMs. */
  lockBusy?: { minMs: number; maxMs: number };
  now?: () => number;
}

function add(total: PushEventsSummary, part: PushEventsSummary): void {
  for (const key of Object.keys(total) as (keyof PushEventsSummary)[]) total[key] += part[key];
}

/**
 * The `push-events` job: validate → lock → drain the account's pending events in
 * batches → release. A busy lock re-delays the job (no attempt spent); the events wait in
 * Redis meanwhile, and a batch is dropped from the list only after it is applied, so a
 * crash or a failed attempt re-applies it (follower events are ordered by CreateTime,
 * article writes are upserts).
 */
export function createPushEventsProcessor(deps: PushEventsProcessorDeps) {
  const now = deps.now ?? Date.now;
  const lockBusy = deps.lockBusy ?? { minMs: 100, maxMs: 5_000 };

  async function drain(
    job: Job,
    account: Account,
    lease: AccountLease,
    log: Logger,
  ): Promise<PushEventsSummary> {
    // From here a new push must make a new job: this one may already be past the list's end.
    await job.removeDeduplicationKey();
    await deps.pending.clearJobFlag(account.accountId);
    const total: PushEventsSummary = {
      events: 0,
      followersApplied: 0,
      followersStale: 0,
      articlesStored: 0,
      articlesRemoved: 0,
      massSends: 0,
      wechatCalls: 0,
    };
    const run = { account, jobId: String(job.id), fence: lease.fence, signal: lease.signal, logger: log };
    for (;;) {
      lease.signal.throwIfAborted();
      const batch = await deps.pending.peek(account.accountId, PUSH_BATCH);
      if (batch.read === 0) return total;
      if (batch.invalid > 0)
        log.warn({ invalid: batch.invalid }, 'pending push events that do not parse were dropped');
      add(total, await deps.apply(run, batch.events));
      await deps.pending.drop(account.accountId, batch.read);
    }
  }

  return async function processPushEvents(job: Job, token?: string): Promise<PushEventsSummary> {
    const parsed = pushEventsJobDataSchema.safeParse(job.data);
    if (!parsed.success)
      throw unrecoverableError(`invalid push-events job data: ${describeIssues(parsed.error)}`);
    const { accountId } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, accountId, job: 'push-events' });
    const account = deps.accounts.get(accountId);
    if (!account) throw unrecoverableError(`unknown account ${accountId}`);
    const acquired = await deps.lock.acquire(accountId, String(job.id));
    if (!acquired.acquired) {
      // Usually another push batch holds the lock for a few ms: try again soon, and back off
      // (per time this job was started) when it is a long sync instead.
      const wait = Math.min(
        lockBusy.minMs * 2 ** Math.max(0, (job.attemptsStarted ?? 1) - 1),
        lockBusy.maxMs,
      );
      const delay = lockBusyDelay(0, { minMs: wait, maxMs: wait });
      await job.log(`account lock busy; applying the pushed events in ${delay} ms`);
      await job.moveToDelayed(now() + delay, token);
      throw new DelayedError();
    }
    try {
      const summary = await drain(job, account, acquired.lease, log);
      log.info({ summary }, 'push events applied');
      return summary;
    } finally {
      const released = await acquired.lease.release();
      if (released.error)
        log.warn({ err: released.error }, 'lock release failed; the lock expires on its own');
    }
  };
}

/** Bad data or an unknown account: retrying cannot help (the events stay pending for a valid job). */
function unrecoverableError(message: string): Error {
  return new UnrecoverableError(message);
}
