import { describe, expect, test } from '@jest/globals';
import { quotaLeft } from '../../src/console/quota-left.js';

const stored = (remain: number, dailyLimit: number) =>
  JSON.stringify({ dailyLimit, used: dailyLimit - remain, remain, checkedAt: 1_796_000_000_000 });

describe('the console quota column', () => {
  test('names the API with the smallest share left, not the smallest count', () => {
    const flat = [
      '/cgi-bin/user/get',
      stored(40, 500),
      '/cgi-bin/freepublish/batchget',
      stored(30, 100),
      '/cgi-bin/user/info/batchget',
      stored(90_000, 100_000),
    ];
    expect(quotaLeft(flat)).toBe('/cgi-bin/user/get 40/500');
  });

  test('nothing stored, or nothing readable, is unknown (null)', () => {
    expect(quotaLeft([])).toBeNull();
    expect(quotaLeft(null)).toBeNull();
    expect(quotaLeft(['/cgi-bin/user/get', 'not json', '/cgi-bin/x', '{"remain":"5"}'])).toBeNull();
  });

  test('an unreadable entry is left out, the others still count', () => {
    expect(quotaLeft(['/cgi-bin/a', '{', '/cgi-bin/freepublish/batchget', stored(7, 100)])).toBe(
      '/cgi-bin/freepublish/batchget 7/100',
    );
  });
});
