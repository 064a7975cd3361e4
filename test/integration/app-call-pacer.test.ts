import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { AppCallPacer } from '../../src/pacing/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const keys = new RedisKeys(uniquePrefix('app-call-pacer'));
let redisA: Redis;
let redisB: Redis;

beforeAll(() => {
  redisA = createTestRedis();
  redisB = createTestRedis();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redisA, keys.prefix);
  await Promise.all([redisA.quit(), redisB.quit()]);
});

describe('AppCallPacer', () => {
  test('two workers (own connections) share one app’s rate: 20 calls at 100/s take about 190 ms', async () => {
    const a = new AppCallPacer({ redis: redisA, keys, ratePerSecond: 100 });
    const b = new AppCallPacer({ redis: redisB, keys, ratePerSecond: 100 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('wx-shared')));
    const elapsed = performance.now() - started;
    // 19 intervals of 10 ms after the first call; an unshared limiter would finish in ~90 ms.
    expect(elapsed).toBeGreaterThanOrEqual(185);
    expect(elapsed).toBeLessThan(1_000);
  });

  test('apps are paced independently', async () => {
    const pacer = new AppCallPacer({ redis: redisA, keys, ratePerSecond: 2 });
    await pacer.take('wx-one');
    const started = performance.now();
    await pacer.take('wx-two');
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('a wait is abandoned with the signal’s reason when the signal aborts', async () => {
    const pacer = new AppCallPacer({ redis: redisA, keys, ratePerSecond: 1 });
    await pacer.take('wx-abort');
    const controller = new AbortController();
    const reason = new Error('lock lost');
    const waiting = pacer.take('wx-abort', controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  test('rejects a rate that is not positive', () => {
    expect(() => new AppCallPacer({ redis: redisA, keys, ratePerSecond: 0 })).toThrow(RangeError);
  });
});
