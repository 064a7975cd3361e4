import { isDeepStrictEqual } from 'node:util';
import type { JobSchedulerJson } from 'bullmq';
import { accountIdOfScheduler } from '../queue/job-ids.js';
import type { DesiredSchedule } from './plan-schedules.js';

/** A scheduler as `queue.getJobSchedulers()` returns it. */
export type ExistingSchedule = Pick<
  JobSchedulerJson<unknown>,
  'key' | 'name' | 'every' | 'offset' | 'pattern' | 'tz' | 'limit' | 'startDate' | 'endDate' | 'template'
>;

export interface ScheduleUpdate {
  desired: DesiredSchedule;
  /** What differs, for the log, e.g. `every 900000 → 600000`. */
  reasons: string[];
}

export interface ScheduleDiff {
  create: DesiredSchedule[];
  update: ScheduleUpdate[];
  /** Ids of our schedulers (made by schedulerId()) whose account no longer has a schedule. */
  remove: string[];
  unchanged: DesiredSchedule[];
}

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));

function change(label: string, was: unknown, wanted: unknown): string[] {
  return isDeepStrictEqual(was, wanted) ? [] : [`${label} ${show(was)} → ${show(wanted)}`];
}

/** Every way the stored scheduler differs from the desired one; empty = nothing to do. */
export function scheduleChanges(desired: DesiredSchedule, existing: ExistingSchedule): string[] {
  const { repeat, template } = desired;
  // A cron scheduler reads back with offset 0, which means nothing for it: not compared.
  const repeatChanges =
    'every' in repeat
      ? [
          ...change('every', existing.every, repeat.every),
          ...change('offset', existing.offset, repeat.offset),
          ...change('pattern', existing.pattern, undefined),
        ]
      : [
          ...change('pattern', existing.pattern, repeat.pattern),
          ...change('tz', existing.tz, repeat.tz),
          ...change('every', existing.every, undefined),
        ];
  return [
    ...repeatChanges,
    // Set by hand (Bull Board, a script): our schedulers have none of these.
    ...change('limit', existing.limit, undefined),
    ...change('startDate', existing.startDate, undefined),
    ...change('endDate', existing.endDate, undefined),
    ...change('job name', existing.name, template.name),
    ...change('job data', existing.template?.data, template.data),
    // Read back from Redis the keys come in another order; isDeepStrictEqual ignores order.
    ...change('job options', existing.template?.opts, template.opts),
  ];
}

/**
 * What to do to turn `existing` into `desired`. Pure. Schedulers whose id schedulerId()
 * did not make are someone else's (another system sharing the queue, a test) and are
 * never touched.
 */
export function diffSchedules(
  desired: readonly DesiredSchedule[],
  existing: readonly ExistingSchedule[],
): ScheduleDiff {
  const byId = new Map(existing.map((s) => [s.key, s]));
  const diff: ScheduleDiff = { create: [], update: [], remove: [], unchanged: [] };
  for (const want of desired) {
    const have = byId.get(want.schedulerId);
    if (!have) {
      diff.create.push(want);
      continue;
    }
    const reasons = scheduleChanges(want, have);
    if (reasons.length > 0) diff.update.push({ desired: want, reasons });
    else diff.unchanged.push(want);
  }
  const wanted = new Set(desired.map((d) => d.schedulerId));
  for (const have of existing) {
    if (!wanted.has(have.key) && accountIdOfScheduler(have.key) !== null) diff.remove.push(have.key);
  }
  return diff;
}
