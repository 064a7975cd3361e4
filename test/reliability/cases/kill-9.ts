import assert from 'node:assert/strict';
import { enqueueSyncBulk } from '../../../src/queue/index.js';
import { RedisKeys } from '../../../src/redis/keys.js';
import { RedisSyncStore } from '../../../src/store/index.js';
import { EntryProcess } from '../../helpers/entry-process.js';
import { assertAllCompleted, assertOneHolderAtATime, assertStoredEqualsClean } from '../invariants.js';
import type { ReliabilityCase } from '../reliability-case.js';
import { allFinished, type RelWorld, relAccounts, startRelWorld } from '../reliability-world.js';

const STARTED = '"sync worker started"';

function worker(world: RelWorld, name: string): EntryProcess {
  return new EntryProcess(
    'workers/sync-worker.ts',
    [],
    world.workerEnv({
      HOST_ID: name,
      WORKER_CONCURRENCY: '5',
      LOCK_TTL_MS: '2000',
      // BullMQ's job lock and stalled check (30 s by default): the killed job is taken up within seconds.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    }),
  );
}

export const kill9Case: ReliabilityCase = {
  name: 'kill -9 a worker process mid-sync',
  timeoutMs: 150_000,
  async run() {
    // 3 pages of 150 ms each: a sync takes about half a second, long enough to be killed in.
    const world = await startRelWorld('kill9', relAccounts('kill', 3), {
      latencyMs: 150,
      seed: { articles: 50 },
    });
    const victim = worker(world, 'victim');
    let rescuer: EntryProcess | undefined;
    try {
      await victim.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 });
      const active = new Promise<string>((resolve) =>
        world.events.once('progress', ({ jobId }) => resolve(jobId)),
      );
      const results = await enqueueSyncBulk(
        world.queue,
        world.accounts.map((a) => ({ accountId: a.accountId, trigger: 'api' as const })),
      );
      const ids = results.map((r) => r.jobId);
      const killedJob = await active; // a page is stored: the job is mid-sync
      victim.signal('SIGKILL');
      const exit = await victim.exited;
      assert.equal(exit.signal, 'SIGKILL');
      const job = await world.queue.getJob(killedJob);
      const account = world.accounts.find((a) => a.accountId === job?.data.accountId)!;
      const keys = new RedisKeys(world.prefix);
      assert.ok(
        (await world.admin.exists(keys.lock(account.accountId))) === 1,
        'the dead holder still holds the lock',
      );

      rescuer = worker(world, 'rescuer');
      await rescuer.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 });
      await allFinished(world, ids, 120_000);
      await assertAllCompleted(world.queue, ids);
      assert.equal(
        await world.admin.exists(keys.lock(account.accountId)),
        0,
        'the lock is gone after the sync',
      );
      const holder = (await world.queue.getJob(killedJob))?.data;
      assert.ok(holder, 'the killed job still exists');
      assert.ok(rescuer.stdout.includes(killedJob), 'the rescuer ran the killed job');
      assertOneHolderAtATime(
        world.sim,
        world.accounts.map((a) => a.appId),
      );
      const store = new RedisSyncStore({ redis: world.admin, keys });
      for (const a of world.accounts) await assertStoredEqualsClean(store, world.sim, a);
      return `job ${killedJob} recovered by another process after kill -9; lock expired; no duplicate records`;
    } finally {
      await victim.stop();
      await rescuer?.stop();
      await world.close();
    }
  },
};
