import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { createSyncQueue } from '../queue/sync-queue.js';
import { connectRedis } from '../redis/connection.js';
import type { ScheduledAccount } from './plan-schedules.js';
import { scheduleQuotaWarnings } from './quota-check.js';
import { type ReconcileReport, reconcileSchedules } from './reconcile-schedules.js';

export interface SchedulerHandle {
  /** What the reconcile at start did. */
  readonly initial: ReconcileReport;
  /** Reconciles again with a new list of accounts (SIGHUP). Calls run one after another. */
  reconcile(accounts: readonly ScheduledAccount[]): Promise<ReconcileReport>;
  /** Waits for a reconcile under way, then closes the queue and its connection. Safe to call twice. */
  close(): Promise<void>;
}

export class SchedulerClosedError extends Error {
  override readonly name = 'SchedulerClosedError';
  constructor() {
    super('the scheduler is closed');
  }
}

/**
 * The scheduler role: reconciles the queue's job schedulers with the accounts at start
 * and on demand. It holds no timers of its own: BullMQ makes each scheduled job (the
 * worker side moves a scheduler on when its job starts), so this process only has to
 * keep the scheduler definitions right. Throws when the first reconcile cannot read Redis.
 */
export async function startScheduler(
  config: Pick<AppConfig, 'redisUrl' | 'redisClusterNodes' | 'queuePrefix' | 'accounts'>,
  logger: Logger,
): Promise<SchedulerHandle> {
  const log = logger.child({ role: 'scheduler' });
  // 'client': a few retries then an error, so a reconcile against a Redis that is away
  // fails visibly instead of hanging the SIGHUP that asked for it.
  const connection = connectRedis(config, 'client');
  const queue = createSyncQueue(connection, config.queuePrefix);
  // BullMQ forwards the connection's errors here; unheard, it would print them raw to stderr.
  queue.on('error', (err) => log.warn({ err }, 'redis connection error (scheduler)'));
  let closing: Promise<void> | null = null;
  let last: Promise<unknown> = Promise.resolve();

  const reconcile = (accounts: readonly ScheduledAccount[]): Promise<ReconcileReport> => {
    if (closing) return Promise.reject(new SchedulerClosedError());
    const run = last.then(() => reconcileSchedules(queue, accounts, log));
    last = run.catch(() => {});
    return run;
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      await last;
      await queue.close().catch((err: unknown) => log.warn({ err }, 'closing the queue failed'));
      // BullMQ leaves a connection it was given open; a failed QUIT still must not leak the socket.
      await connection.quit().catch(() => connection.disconnect());
    })();
    return closing;
  };

  // Once at start: a schedule that burns an account's daily list quota fails its syncs every afternoon.
  for (const warning of scheduleQuotaWarnings(config.accounts)) {
    log.warn(
      { accountId: warning.accountId, kind: warning.kind, runsPerDay: warning.runsPerDay },
      warning.message,
    );
  }
  try {
    const initial = await reconcile(config.accounts);
    return { initial, reconcile, close };
  } catch (err) {
    await close();
    throw err;
  }
}
