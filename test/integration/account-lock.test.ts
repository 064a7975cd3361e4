import { once } from 'node:events';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import {
  type AccountLease,
  AccountLock,
  type AccountLockOptions,
  isFenceCurrent,
  LockError,
  LockLostError,
} from '../../src/lock/index.js';
import { createRedisConnection } from '../../src/redis/connection.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('account-lock');
const keys = new RedisKeys(prefix);
const LONG_TTL = 10_000;
let redis: Redis;
let accounts = 0;
const leases: AccountLease[] = [];

const newAccount = () => `gh_${++accounts}e4b07b2a992e`;

function lockWith(opts: Partial<AccountLockOptions> = {}): AccountLock {
  return new AccountLock({ redis, keys, ttlMs: LONG_TTL, host: 'host-a', ...opts });
}

async function mustAcquire(lock: AccountLock, accountId: string, jobId = 'job-1'): Promise<AccountLease> {
  const result = await lock.acquire(accountId, jobId);
  if (!result.acquired) throw new Error(`expected to acquire ${accountId}, held by ${result.holder?.owner}`);
  leases.push(result.lease);
  return result.lease;
}

async function lostReason(lease: AccountLease): Promise<LockLostError> {
  if (!lease.signal.aborted) await once(lease.signal, 'abort');
  expect(lease.signal.reason).toBeInstanceOf(LockLostError);
  return lease.signal.reason as LockLostError;
}

beforeAll(() => {
  redis = createTestRedis();
});

// Every test starts with no lease of another test still held or renewing.
afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.release()));
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('AccountLock acquireWithReads: a job start in one script', () => {
  test('a guard key refuses with its value and life, and leaves the lock and fence untouched', async () => {
    const accountId = newAccount();
    await redis.set(keys.block(accountId), '{"code":"IP_NOT_WHITELISTED"}', 'PX', 5_000);

    const result = await lockWith().acquireWithReads(accountId, 'job-1', { guard: keys.block(accountId) });

    expect(result).toEqual({
      acquired: false,
      guard: { value: '{"code":"IP_NOT_WHITELISTED"}', ttlMs: expect.any(Number) },
    });
    if (result.acquired || !('guard' in result)) return;
    expect(result.guard.ttlMs).toBeGreaterThan(0);
    expect(result.guard.ttlMs).toBeLessThanOrEqual(5_000);
    expect(await redis.exists(keys.lock(accountId), keys.lockHolder(accountId), keys.fence(accountId))).toBe(
      0,
    );
  });

  test('taken: reads the keys asked for after taking the lock, missing ones as null and {}', async () => {
    const accountId = newAccount();
    const state = keys.checkpoint(accountId, 'articles');
    const absent = keys.checkpoint(accountId, 'followers');
    const hash = keys.apiQuota(accountId);
    await redis.set(state, '{"checkpoint":null}');
    await redis.hset(hash, '/cgi-bin/user/get', '{"remain":1}');

    const result = await lockWith().acquireWithReads(accountId, 'job-1', {
      guard: keys.block(accountId),
      strings: [state, absent],
      // A key of the same `{accountId}` tag that does not exist.
      hashes: [hash, `${hash}:absent`],
    });

    if (!result.acquired) throw new Error('expected the lock');
    leases.push(result.lease);
    expect(result.strings).toEqual(['{"checkpoint":null}', null]);
    expect(result.hashes).toEqual([{ '/cgi-bin/user/get': '{"remain":1}' }, {}]);
    expect(await redis.get(keys.lock(accountId))).toBe(result.lease.owner);
    expect(Number(await redis.get(keys.fence(accountId)))).toBe(result.lease.fence);
  });

  test('busy: the holder as acquire() reports it, nothing read', async () => {
    const accountId = newAccount();
    const first = await mustAcquire(lockWith(), accountId, 'job-1');

    const second = await lockWith({ host: 'host-b' }).acquireWithReads(accountId, 'job-2', {
      guard: keys.block(accountId),
      strings: [keys.checkpoint(accountId, 'articles')],
    });

    expect(second).toEqual({
      acquired: false,
      holder: expect.objectContaining({ owner: first.owner }),
      ttlMs: expect.any(Number),
    });
  });
});

