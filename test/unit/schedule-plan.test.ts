import { describe, expect, test } from '@jest/globals';
import { syncJobDataSchema } from '../../src/queue/job-data.js';
import { SYNC_JOB_OPTIONS } from '../../src/queue/job-options.js';
import { SYNC_JOB } from '../../src/queue/names.js';
import { DEFAULT_CRON_TZ, planSchedules, stableOffset } from '../../src/schedule/plan-schedules.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/** Sequential ids are the hard case for a hash: they differ in one or two characters. */
const manyIds = (n: number) => Array.from({ length: n }, (_, i) => `gh_${i.toString(16).padStart(12, '0')}`);

describe('stableOffset', () => {
  test('is the same for the same account on every call (so every deploy keeps the phase)', () => {
    const first = manyIds(200).map((id) => stableOffset(id, FIFTEEN_MINUTES));
    const again = manyIds(200).map((id) => stableOffset(id, FIFTEEN_MINUTES));
    expect(again).toEqual(first);
  });

  test('pins a known value: changing the hash would move every account to a new phase on deploy', () => {
    // 1 + (first 48 bits of sha256("gh_e4b07b2a992e6669") mod 899 999), worked out once with node:crypto.
    expect(stableOffset('gh_e4b07b2a992e6669', FIFTEEN_MINUTES)).toBe(296_880);
  });

  test('stays within [1, everyMs) and is never 0, which BullMQ would read as "no offset"', () => {
    const outside: string[] = [];
    for (const every of [10_000, 60_000, FIFTEEN_MINUTES, 24 * 3600_000]) {
      for (const id of manyIds(2_000)) {
        const offset = stableOffset(id, every);
        if (!Number.isInteger(offset) || offset < 1 || offset >= every)
          outside.push(`${id}@${every}: ${offset}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test('10 000 accounts on every 15m spread over the whole interval', () => {
    const perSecond = new Array<number>(FIFTEEN_MINUTES / 1000).fill(0);
    const perMinute = new Array<number>(15).fill(0);
    for (const id of manyIds(10_000)) {
      const offset = stableOffset(id, FIFTEEN_MINUTES);
      perSecond[Math.floor(offset / 1000)]! += 1;
      perMinute[Math.floor(offset / 60_000)]! += 1;
    }
    // 10 000 / 900 s = 11.1 a second on average; a uniform hash gives a Poisson-like
    // spread whose busiest second holds about twice that, never hundreds.
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(30);
    expect(perSecond.filter((n) => n === 0)).toHaveLength(0);
    // Each minute of the interval gets its share (667) within 10 %.
    for (const n of perMinute) {
      expect(n).toBeGreaterThan(600);
      expect(n).toBeLessThan(733);
    }
  });
});

describe('planSchedules', () => {
  const accounts = [
    { accountId: 'acc-every', schedule: { kind: 'every' as const, everyMs: FIFTEEN_MINUTES } },
    { accountId: 'acc-cron', schedule: { kind: 'cron' as const, pattern: '*/15 * * * *' } },
    {
      accountId: 'acc-cron-tz',
      schedule: { kind: 'cron' as const, pattern: '0 9 * * *', tz: 'Asia/Shanghai' },
    },
    { accountId: 'acc-manual', schedule: null },
  ];

  test('one schedule per account that has one; on-demand accounts get none', () => {
    const plan = planSchedules(accounts);
    expect(plan.map((d) => [d.accountId, d.schedulerId])).toEqual([
      ['acc-every', 'schedule-acc-every'],
      ['acc-cron', 'schedule-acc-cron'],
      ['acc-cron-tz', 'schedule-acc-cron-tz'],
    ]);
  });

  test('every gets its stable offset; cron runs in UTC unless the account names a zone', () => {
    const [every, cron, cronTz] = planSchedules(accounts);
    expect(every?.repeat).toEqual({
      every: FIFTEEN_MINUTES,
      offset: stableOffset('acc-every', FIFTEEN_MINUTES),
    });
    expect(cron?.repeat).toEqual({ pattern: '*/15 * * * *', tz: 'UTC' });
    expect(DEFAULT_CRON_TZ).toBe('UTC');
    expect(cronTz?.repeat).toEqual({ pattern: '0 9 * * *', tz: 'Asia/Shanghai' });
  });

  test('the template is a valid scheduled sync job with the shared options and no id or deduplication', () => {
    for (const desired of planSchedules(accounts)) {
      expect(desired.template.name).toBe(SYNC_JOB);
      expect(syncJobDataSchema.parse(desired.template.data)).toEqual({
        accountId: desired.accountId,
        force: false,
        trigger: 'schedule',
      });
      expect(desired.template.opts).toEqual(SYNC_JOB_OPTIONS);
      expect(desired.template.opts).not.toHaveProperty('jobId');
      expect(desired.template.opts).not.toHaveProperty('deduplication');
    }
  });
});
