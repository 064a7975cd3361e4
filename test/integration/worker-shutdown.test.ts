import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WorkerLog, WorkerProcess } from '../helpers/worker-process.js';
import { startWorkerWorld, type WorkerWorld } from '../helpers/worker-world.js';

const patient = {
  accountId: 'gh_sigterm0000001',
  appId: 'wx00000000000000d1',
  secret: 'secret-sigterm-1234567890',
};
const abandoned = {
  accountId: 'gh_graceover00001',
  appId: 'wx00000000000000d2',
  secret: 'secret-graceover-1234567890',
};
const ARTICLES = 45;
const GRACE_WARNING =
  'running jobs did not finish within the grace period; leaving them to be retried as stalled';

let world: WorkerWorld;

beforeAll(async () => {
  world = await startWorkerWorld({
    name: 'worker-shutdown',
    accounts: [patient, abandoned],
    // A short BullMQ job lock and stalled check, so an abandoned job is found in seconds. Every
    // worker of the queue gets the same: a check sets a queue-wide guard key for its own interval.
    worker: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
  });
});

afterAll(async () => {
  await world.close();
});

/** Where in the worker's output the first line matching `matches` is (-1: nowhere). */
function indexOfLog(worker: WorkerProcess, matches: (log: WorkerLog) => boolean): number {
  return worker.logs().findIndex(matches);
}

async function expectNothingLeft(accountId: string, jobId: string): Promise<void> {
  expect(await world.queue.getJobState(jobId)).toBe('completed');
  expect(world.events.of('failed', jobId)).toEqual([]);
  expect(await world.store.countArticles(accountId)).toBe(ARTICLES);
  // The lease was released, not left to expire.
  expect(await world.redis.exists(world.keys.lock(accountId), world.keys.lockHolder(accountId))).toBe(0);
  expect(await world.queue.getJobCounts('wait', 'active', 'delayed', 'failed')).toEqual({
    wait: 0,
    active: 0,
    delayed: 0,
    failed: 0,
  });
}

describe('worker process shutdown', () => {
  test('SIGTERM during a sync: the sync completes, then the process exits 0 within its grace period', async () => {
    // Three pages of 800 ms each: the sync is still running when SIGTERM arrives.
    await world.sim.control.putApp(patient.appId, {
      secret: patient.secret,
      latencyMs: 800,
      seed: { articles: ARTICLES },
    });
    const worker = await world.workers.start('worker-term', { shutdownGraceMs: 10_000, lockTtlMs: 5_000 });
    const jobId = await world.enqueue(patient.accountId);
    await world.events.waitFor('active', jobId);

    const signalled = performance.now();
    expect(await worker.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(10_000);

    // In this order: the signal was taken while the job ran, the job finished, then the worker closed.
    const stopping = indexOfLog(worker, (l) => l.msg === 'stopping' && l.signal === 'SIGTERM');
    const completed = indexOfLog(worker, (l) => l.msg === 'sync completed' && l.jobId === jobId);
    const stopped = indexOfLog(worker, (l) => l.msg === 'sync worker stopped');
    expect(stopping).toBeGreaterThanOrEqual(0);
    expect(completed).toBeGreaterThan(stopping);
    expect(stopped).toBeGreaterThan(completed);
    expect(worker.logged(GRACE_WARNING)).toEqual([]);
    expect(worker.stderr).toBe('');

    const job = await world.queue.getJob(jobId);
    expect(job?.returnvalue).toMatchObject({ kinds: { articles: { pages: 3, added: ARTICLES } } });
    await expectNothingLeft(patient.accountId, jobId);
  }, 120_000);

  test('past SHUTDOWN_GRACE_MS the process exits 0 and leaves the job, which the next worker redoes as stalled', async () => {
    // Three pages of 2 s each: far longer than the 300 ms grace period.
    await world.sim.control.putApp(abandoned.appId, {
      secret: abandoned.secret,
      latencyMs: 2_000,
      seed: { articles: ARTICLES },
    });
    const leaving = await world.workers.start('worker-leaving', { lockTtlMs: 1_000, shutdownGraceMs: 300 });
    const jobId = await world.enqueue(abandoned.accountId);
    await world.events.waitFor('active', jobId);

    const signalled = performance.now();
    // onShutdown exits 0 once the close returned; 1 only past grace + 10 s (on-shutdown.ts, sync-worker.ts).
    expect(await leaving.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(10_300);
    expect(leaving.logged(GRACE_WARNING)).toEqual([expect.objectContaining({ level: 40, graceMs: 300 })]);
    expect(leaving.logged('sync completed')).toEqual([]);
    // The abandoned run failing as its connections close is no crash (no unhandled rejection).
    expect(leaving.stderr).toBe('');
    // Neither completed nor failed: the job is still active under a lock that nobody renews.
    expect(await world.queue.getJobState(jobId)).toBe('active');

    await world.sim.control.patchApp(abandoned.appId, { latencyMs: 0 });
    const next = await world.workers.start('worker-next', { lockTtlMs: 1_000 });
    await world.events.waitFor('stalled', jobId);
    await world.events.waitFor('completed', jobId);

    expect(next.logged('sync completed').map((l) => l.jobId)).toEqual([jobId]);
    const job = await world.queue.getJob(jobId);
    expect(job?.returnvalue).toMatchObject({ accountId: abandoned.accountId, kinds: { articles: {} } });
    await expectNothingLeft(abandoned.accountId, jobId);
    expect(await next.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);
});
