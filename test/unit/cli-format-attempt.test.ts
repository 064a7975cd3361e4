import { describe, expect, test } from '@jest/globals';
import { formatAttemptStarted, formatRetryLine, formatSyncingLine } from '../../src/cli/format-attempt.js';

describe('sync --wait attempt lines', () => {
  const now = Date.parse('2026-12-04T16:02:00.000Z');

  test('a retried attempt names the error and the next attempt time', () => {
    const data = {
      phase: 'retrying',
      attempt: 2,
      attempts: 5,
      error: { code: 'TRANSIENT', message: 'WeChat call failed (busy)' },
      nextAttemptAt: '2026-12-04T16:02:12.400Z',
    };
    expect(formatRetryLine('j1', data, now)).toBe(
      'job j1: attempt 2 of 5 failed (TRANSIENT: WeChat call failed (busy)); next attempt at 16:02:12 UTC (in 12 s)',
    );
  });

  test('other progress is not a retry line; syncing progress makes the terminal line', () => {
    const syncing = { phase: 'syncing', kind: 'articles', pages: 2, fetched: 40, total: 45 };
    expect(formatRetryLine('j1', syncing, now)).toBeNull();
    expect(formatRetryLine('j1', null, now)).toBeNull();
    expect(formatSyncingLine('j1', syncing)).toBe('job j1: syncing articles, page 2, 40 of 45 records');
    expect(formatSyncingLine('j1', { phase: 'failed' })).toBeNull();
  });

  test('an attempt starting counts from the finished ones', () => {
    expect(formatAttemptStarted('j1', 0, 5)).toBe('job j1: attempt 1 of 5 running');
  });
});

describe('failed job filter (jobs list/retry/clean)', () => {
  test('by account and by reason code, case-insensitive; the reason comes from the diagnostic', async () => {
    const { matchesFilter, reasonOf } = await import('../../src/cli/failed-jobs.js');
    expect(reasonOf({ progress: { phase: 'failed', diagnostic: { code: 'RETRIES_EXHAUSTED' } } })).toBe(
      'RETRIES_EXHAUSTED',
    );
    expect(reasonOf({ progress: 0 })).toBe('ERROR');
    const view = { accountId: 'gh_a', reason: 'IP_NOT_WHITELISTED' };
    expect(matchesFilter(view, {})).toBe(true);
    expect(matchesFilter(view, { account: 'gh_a', reason: 'ip_not_whitelisted' })).toBe(true);
    expect(matchesFilter(view, { account: 'gh_b' })).toBe(false);
    expect(matchesFilter(view, { reason: 'TRANSIENT' })).toBe(false);
  });
});