describe('AccountLock acquire and release', () => {
  test('acquire records the holder with the TTL; release deletes lock and holder', async () => {
    const accountId = newAccount();
    const lease = await mustAcquire(lockWith({ now: () => 1_700_000_000_000 }), accountId, 'job-7');

    expect(lease.owner).toMatch(new RegExp(`^host-a:${process.pid}:job-7:[0-9a-f]{16}$`));
    expect(await redis.get(keys.lock(accountId))).toBe(lease.owner);
    expect(await lockWith().holder(accountId)).toEqual({
      owner: lease.owner,
      jobId: 'job-7',
      host: 'host-a',
      pid: process.pid,
      since: 1_700_000_000_000,
      fence: lease.fence,
    });
    for (const key of [keys.lock(accountId), keys.lockHolder(accountId)]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(LONG_TTL);
    }

    expect(await lease.release()).toEqual({ released: true });
    expect(await redis.exists(keys.lock(accountId), keys.lockHolder(accountId))).toBe(0);
    expect(await lockWith().holder(accountId)).toBeNull();
    expect(lease.signal.aborted).toBe(false);
    // Idempotent: the second call reports the first call's outcome and deletes nothing new.
    expect(await lease.release()).toEqual({ released: true });
  });

  test('a second acquire while held is busy, not an error, and names the first holder', async () => {
    const accountId = newAccount();
    const first = await mustAcquire(lockWith(), accountId, 'job-1');

    const second = await lockWith({ host: 'host-b' }).acquire(accountId, 'job-2');

    expect(second.acquired).toBe(false);
    if (second.acquired) return;
    expect(second.holder).toEqual({
      owner: first.owner,
      jobId: 'job-1',
      host: 'host-a',
      pid: process.pid,
      since: expect.any(Number),
      fence: first.fence,
    });
    expect(second.ttlMs).toBeGreaterThan(0);
    expect(second.ttlMs).toBeLessThanOrEqual(LONG_TTL);
    expect(await redis.get(keys.lock(accountId))).toBe(first.owner);
  });

  test('a stale lease (expired, re-taken by another) cannot release the new holder', async () => {
    const accountId = newAccount();
    const stale = await mustAcquire(lockWith(), accountId, 'job-1');
    // What expiry does, without waiting for it.
    await redis.del(keys.lock(accountId), keys.lockHolder(accountId));
    const current = await mustAcquire(lockWith({ host: 'host-b' }), accountId, 'job-2');

    expect(await stale.release()).toEqual({ released: false });

    expect(await redis.get(keys.lock(accountId))).toBe(current.owner);
    expect((await lockWith().holder(accountId))?.owner).toBe(current.owner);
    expect(current.fence).toBeGreaterThan(stale.fence);
    expect(await current.release()).toEqual({ released: true });
  });

  test('the fence starts at 1 per account and grows by one on every acquisition', async () => {
    const accountId = newAccount();
    const lock = lockWith();
    const fences: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lease = await mustAcquire(lock, accountId, `job-${i}`);
      fences.push(lease.fence);
      await lease.release();
    }
    expect(fences).toEqual([1, 2, 3]);
    expect(await redis.get(keys.fence(accountId))).toBe('3');
  });
});

describe('AccountLock listHolders and forceRelease', () => {
  test('lists the holders of this prefix only, and force-releases by owner only', async () => {
    const lock = lockWith();
    const [a, b] = [newAccount(), newAccount()];
    const leaseA = await mustAcquire(lock, a, 'job-a');
    const leaseB = await mustAcquire(lock, b, 'job-b');
    // Keys of a neighbouring prefix with glob characters must not leak into either listing.
    const oddKeys = new RedisKeys(`${prefix}:[odd]*`);
    const oddLock = new AccountLock({ redis, keys: oddKeys, ttlMs: LONG_TTL });
    const oddLease = await mustAcquire(oddLock, a, 'job-odd');

    const listed = (await lock.listHolders()).sort((x, y) => x.accountId.localeCompare(y.accountId));
    expect(listed.map((l) => [l.accountId, l.holder.owner, l.holder.jobId])).toEqual([
      [a, leaseA.owner, 'job-a'],
      [b, leaseB.owner, 'job-b'],
    ]);
    for (const { ttlMs } of listed) expect(ttlMs).toBeGreaterThan(0);
    expect((await oddLock.listHolders()).map((l) => l.holder.owner)).toEqual([oddLease.owner]);

    expect(await lock.forceRelease(a, 'somebody-else')).toBe(false);
    expect(await redis.get(keys.lock(a))).toBe(leaseA.owner);

    expect(await lock.forceRelease(a, leaseA.owner)).toBe(true);
    expect(await redis.exists(keys.lock(a), keys.lockHolder(a))).toBe(0);
    expect((await lock.listHolders()).map((l) => l.accountId)).toEqual([b]);
    expect(await leaseA.release()).toEqual({ released: false });
  });
});

