import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { syncJobDataSchema } from '../../src/queue/job-data.js';
import { SYNC_JOB } from '../../src/queue/names.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { stableOffset } from '../../src/schedule/plan-schedules.js';
import { reconcileSchedules } from '../../src/schedule/reconcile-schedules.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { snapshotKeys } from '../helpers/redis-snapshot.js';

const prefix = uniquePrefix('scheduler');
const logger = pino({ level: 'silent' });
const FIFTEEN_MINUTES = 15 * 60_000;
let redis: Redis;
let queue: SyncQueue;

const every = (accountId: string, everyMs = FIFTEEN_MINUTES) => ({
  accountId,
  schedule: { kind: 'every' as const, everyMs },
});
const accounts = [
  every('acc-a'),
  every('acc-b', 60 * 60_000),
  { accountId: 'acc-c', schedule: { kind: 'cron' as const, pattern: '*/15 * * * *' } },
  { accountId: 'acc-manual', schedule: null },
];

beforeAll(async () => {
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
  // Someone else's scheduler on the same queue: reconcile must never touch it.
  await queue.upsertJobScheduler('nightly-report' as typeof SYNC_JOB, { pattern: '0 3 * * *' });
});

afterAll(async () => {
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

async function schedulerOf(accountId: string) {
  return queue.getJobScheduler(`schedule-${accountId}`);
}

describe('reconcileSchedules', () => {
  test('creates one scheduler per scheduled account, at its stable offset', async () => {
    const report = await reconcileSchedules(queue, accounts, logger);
    expect(report).toEqual({
      created: ['acc-a', 'acc-b', 'acc-c'],
      updated: [],
      removed: [],
      unchanged: [],
      failed: [],
      foreign: 1,
    });
    expect(await queue.getJobSchedulersCount()).toBe(4);
    expect(await schedulerOf('acc-manual')).toBeUndefined();
    const a = await schedulerOf('acc-a');
    expect(a).toMatchObject({ every: FIFTEEN_MINUTES, offset: stableOffset('acc-a', FIFTEEN_MINUTES) });
    // BullMQ aligns `every` to epoch slots plus the offset: the next run is at that phase.
    expect(a?.next).toBeDefined();
    expect(a!.next! % FIFTEEN_MINUTES).toBe(stableOffset('acc-a', FIFTEEN_MINUTES));
    expect(await schedulerOf('acc-c')).toMatchObject({ pattern: '*/15 * * * *', tz: 'UTC' });
  });

  test('the template and the pending job it made carry valid sync job data', async () => {
    for (const accountId of ['acc-a', 'acc-b', 'acc-c']) {
      const scheduler = await schedulerOf(accountId);
      const expected = { accountId, force: false, trigger: 'schedule' };
      expect(syncJobDataSchema.parse(scheduler?.template?.data)).toEqual(expected);
      const job = await queue.getJob(`repeat:schedule-${accountId}:${scheduler?.next}`);
      expect(job?.name).toBe(SYNC_JOB);
      expect(syncJobDataSchema.parse(job?.data)).toEqual(expected);
      expect(await job?.getState()).toBe('delayed');
      expect(job?.opts.attempts).toBe(5);
    }
  });

  test('a second run changes nothing: all unchanged and Redis byte for byte the same', async () => {
    const before = await snapshotKeys(redis, prefix);
    const report = await reconcileSchedules(queue, accounts, logger);
    expect(report).toEqual({
      created: [],
      updated: [],
      removed: [],
      unchanged: ['acc-a', 'acc-b', 'acc-c'],
      failed: [],
      foreign: 1,
    });
    // An upsert would bump the job id counter, add events and replace the pending job.
    expect(await snapshotKeys(redis, prefix)).toEqual(before);
  });

  test('a changed interval updates that scheduler only', async () => {
    const changed = accounts.map((a) => (a.accountId === 'acc-a' ? every('acc-a', 10 * 60_000) : a));
    const bBefore = await schedulerOf('acc-b');
    const report = await reconcileSchedules(queue, changed, logger);
    expect(report.updated).toEqual(['acc-a']);
    expect(report.unchanged).toEqual(['acc-b', 'acc-c']);
    const a = await schedulerOf('acc-a');
    expect(a).toMatchObject({ every: 10 * 60_000, offset: stableOffset('acc-a', 10 * 60_000) });
    expect(a!.next! % (10 * 60_000)).toBe(stableOffset('acc-a', 10 * 60_000));
    expect(await schedulerOf('acc-b')).toEqual(bBefore);
  });

  test('a removed account loses its scheduler and pending job; the foreign scheduler stays', async () => {
    const b = await schedulerOf('acc-b');
    const pendingJobId = `repeat:schedule-acc-b:${b?.next}`;
    expect(await queue.getJob(pendingJobId)).toBeDefined();
    const remaining = [every('acc-a', 10 * 60_000), accounts[2]!];
    const report = await reconcileSchedules(queue, remaining, logger);
    expect(report.removed).toEqual(['acc-b']);
    expect(report.unchanged).toEqual(['acc-a', 'acc-c']);
    expect(await schedulerOf('acc-b')).toBeUndefined();
    expect(await queue.getJob(pendingJobId)).toBeUndefined();
    expect(await queue.getJobScheduler('nightly-report')).toMatchObject({ pattern: '0 3 * * *' });
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
      'nightly-report',
      'schedule-acc-a',
      'schedule-acc-c',
    ]);
  });

  test('an account that loses its schedule (on demand only) loses its scheduler', async () => {
    const report = await reconcileSchedules(
      queue,
      [every('acc-a', 10 * 60_000), { accountId: 'acc-c', schedule: null }],
      logger,
    );
    expect(report.removed).toEqual(['acc-c']);
    expect(await schedulerOf('acc-c')).toBeUndefined();
  });
});
