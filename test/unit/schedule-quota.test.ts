import { describe, expect, test } from '@jest/globals';
import { runsPerDay, scheduleQuotaWarnings } from '../../src/schedule/index.js';

describe("schedules against WeChat's daily list quotas", () => {
  test('runs per day of every and cron schedules', () => {
    expect(runsPerDay({ kind: 'every', everyMs: 15 * 60_000 })).toBe(96);
    expect(runsPerDay({ kind: 'cron', pattern: '*/15 * * * *' })).toBe(96);
    expect(runsPerDay({ kind: 'cron', pattern: '0 */2 * * *' })).toBe(12);
    expect(runsPerDay({ kind: 'cron', pattern: '*/30 * * * * *' })).toBe(2880);
  });

  test('every 15 min fits articles (100 a day); every 10 min does not; followers allow 500', () => {
    const accounts = [
      {
        accountId: 'ok',
        schedule: { kind: 'every' as const, everyMs: 15 * 60_000 },
        sync: ['articles' as const],
      },
      {
        accountId: 'busy',
        schedule: { kind: 'cron' as const, pattern: '*/10 * * * *' },
        sync: ['articles' as const, 'followers' as const],
      },
      { accountId: 'manual', schedule: null, sync: ['articles' as const] },
    ];
    const warnings = scheduleQuotaWarnings(accounts);
    expect(warnings.map((w) => [w.accountId, w.kind, w.runsPerDay, w.perDay])).toEqual([
      ['busy', 'articles', 144, 100],
    ]);
    expect(warnings[0]?.message).toBe(
      'account busy: its schedule runs 144 times a day, but WeChat allows 100 freepublish/batchget calls a day (articles): the quota is spent after about 16.7 h and later syncs fail with 45009; schedule it at most every 15 minutes',
    );
    const minutely = scheduleQuotaWarnings([
      { accountId: 'm', schedule: { kind: 'every', everyMs: 60_000 }, sync: ['followers'] },
    ]);
    expect(minutely.map((w) => [w.kind, w.runsPerDay, w.perDay])).toEqual([['followers', 1440, 500]]);
  });
});
