import { describe, expect, test } from '@jest/globals';
import { quotaDay, SimClock } from '../../simulator/clock.js';
import { DailyQuotas, DEFAULT_DAILY_QUOTAS, resolveQuotaLimits } from '../../simulator/quotas.js';

const NOON_CHINA = Date.UTC(2025, 5, 1, 4, 0, 0);
const MIDNIGHT_CHINA = Date.UTC(2025, 5, 1, 16, 0, 0);

describe('SimClock', () => {
  test('sim time is real time plus an offset that only moves forward; reset returns to real time', () => {
    let real = 1_000;
    const clock = new SimClock(() => real);
    expect(clock.now()).toBe(1_000);
    clock.advance(5_000);
    real = 1_010;
    expect(clock.now()).toBe(6_010);
    expect(clock.offsetMs).toBe(5_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(clock.now()).toBe(1_010);
  });
});

describe('quotaDay', () => {
  test('the day changes at midnight China time (UTC+8)', () => {
    expect(quotaDay(MIDNIGHT_CHINA - 1)).toBe(quotaDay(NOON_CHINA));
    expect(quotaDay(MIDNIGHT_CHINA)).toBe(quotaDay(NOON_CHINA) + 1);
  });
});

describe('resolveQuotaLimits', () => {
  test('defaults from wechat-api.md', () => {
    const limits = resolveQuotaLimits(undefined);
    expect(limits.get('/cgi-bin/token')).toBe(2000);
    expect(limits.get('/cgi-bin/stable_token')).toBe(500_000);
    expect(limits.get('/cgi-bin/freepublish/batchget')).toBe(100);
    expect(limits.get('/cgi-bin/user/get')).toBe(500);
    expect(limits.size).toBe(Object.keys(DEFAULT_DAILY_QUOTAS).length);
  });

  test('overrides merge over the defaults; false switches every quota off', () => {
    const limits = resolveQuotaLimits({ '/cgi-bin/user/get': 3 });
    expect(limits.get('/cgi-bin/user/get')).toBe(3);
    expect(limits.get('/cgi-bin/token')).toBe(2000);
    expect(resolveQuotaLimits(false).size).toBe(0);
  });
});

describe('DailyQuotas', () => {
  test('counts calls up to the limit, refuses the next without counting it', () => {
    const quotas = new DailyQuotas(new Map([['/a', 2]]));
    expect(quotas.take('/a', NOON_CHINA)).toBe(true);
    expect(quotas.take('/a', NOON_CHINA)).toBe(true);
    expect(quotas.take('/a', NOON_CHINA)).toBe(false);
    expect(quotas.usage('/a', NOON_CHINA)).toEqual({ daily_limit: 2, used: 2, remain: 0 });
  });

  test('a path without a limit is never refused and has no usage', () => {
    const quotas = new DailyQuotas(new Map());
    for (let i = 0; i < 10; i++) expect(quotas.take('/b', NOON_CHINA)).toBe(true);
    expect(quotas.usage('/b', NOON_CHINA)).toBeNull();
  });

  test('counters start again when the sim-clock day changes', () => {
    const quotas = new DailyQuotas(new Map([['/a', 1]]));
    expect(quotas.take('/a', MIDNIGHT_CHINA - 1)).toBe(true);
    expect(quotas.take('/a', MIDNIGHT_CHINA - 1)).toBe(false);
    expect(quotas.take('/a', MIDNIGHT_CHINA)).toBe(true);
    expect(quotas.usage('/a', MIDNIGHT_CHINA)).toEqual({ daily_limit: 1, used: 1, remain: 0 });
  });

  test('new limits apply to the counts already made', () => {
    const quotas = new DailyQuotas(new Map([['/a', 1]]));
    quotas.take('/a', NOON_CHINA);
    quotas.setLimits(new Map([['/a', 3]]));
    expect(quotas.usage('/a', NOON_CHINA)).toEqual({ daily_limit: 3, used: 1, remain: 2 });
    quotas.reset();
    expect(quotas.usage('/a', NOON_CHINA)?.used).toBe(0);
  });
});
