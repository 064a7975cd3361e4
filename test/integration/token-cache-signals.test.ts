import { afterAll, describe, expect, test } from '@jest/globals';
import { RefreshSignals } from '../../src/token/token-cache-signals.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('token-signals');
const redis = createTestRedis();
const log = captureLog();

afterAll(async () => {
  await redis.quit();
});

describe('RefreshSignals', () => {
  test('watches started while the subscriber connection is still in its handshake all subscribe (redis/ioredis#2037)', async () => {
    const signals = new RefreshSignals(redis, log.logger);
    try {
      // One watch per event-loop turn until the first subscription is confirmed: the
      // subscriber connection opens with the first, so later ones land in every phase of
      // its start, including the handshake window where ioredis 5 mixes them with INFO.
      const watches: Promise<unknown>[] = [];
      let firstDone = false;
      const first = signals.watch(`${prefix}:0`).finally(() => {
        firstDone = true;
      });
      watches.push(first);
      while (!firstDone && watches.length < 5_000) {
        watches.push(signals.watch(`${prefix}:${watches.length}`));
        await new Promise((resolve) => setImmediate(resolve));
      }
      const settled = await Promise.allSettled(watches);
      const failed = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason));
      expect(failed).toEqual([]);
      expect(watches.length).toBeGreaterThan(1);

      // The last channel watched really is subscribed: a publish wakes its waiter.
      const last = (await watches[watches.length - 1]) as Awaited<ReturnType<RefreshSignals['watch']>>;
      const woke = last.next(5_000);
      await redis.publish(`${prefix}:${watches.length - 1}`, 'refreshed');
      expect(await woke).toBe('signal');
    } finally {
      await signals.close();
    }
  });
});
