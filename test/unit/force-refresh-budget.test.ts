import { describe, expect, test } from '@jest/globals';
import { outcomeCodeOf } from '../../src/metrics/index.js';
import { computeBackoff, DEFAULT_BACKOFF } from '../../src/queue/backoff.js';
import { chinaDay } from '../../src/token/force-refresh-budget.js';
import { ForceRefreshBudgetError } from '../../src/token/force-refresh-budget-error.js';

describe('ForceRefreshBudgetError', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  const err = new ForceRefreshBudgetError({
    appId: 'wx1234567890abcdef',
    reason: 'daily',
    retryAt: Date.parse('2026-03-01T16:00:00Z'),
    dailyLimit: 20,
    spacingMs: 30_000,
  });

  test('a job refused by the budget waits until it reopens, whatever the attempt', () => {
    expect(computeBackoff(1, err, now, DEFAULT_BACKOFF, () => 0)).toBe(6 * 3_600_000);
    expect(computeBackoff(4, err, now, DEFAULT_BACKOFF, () => 0)).toBe(6 * 3_600_000);
  });

  test('says what was refused and until when; crosses processes as plain data', () => {
    expect(err.message).toBe(
      'Forced token refresh of wx1234567890abcdef refused: the 20 forced refreshes WeChat allows a day are used up; allowed again at 2026-03-01T16:00:00.000Z',
    );
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'ForceRefreshBudgetError',
      message: err.message,
      retry: 'after',
      code: 'FORCE_REFRESH_BUDGET',
      appId: 'wx1234567890abcdef',
      reason: 'daily',
      retryAt: err.retryAt,
    });
    expect(outcomeCodeOf(err)).toBe('FORCE_REFRESH_BUDGET');
  });

  test('the budget day is the China-time day (midnight UTC+8)', () => {
    expect(chinaDay(Date.parse('2026-03-01T15:59:59Z'))).toBe(chinaDay(Date.parse('2026-03-01T00:00:00Z')));
    expect(chinaDay(Date.parse('2026-03-01T16:00:00Z'))).toBe(
      chinaDay(Date.parse('2026-03-01T15:59:59Z')) + 1,
    );
  });
});
