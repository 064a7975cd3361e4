import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WorkerProcess } from '../helpers/worker-process.js';
import { startWorkerWorld, type WorkerWorld } from '../helpers/worker-world.js';

const account = {
  accountId: 'gh_exclusive00001',
  appId: 'wx00000000000000c1',
  secret: 'secret-exclusive-1234567890',
};
const JOBS = 30;
const ARTICLES = 20;

let world: WorkerWorld;
let workers: WorkerProcess[];

beforeAll(async () => {
  world = await startWorkerWorld({
    name: 'worker-excl',
    accounts: [account],
    // A short lease keeps the lock-busy delay at its 1–2 s floor (it scales with the holder's TTL).
    worker: { concurrency: 10, lockTtlMs: 2_000 },
  });
  // Every data call takes a while, so two syncs of the account would overlap at the simulator.
  await world.sim.control.putApp(account.appId, {
    secret: account.secret,
    latencyMs: 40,
    seed: { articles: ARTICLES },
  });
  workers = await Promise.all([world.workers.start('worker-a'), world.workers.start('worker-b')]);
}, 90_000);

afterAll(async () => {
  await world.close();
});

describe('account lock across worker processes', () => {
  test(`${JOBS} forced syncs of one account on two processes × concurrency 10 never overlap`, async () => {
    const jobIds: string[] = [];
    for (let n = 0; n < JOBS; n += 1) jobIds.push(await world.enqueue(account.accountId, true));
    expect(new Set(jobIds).size).toBe(JOBS);

    const completed = () => new Set(world.events.of('completed').map((e) => e.jobId));
    await world.events.waitUntil(
      () => jobIds.every((id) => completed().has(id)),
      'completion of all jobs',
      60_000,
    );

    // The simulator saw at most one data call of this app at a time: the lock held.
    const stats = await world.sim.control.stats(account.appId);
    expect(stats.maxConcurrentDataCalls).toBe(1);
    // One page each: every job synced exactly once, none twice.
    expect(stats.callsByEndpoint['/cgi-bin/freepublish/batchget']).toBe(JOBS);
    expect(world.events.of('failed')).toEqual([]);
    for (const id of jobIds) expect(await world.queue.getJobState(id)).toBe('completed');

    // Each job completed on exactly one process, and both processes did some of the work.
    const completedBy = workers.map((w) => w.logged('sync completed').map((log) => String(log.jobId)));
    expect(completedBy.flat().sort()).toEqual([...jobIds].sort());
    for (const ids of completedBy) expect(ids.length).toBeGreaterThan(0);

    expect(await world.store.countArticles(account.accountId)).toBe(ARTICLES);
    expect(await world.redis.exists(world.keys.lock(account.accountId))).toBe(0);
  }, 120_000);

  test('the jobs contended: some were re-delayed, naming a holder process, without spending an attempt', async () => {
    const jobs = await world.queue.getJobs(['completed']);
    expect(jobs).toHaveLength(JOBS);
    const busyLines: string[] = [];
    for (const job of jobs) {
      const { logs } = await world.queue.getJobLogs(String(job.id));
      busyLines.push(...logs.filter((line) => line.startsWith('account lock busy')));
      // A lock-busy delay is not a failed attempt: every job succeeded at its first.
      expect(job.attemptsMade).toBe(1);
    }
    expect(busyLines.length).toBeGreaterThan(0);
    const pids = new Set(workers.map((w) => w.pid));
    for (const line of busyLines) {
      const holder = /^account lock busy: held by job \S+ on (worker-[ab]) \(pid (\d+)\)/.exec(line);
      expect(holder).not.toBeNull();
      expect(pids.has(Number(holder?.[2]))).toBe(true);
    }
  });
});
