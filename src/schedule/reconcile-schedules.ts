import type { Logger } from 'pino';
import { accountIdOfScheduler } from '../queue/job-ids.js';
import type { SYNC_JOB } from '../queue/names.js';
import type { SyncQueue } from '../queue/sync-queue.js';
import { diffSchedules, type ScheduleDiff } from './diff-schedules.js';
import { type DesiredSchedule, planSchedules, type ScheduledAccount } from './plan-schedules.js';

export interface ReconcileFailure {
  accountId: string;
  action: 'create' | 'update' | 'remove';
  error: string;
}

/** What one reconcile did; every list holds account ids. */
export interface ReconcileReport {
  created: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  /** Changes Redis refused; the rest were still applied. */
  failed: ReconcileFailure[];
  /** Schedulers on the queue that this system did not make, left alone. */
  foreign: number;
}

/** Upserts in flight at once: 10 000 accounts in round trips of 50, without flooding Redis. */
const APPLY_BATCH = 50;

/** How many changed account ids one log line lists before it only counts. */
const LOGGED_IDS = 20;

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += APPLY_BATCH) {
    await Promise.all(items.slice(i, i + APPLY_BATCH).map(run));
  }
}

function upsert(queue: SyncQueue, desired: DesiredSchedule): Promise<unknown> {
  // BullMQ types the scheduler id as the job name type; ours are ids, not job names.
  const id = desired.schedulerId as typeof SYNC_JOB;
  return queue.upsertJobScheduler(id, desired.repeat, desired.template);
}

function listed(ids: string[]): string[] | string {
  return ids.length <= LOGGED_IDS ? ids : `${ids.slice(0, LOGGED_IDS).join(', ')} … (${ids.length} in all)`;
}

function logReport(logger: Logger, report: ReconcileReport): void {
  const counts = {
    created: report.created.length,
    updated: report.updated.length,
    removed: report.removed.length,
    unchanged: report.unchanged.length,
    failed: report.failed.length,
    foreign: report.foreign,
  };
  const changed = {
    created: listed(report.created),
    updated: listed(report.updated),
    removed: listed(report.removed),
  };
  logger.info({ counts, ...changed }, 'schedules reconciled');
  for (const failure of report.failed.slice(0, LOGGED_IDS))
    logger.error({ failure }, 'a schedule change failed');
}

type Action = ReconcileFailure['action'];
const DONE_LIST = { create: 'created', update: 'updated', remove: 'removed' } as const;

async function applyDiff(queue: SyncQueue, diff: ScheduleDiff, report: ReconcileReport): Promise<void> {
  const attempt = async (accountId: string, action: Action, work: () => Promise<unknown>) => {
    try {
      await work();
      report[DONE_LIST[action]].push(accountId);
    } catch (err) {
      report.failed.push({ accountId, action, error: err instanceof Error ? err.message : String(err) });
    }
  };
  await inBatches(diff.create, (d) => attempt(d.accountId, 'create', () => upsert(queue, d)));
  await inBatches(diff.update, ({ desired }) =>
    attempt(desired.accountId, 'update', () => upsert(queue, desired)),
  );
  await inBatches(diff.remove, (id) =>
    attempt(accountIdOfScheduler(id) ?? id, 'remove', () => queue.removeJobScheduler(id)),
  );
}

/**
 * Makes the queue's job schedulers match the accounts: one per scheduled account, none
 * for accounts that are gone or lost their schedule. A scheduler already as wanted is not
 * written at all (an upsert would replace its pending job), so running this twice, or on
 * every deploy, changes nothing. Two schedulers reconciling different accounts files at
 * once (a rolling deploy) each write their own view; the last one wins.
 */
export async function reconcileSchedules(
  queue: SyncQueue,
  accounts: readonly ScheduledAccount[],
  logger: Logger,
): Promise<ReconcileReport> {
  const existing = await queue.getJobSchedulers();
  const diff = diffSchedules(planSchedules(accounts), existing);
  const report: ReconcileReport = {
    created: [],
    updated: [],
    removed: [],
    unchanged: diff.unchanged.map((d) => d.accountId),
    failed: [],
    foreign: existing.filter((s) => accountIdOfScheduler(s.key) === null).length,
  };
  // Why a scheduler changes, for the first few (a changed default would otherwise log 10 000 lines).
  for (const { desired, reasons } of diff.update.slice(0, LOGGED_IDS)) {
    logger.info({ accountId: desired.accountId, reasons }, 'schedule differs from the accounts file');
  }
  await applyDiff(queue, diff, report);
  logReport(logger, report);
  return report;
}
