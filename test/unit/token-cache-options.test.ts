import { describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../src/redis/keys.js';
import {
  resolveTokenCacheOptions,
  TOKEN_CACHE_DEFAULTS,
  type TokenCacheOptions,
} from '../../src/token/token-cache-options.js';

// Resolving options only copies these references; no command is ever sent.
const required: TokenCacheOptions = {
  redis: {} as Redis,
  keys: new RedisKeys('t-options'),
  source: { fetch: () => Promise.reject(new Error('not called')) },
};

describe('resolveTokenCacheOptions', () => {
  test('fills in the documented defaults; an undefined option counts as absent', () => {
    const resolved = resolveTokenCacheOptions({ ...required, waitTimeoutMs: undefined });
    expect(TOKEN_CACHE_DEFAULTS).toEqual({
      refreshMarginMs: 300_000,
      waitTimeoutMs: 15_000,
      refreshLockTtlMs: 30_000,
      recheckIntervalMs: 1_000,
      failureTtlMs: 10_000,
    });
    expect(resolved).toMatchObject(TOKEN_CACHE_DEFAULTS);
    expect(resolved.now).toBe(Date.now);
    expect(resolved.logger.level).toBe('silent');
  });

  test('keeps what the caller set, including a zero margin', () => {
    const now = () => 42;
    const resolved = resolveTokenCacheOptions({ ...required, refreshMarginMs: 0, waitTimeoutMs: 250, now });
    expect(resolved).toMatchObject({ refreshMarginMs: 0, waitTimeoutMs: 250, refreshLockTtlMs: 30_000 });
    expect(resolved.now).toBe(now);
  });

  test.each([
    ['waitTimeoutMs', 0, 'positive'],
    ['refreshLockTtlMs', -1, 'positive'],
    ['recheckIntervalMs', Number.NaN, 'positive'],
    ['failureTtlMs', Number.POSITIVE_INFINITY, 'positive'],
    ['refreshMarginMs', -5, 'non-negative'],
  ] as const)('%s = %p is refused as a programming error', (name, value, kind) => {
    expect(() => resolveTokenCacheOptions({ ...required, [name]: value })).toThrow(
      new RangeError(`TokenCache: ${name} must be a ${kind} number of ms`),
    );
  });
});