describe('AccountLease renewal', () => {
  const SHORT_TTL = 300;

  test('keeps the lock alive well past its TTL while held', async () => {
    // Twice the short TTL: a busy CI machine stalling the event loop must not expire it.
    const ttlMs = 2 * SHORT_TTL;
    const accountId = newAccount();
    const lease = await mustAcquire(lockWith({ ttlMs }), accountId);
    const start = performance.now();
    let renewals = 0;
    // Each wait ends on a renewal event; it rejects at once if the lease is lost instead.
    while (performance.now() - start < ttlMs * 1.5) {
      await once(lease, 'renewed', { signal: lease.signal });
      renewals++;
    }

    // Outliving 1.5 TTL takes at least two renewals, each sent before the previous expiry.
    expect(renewals).toBeGreaterThanOrEqual(2);
    expect(await redis.get(keys.lock(accountId))).toBe(lease.owner);
    expect(await redis.pttl(keys.lock(accountId))).toBeGreaterThan(0);
    expect(await redis.pttl(keys.lockHolder(accountId))).toBeGreaterThan(0);
    expect(lease.signal.aborted).toBe(false);
    expect(await lease.release()).toEqual({ released: true });
  });

  test('a lock overwritten by another owner aborts the signal at the next renewal (taken)', async () => {
    const accountId = newAccount();
    const lease = await mustAcquire(lockWith({ ttlMs: SHORT_TTL }), accountId);
    await redis.set(keys.lock(accountId), 'intruder', 'PX', LONG_TTL);

    const reason = await lostReason(lease);

    expect(reason).toMatchObject({
      name: 'LockLostError',
      accountId,
      owner: lease.owner,
      fence: lease.fence,
      reason: 'taken',
    });
    expect(await lease.release()).toEqual({ released: false });
    expect(await redis.get(keys.lock(accountId))).toBe('intruder');
  });

  test('a deleted lock aborts the signal at the next renewal (absent)', async () => {
    const accountId = newAccount();
    const lease = await mustAcquire(lockWith({ ttlMs: SHORT_TTL }), accountId);
    await redis.del(keys.lock(accountId));

    expect(await lostReason(lease)).toMatchObject({ accountId, owner: lease.owner, reason: 'absent' });
  });
});

describe('AccountLock when Redis fails', () => {
  test('acquire against a closed port throws LockError(acquire) carrying the cause', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const dead = createRedisConnection(`redis://127.0.0.1:${port}`, 'client', { maxRetriesPerRequest: 0 });
    dead.on('error', () => {}); // connection refusals are the point of this test
    try {
      const lock = new AccountLock({ redis: dead, keys, ttlMs: LONG_TTL });
      const error = await lock.acquire('gh_dead', 'job-1').then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(LockError);
      expect(error).toMatchObject({
        name: 'LockError',
        accountId: 'gh_dead',
        operation: 'acquire',
        retry: 'backoff',
      });
      const cause = (error as LockError).cause;
      expect(cause).toBeInstanceOf(Error);
      expect((error as LockError).message).toContain((cause as Error).message);
    } finally {
      dead.disconnect();
    }
  });

  test('renewal errors are logged and emitted, the lease expires, release returns the error', async () => {
    const conn = createRedisConnection(TEST_REDIS_URL, 'client', { maxRetriesPerRequest: 0 });
    const logged: Array<{ level: number; msg: string; err?: { operation?: string } }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const accountId = newAccount();
    const lock = new AccountLock({ redis: conn, keys, ttlMs: 300, logger });
    const lease = await mustAcquire(lock, accountId);
    conn.disconnect();

    const [renewError] = await once(lease, 'renew-error');
    const reason = await lostReason(lease);

    expect(renewError).toMatchObject({ name: 'LockError', accountId, operation: 'renew' });
    expect(reason).toMatchObject({ accountId, owner: lease.owner, reason: 'expired' });
    expect(reason.cause).toBeInstanceOf(LockError);
    const released = await lease.release();
    expect(released.released).toBe(false);
    expect(released.error).toMatchObject({ name: 'LockError', accountId, operation: 'release' });
    expect(logged.map((l) => [l.level, l.msg])).toContainEqual([
      40,
      'lock renewal failed; retrying until the lease runs out',
    ]);
    expect(logged.map((l) => l.msg)).toContain('account lock lost; aborting the job run');
  });
});

describe('AccountLock under contention', () => {
  test('20 concurrent acquirers on one account: never two holders at once, fences in order', async () => {
    const accountId = newAccount();
    const connections = Array.from({ length: 20 }, () => createTestRedis());
    const fences: number[] = [];
    let inFlight = 0;
    let busy = 0;

    const worker = async (conn: Redis, w: number) => {
      const lock = new AccountLock({ redis: conn, keys, ttlMs: 5_000, host: `worker-${w}` });
      for (let done = 0; done < 3; ) {
        const result = await lock.acquire(accountId, `job-${w}-${done}`);
        if (!result.acquired) {
          busy++;
          continue;
        }
        inFlight++;
        expect(inFlight).toBe(1);
        fences.push(result.lease.fence);
        // Hold across a Redis round trip so other workers really run while it is held.
        expect(await isFenceCurrent(conn, keys, accountId, result.lease.fence)).toBe(true);
        inFlight--;
        expect(await result.lease.release()).toEqual({ released: true });
        done++;
      }
    };

    try {
      await Promise.all(connections.map((conn, w) => worker(conn, w)));
    } finally {
      await Promise.all(connections.map((conn) => conn.quit()));
    }
    expect(fences).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(busy).toBeGreaterThan(0);
  });
});
