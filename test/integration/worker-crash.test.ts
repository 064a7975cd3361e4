import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { holderFromHash } from '../../src/lock/lock-holder.js';
import { startWorkerWorld, type WorkerWorld } from '../helpers/worker-world.js';

const account = {
  accountId: 'gh_killed00000001',
  appId: 'wx00000000000000e1',
  secret: 'secret-killed-1234567890',
};
const ARTICLES = 45;
const PAGE = 20;
const LOCK_TTL_MS = 5_000;
const PUBLISHED = '/cgi-bin/freepublish/batchget';

let world: WorkerWorld;

beforeAll(async () => {
  world = await startWorkerWorld({
    name: 'worker-crash',
    accounts: [account],
    // Short leases everywhere, so what a dead process holds runs out in seconds.
    worker: { lockTtlMs: LOCK_TTL_MS, lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
  });
  // 1.5 s a page: after the first page is stored, the second stays in flight long enough to kill the process.
  await world.sim.control.putApp(account.appId, {
    secret: account.secret,
    latencyMs: 1_500,
    seed: { articles: ARTICLES },
  });
});

afterAll(async () => {
  await world.close();
});

describe('a worker process killed with SIGKILL mid-sync', () => {
  test('another process redoes the stalled job once the dead holder’s lock expires; nothing is stored twice', async () => {
    // The second page's call is held. It is made only once the first page's write has
    // returned (a page's progress goes out beside its write, so the progress event does not
    // prove the page stored): holding it means the job is between pages, page one stored.
    await world.sim.control.addFault(account.appId, {
      kind: 'pause',
      endpoint: PUBLISHED,
      afterCalls: 1,
      times: 1,
    });
    const doomed = await world.workers.start('worker-doomed');
    const jobId = await world.enqueue(account.accountId);
    await world.sim.control.waitForHeld(account.appId, 1);
    expect(await doomed.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // The dead process's call goes on to an answer nobody reads.
    await world.sim.control.releaseHeld(account.appId);

    // The dead process still holds the account lock; nothing deletes it, it only runs out.
    const holder = holderFromHash(await world.redis.hgetall(world.keys.lockHolder(account.accountId)));
    expect(holder).toMatchObject({ jobId, host: 'worker-doomed', pid: doomed.pid });
    const ttlMs = await world.redis.pttl(world.keys.lock(account.accountId));
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(LOCK_TTL_MS);
    expect(await world.store.countArticles(account.accountId)).toBe(PAGE);
    expect(await world.queue.getJobState(jobId)).toBe('active');

    await world.sim.control.patchApp(account.appId, { latencyMs: 0 });
    const rescuer = await world.workers.start('worker-rescuer');
    await world.events.waitFor('stalled', jobId);
    await world.events.waitFor('completed', jobId);

    // The rescuer ran the job under a new lease of its own (a higher fence), and released it.
    const [completed] = rescuer.logged('sync completed');
    expect(completed).toMatchObject({ jobId, fence: expect.any(Number) });
    expect(Number(completed?.fence)).toBeGreaterThan(holder?.fence ?? Number.POSITIVE_INFINITY);
    expect(await world.redis.exists(world.keys.lock(account.accountId))).toBe(0);

    // Every article once: the first page, stored by the dead process, was not added again.
    const job = await world.queue.getJob(jobId);
    expect(job?.returnvalue).toMatchObject({ kinds: { articles: { added: ARTICLES - PAGE } } });
    expect(await world.store.countArticles(account.accountId)).toBe(ARTICLES);
    expect(world.events.of('failed', jobId)).toEqual([]);
    expect(await world.queue.getJobCounts('wait', 'active', 'delayed', 'failed')).toEqual({
      wait: 0,
      active: 0,
      delayed: 0,
      failed: 0,
    });
  }, 120_000);
});
