import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { SYNC_JOB } from '../../src/queue/names.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { closeWorkerGracefully } from '../../src/worker/close-worker.js';
import { createSyncWorker, type SyncWorker } from '../../src/worker/create-sync-worker.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

/*
 * Regression: closeWorkerGracefully called worker.close() and, past the grace period,
 * worker.close(true). BullMQ's close() returns the promise of its first call, so the
 * "forced" close waited for the running jobs like the first one did: SIGTERM waited for
 * a sync of any length and SHUTDOWN_GRACE_MS bounded nothing.
 */

const prefix = uniquePrefix('worker-close');
const FORCED = 'running jobs did not finish within the grace period; leaving them to be retried as stalled';
let redis: Redis;
let queue: SyncQueue;
const connections: Redis[] = [];

/** A worker whose one job runs until the test lets it finish. */
async function workerWithHeldJob(): Promise<{ worker: SyncWorker; finish: () => void; jobId: string }> {
  let finish = () => {};
  const held = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let started = () => {};
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const connection = createTestRedis();
  connections.push(connection);
  const worker = createSyncWorker({
    connection,
    prefix,
    concurrency: 1,
    processor: async () => {
      started();
      await held;
      return { done: true };
    },
  });
  // Past a forced close BullMQ may report the abandoned job's bookkeeping here.
  worker.on('error', () => {});
  const job = await queue.add(SYNC_JOB, { accountId: 'gh_close', force: false, trigger: 'api' });
  await running;
  return { worker, finish, jobId: String(job.id) };
}

beforeAll(() => {
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
});

afterAll(async () => {
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  for (const connection of connections) connection.disconnect();
});

describe('closeWorkerGracefully', () => {
  test('a job that finishes within the grace period completes, and the close waits for it', async () => {
    const { worker, finish, jobId } = await workerWithHeldJob();
    const log = captureLog();
    const closed = closeWorkerGracefully(worker, 10_000, log.logger);
    finish();
    await closed;
    expect(worker.isRunning()).toBe(false);
    expect(await queue.getJobState(jobId)).toBe('completed');
    expect(log.entries().filter((e) => e.msg === FORCED)).toEqual([]);
  });

  test('past the grace period it returns without waiting for the running job', async () => {
    const { worker, finish, jobId } = await workerWithHeldJob();
    const log = captureLog();
    const started = performance.now();
    // The job is released only after the checks: a close that waits for it never returns.
    let bound: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      closeWorkerGracefully(worker, 200, log.logger).then(() => 'closed'),
      new Promise((resolve) => {
        bound = setTimeout(resolve, 5_000, 'still waiting for the job');
      }),
    ]);
    clearTimeout(bound);
    const elapsedMs = performance.now() - started;
    try {
      expect(outcome).toBe('closed');
      expect(elapsedMs).toBeGreaterThanOrEqual(190);
      expect(elapsedMs).toBeLessThan(3_000);
      expect(log.entries().filter((e) => e.msg === FORCED)).toEqual([
        expect.objectContaining({ level: 40, graceMs: 200 }),
      ]);
      // Abandoned, not finished: another worker's stalled check takes it up once its BullMQ lock expires.
      expect(await queue.getJobState(jobId)).toBe('active');
    } finally {
      finish();
    }
    // The close went on in the background and ends with the job (BullMQ hands back the same promise).
    await worker.close();
    expect(worker.isRunning()).toBe(false);
  });
});
