import { describe, expect, test } from '@jest/globals';
import {
  addDays,
  backfillWindow,
  beijingDay,
  beijingMidnightSec,
  dayRange,
  isDay,
  latestReadyDay,
} from '../../src/analytics/beijing-days.js';
import { planRequests } from '../../src/analytics/plan-requests.js';

describe('Beijing days', () => {
  test('an instant belongs to its Beijing day (UTC+8)', () => {
    expect(beijingDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(beijingDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  test('yesterday is served only after 08:00 Beijing time', () => {
    // 07:59 Beijing on 2026-03-02 = 23:59 UTC on 03-01: the newest day is 02-28.
    expect(latestReadyDay(Date.parse('2026-03-01T23:59:00Z'))).toBe('2026-02-28');
    // 08:00 Beijing: yesterday (03-01) is ready.
    expect(latestReadyDay(Date.parse('2026-03-02T00:00:00Z'))).toBe('2026-03-01');
  });

  test('the backfill window ends at the newest ready day and never starts before 2014-12-01', () => {
    expect(backfillWindow(Date.parse('2026-03-02T01:00:00Z'), 30)).toEqual({
      from: '2026-01-31',
      to: '2026-03-01',
    });
    expect(backfillWindow(Date.parse('2014-12-10T01:00:00Z'), 30)).toEqual({
      from: '2014-12-01',
      to: '2014-12-09',
    });
  });

  test('day arithmetic across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayRange('2025-12-30', '2026-01-02')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
    expect(beijingMidnightSec('2026-01-01')).toBe(Date.parse('2025-12-31T16:00:00Z') / 1000);
  });

  test.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-01', ''])('%p is not a day', (text) => {
    expect(isDay(text)).toBe(false);
  });
});

describe('planRequests', () => {
  const window = { from: '2026-01-01', to: '2026-01-20' };

  test('nothing stored: spans of the API size, oldest first', () => {
    expect(planRequests(window, new Set(), 7, 100)).toEqual([
      { begin: '2026-01-01', end: '2026-01-07' },
      { begin: '2026-01-08', end: '2026-01-14' },
      { begin: '2026-01-15', end: '2026-01-20' },
    ]);
  });

  test('only the gaps are asked for, a stored day cuts a span', () => {
    const stored = new Set(
      dayRange('2026-01-01', '2026-01-20').filter(
        (d) => d !== '2026-01-05' && d !== '2026-01-06' && d !== '2026-01-19',
      ),
    );
    expect(planRequests(window, stored, 7, 100)).toEqual([
      { begin: '2026-01-05', end: '2026-01-06' },
      { begin: '2026-01-19', end: '2026-01-19' },
    ]);
  });

  test('one-day APIs get one request per missing day, at most maxCalls, oldest first', () => {
    expect(planRequests(window, new Set(), 1, 3)).toEqual([
      { begin: '2026-01-01', end: '2026-01-01' },
      { begin: '2026-01-02', end: '2026-01-02' },
      { begin: '2026-01-03', end: '2026-01-03' },
    ]);
  });

  test('a complete window needs no request', () => {
    expect(planRequests(window, new Set(dayRange(window.from, window.to)), 7, 100)).toEqual([]);
  });
});
