import { describe, expect, test } from '@jest/globals';
import { diffSchedules, type ExistingSchedule } from '../../src/schedule/diff-schedules.js';
import { type DesiredSchedule, planSchedules, stableOffset } from '../../src/schedule/plan-schedules.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * A scheduler as `queue.getJobSchedulers()` reads it back from Redis for what we upserted
 * (shape taken from BullMQ 6.7's transformSchedulerData): options come back with their keys
 * in another order, cron schedulers carry offset 0, plus `next` and `iterationCount`.
 */
function storedAs(desired: DesiredSchedule): ExistingSchedule & { next: number; iterationCount: number } {
  const { repeat, template } = desired;
  const opts = Object.fromEntries(Object.entries(template.opts).reverse());
  return {
    key: desired.schedulerId,
    name: template.name,
    next: 1_795_619_823_456,
    iterationCount: 3,
    ...('every' in repeat ? { every: repeat.every, offset: repeat.offset } : { ...repeat, offset: 0 }),
    template: { data: { ...template.data }, opts },
  };
}

const every = (accountId: string, everyMs = FIFTEEN_MINUTES) => ({
  accountId,
  schedule: { kind: 'every' as const, everyMs },
});
const cron = (accountId: string, pattern = '*/15 * * * *') => ({
  accountId,
  schedule: { kind: 'cron' as const, pattern },
});

describe('diffSchedules', () => {
  test('an empty queue: every desired schedule is created', () => {
    const desired = planSchedules([every('a'), cron('b')]);
    expect(diffSchedules(desired, [])).toEqual({ create: desired, update: [], remove: [], unchanged: [] });
  });

  test('what Redis reads back for our own upserts counts as unchanged', () => {
    const desired = planSchedules([every('a'), cron('b')]);
    const diff = diffSchedules(desired, desired.map(storedAs));
    expect(diff).toEqual({ create: [], update: [], remove: [], unchanged: desired });
  });

  test('a changed interval is an update that says what changed', () => {
    const [was] = planSchedules([every('a')]);
    const [now] = planSchedules([every('a', 10 * 60_000)]);
    const diff = diffSchedules([now!], [storedAs(was!)]);
    expect(diff.create).toEqual([]);
    expect(diff.unchanged).toEqual([]);
    expect(diff.update).toHaveLength(1);
    expect(diff.update[0]?.desired).toBe(now);
    expect(diff.update[0]?.reasons).toEqual([
      'every 900000 → 600000',
      `offset ${stableOffset('a', FIFTEEN_MINUTES)} → ${stableOffset('a', 10 * 60_000)}`,
    ]);
  });

  test('switching between every and cron, and changing a pattern or zone, are updates', () => {
    const cases: Array<[DesiredSchedule, DesiredSchedule, string]> = [
      [planSchedules([every('a')])[0]!, planSchedules([cron('a')])[0]!, 'pattern none → "*/15 * * * *"'],
      [planSchedules([cron('a')])[0]!, planSchedules([every('a')])[0]!, 'every none → 900000'],
      [
        planSchedules([cron('a')])[0]!,
        planSchedules([cron('a', '0 * * * *')])[0]!,
        'pattern "*/15 * * * *" → "0 * * * *"',
      ],
      [
        planSchedules([cron('a')])[0]!,
        planSchedules([
          { accountId: 'a', schedule: { kind: 'cron', pattern: '*/15 * * * *', tz: 'Asia/Shanghai' } },
        ])[0]!,
        'tz "UTC" → "Asia/Shanghai"',
      ],
    ];
    for (const [was, now, reason] of cases) {
      const diff = diffSchedules([now], [storedAs(was)]);
      expect(diff.update.map((u) => u.reasons)).toEqual([expect.arrayContaining([reason])]);
    }
  });

  test('a template or limit changed outside this system is put back', () => {
    const [desired] = planSchedules([every('a')]);
    const stored = storedAs(desired!);
    const edited: ExistingSchedule[] = [
      {
        ...stored,
        template: { ...stored.template, data: { accountId: 'a', force: true, trigger: 'schedule' } },
      },
      { ...stored, template: { ...stored.template, opts: { ...stored.template?.opts, attempts: 1 } } },
      { ...stored, limit: 3 },
      { ...stored, name: 'other-job' },
    ];
    for (const existing of edited) {
      expect(diffSchedules([desired!], [existing]).update).toHaveLength(1);
    }
  });

  test('our schedulers of accounts that are gone or lost their schedule are removed; foreign ones stay', () => {
    const stored = planSchedules([every('kept'), every('gone'), cron('manual-now')]).map(storedAs);
    const foreign = { ...storedAs(planSchedules([every('x')])[0]!), key: 'nightly-report' };
    const desired = planSchedules([every('kept'), { accountId: 'manual-now', schedule: null }]);
    const diff = diffSchedules(desired, [...stored, foreign]);
    expect(diff.remove.sort()).toEqual(['schedule-gone', 'schedule-manual-now']);
    expect(diff.unchanged.map((d) => d.accountId)).toEqual(['kept']);
    expect(diff.create).toEqual([]);
  });
});
