import { describe, expect, test } from '@jest/globals';
import { computeBackoff, DEFAULT_BACKOFF } from '../../src/queue/backoff.js';
import {
  InvalidRequestError,
  IpNotWhitelistedError,
  QuotaError,
  TokenNotRenewedError,
  TransientError,
  UnknownWeChatError,
} from '../../src/wechat/errors/index.js';

const ctx = {
  errcode: null,
  errmsg: 'x',
  rid: null,
  appId: 'wx0123456789abcdef',
  endpoint: '/cgi-bin/token',
};
const transient = new TransientError({ ...ctx, kind: 'timeout' });

describe('computeBackoff', () => {
  test('doubles per attempt, inside the jitter band', () => {
    for (const attempt of [1, 2, 3, 4]) {
      const full = DEFAULT_BACKOFF.baseDelayMs * 2 ** (attempt - 1);
      expect(computeBackoff(attempt, transient, 0, DEFAULT_BACKOFF, () => 0)).toBe(
        full * (1 - DEFAULT_BACKOFF.jitter),
      );
      expect(computeBackoff(attempt, transient, 0, DEFAULT_BACKOFF, () => 0.999999)).toBe(full - 1);
    }
  });

  test('is capped at maxDelayMs', () => {
    expect(computeBackoff(40, transient, 0, DEFAULT_BACKOFF, () => 0.999999)).toBeLessThan(
      DEFAULT_BACKOFF.maxDelayMs,
    );
  });

  test('spreads retries of many jobs', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoff(2, transient, 0)));
    expect(delays.size).toBeGreaterThan(10);
  });

  test('a quota error waits for the quota window whatever the attempt', () => {
    const now = 1_000_000;
    const quota = new QuotaError({ ...ctx, errcode: 45009, scope: 'daily', retryAt: now + 3_600_000 });
    const delay = computeBackoff(1, quota, now, DEFAULT_BACKOFF, () => 0.5);
    expect(delay).toBe(3_600_000 + DEFAULT_BACKOFF.baseDelayMs / 2);
  });

  test('a never-retry WeChat error fails the job now', () => {
    const ip = new IpNotWhitelistedError({ ...ctx, errcode: 40164, ip: '1.2.3.4', ipv6: null });
    expect(computeBackoff(1, ip, 0)).toBe(-1);
  });

  test('a forced refresh that renewed nothing waits for the 30 s spacing', () => {
    const now = 1_000_000;
    const err = new TokenNotRenewedError({ ...ctx, retryAt: now + 30_000 });
    expect(computeBackoff(1, err, now, DEFAULT_BACKOFF, () => 0)).toBe(30_000);
  });

  test('a malformed request (our bug) fails the job now', () => {
    expect(computeBackoff(1, new InvalidRequestError({ ...ctx, errcode: 47001 }), 0)).toBe(-1);
  });

  test('an unknown errcode is retried twice, then the safety net fails it', () => {
    const unknown = new UnknownWeChatError({ ...ctx, errcode: 99999 });
    expect(computeBackoff(1, unknown, 0)).toBeGreaterThan(0);
    expect(computeBackoff(2, unknown, 0)).toBeGreaterThan(0);
    expect(computeBackoff(3, unknown, 0)).toBe(-1);
  });
});
