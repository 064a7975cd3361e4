import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { enqueueSync, enqueueSyncBulk } from '../../src/queue/enqueue-sync.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('enqueue-bulk');
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

describe('enqueueSyncBulk', () => {
  test('adds one job per account, in input order, with the default job options', async () => {
    const ids = ['bulk-a', 'bulk-b', 'bulk-c'];
    const results = await enqueueSyncBulk(
      queue,
      ids.map((accountId) => ({ accountId, trigger: 'api' as const })),
    );
    expect(results.map((r) => r.deduplicated)).toEqual([false, false, false]);
    const jobs = await Promise.all(results.map((r) => queue.getJob(r.jobId)));
    expect(jobs.map((job) => job?.data.accountId)).toEqual(ids);
    expect(jobs.map((job) => job?.opts.attempts)).toEqual([5, 5, 5]);
  });

  test('deduplicates against a waiting job and within the batch, like enqueueSync', async () => {
    const waiting = await enqueueSync(queue, { accountId: 'bulk-dup', trigger: 'api' });
    const [again, other, sameBatch] = await enqueueSyncBulk(queue, [
      { accountId: 'bulk-dup', trigger: 'schedule' },
      { accountId: 'bulk-new', trigger: 'api' },
      { accountId: 'bulk-new', trigger: 'api' },
    ]);
    expect(again).toEqual({ jobId: waiting.jobId, deduplicated: true });
    expect(other?.deduplicated).toBe(false);
    expect(sameBatch).toEqual({ jobId: other?.jobId, deduplicated: true });
  });

  test('force bypasses deduplication', async () => {
    const results = await enqueueSyncBulk(queue, [
      { accountId: 'bulk-force', trigger: 'cli', force: true },
      { accountId: 'bulk-force', trigger: 'cli', force: true },
    ]);
    expect(new Set(results.map((r) => r.jobId)).size).toBe(2);
  });

  test('one invalid input adds nothing', async () => {
    const before = await queue.getWaitingCount();
    await expect(
      enqueueSyncBulk(queue, [
        { accountId: 'bulk-ok', trigger: 'api' },
        { accountId: 'bad id', trigger: 'api' },
      ]),
    ).rejects.toThrow('accountId');
    expect(await queue.getWaitingCount()).toBe(before);
  });

  test('an empty list is no round trip and no job', async () => {
    expect(await enqueueSyncBulk(queue, [])).toEqual([]);
  });
});
