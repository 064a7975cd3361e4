import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('enqueue');
let redis: Redis;
let queue: SyncQueue;

beforeAll(() => {
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
});

afterAll(async () => {
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('enqueueSync', () => {
  test('100 concurrent requests for one account while one waits make one job', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, () => enqueueSync(queue, { accountId: 'acc-dedup', trigger: 'api' })),
    );
    const ids = new Set(results.map((r) => r.jobId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(await queue.getWaitingCount()).toBe(1);
  });

  test('force makes a new job even while one waits', async () => {
    const first = await enqueueSync(queue, { accountId: 'acc-force', trigger: 'api' });
    const forced = await enqueueSync(queue, { accountId: 'acc-force', trigger: 'cli', force: true });
    expect(forced.deduplicated).toBe(false);
    expect(forced.jobId).not.toBe(first.jobId);
    const job = await queue.getJob(forced.jobId);
    expect(job?.data).toEqual({ accountId: 'acc-force', force: true, trigger: 'cli' });
  });

  test('other accounts are not deduplicated against each other', async () => {
    const a = await enqueueSync(queue, { accountId: 'acc-a', trigger: 'api' });
    const b = await enqueueSync(queue, { accountId: 'acc-b', trigger: 'api' });
    expect(a.jobId).not.toBe(b.jobId);
  });

  test('invalid input is refused before reaching Redis', async () => {
    await expect(enqueueSync(queue, { accountId: 'bad id', trigger: 'api' })).rejects.toThrow('accountId');
  });
});
