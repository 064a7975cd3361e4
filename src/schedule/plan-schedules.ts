import { createHash } from 'node:crypto';
import type { SyncJobData } from '../queue/job-data.js';
import { schedulerId } from '../queue/job-ids.js';
import { SYNC_JOB_OPTIONS } from '../queue/job-options.js';
import { SYNC_JOB } from '../queue/names.js';

/**
 * Time zone of cron schedules that name none. UTC, not the host's zone, so a pattern
 * means the same instant on every host and container (cron-parser otherwise uses the
 * process's local zone). An account that wants Beijing time writes `0 1 * * *` for
 * 09:00 CST, or names a `tz` once the accounts file carries one.
 */
export const DEFAULT_CRON_TZ = 'UTC';

/** What planning needs of an account; `Account` from src/config satisfies it. */
export interface ScheduledAccount {
  accountId: string;
  schedule: { kind: 'every'; everyMs: number } | { kind: 'cron'; pattern: string; tz?: string } | null;
}

export type ScheduleRepeat = { every: number; offset: number } | { pattern: string; tz: string };

/** The job every scheduler makes (BullMQ's template; deduplication and job ids are not allowed in it). */
export interface ScheduleTemplate {
  name: typeof SYNC_JOB;
  data: SyncJobData;
  opts: typeof SYNC_JOB_OPTIONS;
}

export interface DesiredSchedule {
  schedulerId: string;
  accountId: string;
  repeat: ScheduleRepeat;
  template: ScheduleTemplate;
}

/**
 * A stable phase in [1, everyMs) for one account. BullMQ aligns `every` schedulers to
 * epoch slots plus this offset, so an account fires at the same point of its interval
 * on every deploy, and a hash spreads 10 000 accounts over the interval instead of
 * firing them all when the scheduler starts. Never 0: BullMQ reads offset 0 as "none"
 * and then starts at once with a phase taken from the clock, which is neither stable
 * nor spread.
 */
export function stableOffset(accountId: string, everyMs: number): number {
  if (everyMs <= 1) return 0;
  // 48 bits of SHA-256 are plenty for a modulus below 2^31 and stay exact in a double.
  const hash = createHash('sha256').update(accountId).digest().readUIntBE(0, 6);
  return 1 + (hash % (everyMs - 1));
}

function repeatOf(schedule: NonNullable<ScheduledAccount['schedule']>, accountId: string): ScheduleRepeat {
  if (schedule.kind === 'every') {
    return { every: schedule.everyMs, offset: stableOffset(accountId, schedule.everyMs) };
  }
  return { pattern: schedule.pattern, tz: schedule.tz ?? DEFAULT_CRON_TZ };
}

/** One desired scheduler per account that has a schedule. Pure. */
export function planSchedules(accounts: readonly ScheduledAccount[]): DesiredSchedule[] {
  return accounts.flatMap((account) => {
    if (account.schedule === null) return [];
    return [
      {
        schedulerId: schedulerId(account.accountId),
        accountId: account.accountId,
        repeat: repeatOf(account.schedule, account.accountId),
        template: {
          name: SYNC_JOB,
          data: { accountId: account.accountId, force: false, trigger: 'schedule' },
          opts: SYNC_JOB_OPTIONS,
        },
      },
    ];
  });
}
