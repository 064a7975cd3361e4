import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import {
  AccountLock,
  isFenceCurrent,
  StaleFenceError,
  toStaleFenceError,
  withFenceGuard,
} from '../../src/lock/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('fence-guard');
const keys = new RedisKeys(prefix);
const accountId = 'gh_fenced';
let redis: Redis;

// A store write as a store would write it: KEYS[2] and ARGV[2..] are the store's own.
const upsertLua = withFenceGuard(`
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
`);

function upsert(fence: number, id: string, value: string): Promise<unknown> {
  return redis.eval(upsertLua, 2, keys.fence(accountId), keys.data(accountId, 'articles'), fence, id, value);
}

beforeAll(() => {
  redis = createTestRedis();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('fence guard', () => {
  test('a stale holder is refused atomically; the current holder writes', async () => {
    const lock = new AccountLock({ redis, keys, ttlMs: 10_000 });
    const first = await lock.acquire(accountId, 'job-1');
    if (!first.acquired) throw new Error('expected the first acquire to succeed');
    expect(await upsert(first.lease.fence, 'a1', 'from-first')).toBe(1);

    // The first holder stalls past its lease; the lock expires and a second job takes it.
    await redis.del(keys.lock(accountId));
    const second = await lock.acquire(accountId, 'job-2');
    if (!second.acquired) throw new Error('expected the second acquire to succeed');

    const refused = await upsert(first.lease.fence, 'a1', 'stale').catch((err: unknown) => err);
    const stale = toStaleFenceError(refused, accountId);
    expect(stale).toBeInstanceOf(StaleFenceError);
    expect(stale).toMatchObject({ accountId, fence: first.lease.fence, currentFence: second.lease.fence });
    expect(await redis.hget(keys.data(accountId, 'articles'), 'a1')).toBe('from-first');

    expect(await upsert(second.lease.fence, 'a1', 'from-second')).toBe(1);
    expect(await redis.hget(keys.data(accountId, 'articles'), 'a1')).toBe('from-second');

    expect(await isFenceCurrent(redis, keys, accountId, first.lease.fence)).toBe(false);
    expect(await isFenceCurrent(redis, keys, accountId, second.lease.fence)).toBe(true);
    await Promise.all([first.lease.release(), second.lease.release()]);
  });

  test('other errors are not mistaken for a stale fence', () => {
    expect(toStaleFenceError(new Error('NOSCRIPT No matching script'), accountId)).toBeNull();
    expect(toStaleFenceError('STALE_FENCE 1 2', accountId)).toBeNull();
  });
});
