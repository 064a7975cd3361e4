import assert from 'node:assert/strict';
import { enqueueSyncBulk } from '../../../src/queue/index.js';
import { RedisKeys } from '../../../src/redis/keys.js';
import { RedisSyncStore } from '../../../src/store/index.js';
import { EntryProcess } from '../../helpers/entry-process.js';
import { assertAllCompleted, assertOneHolderAtATime, assertStoredEqualsClean } from '../invariants.js';
import type { ReliabilityCase } from '../reliability-case.js';
import { allFinished, type RelWorld, relAccounts, startRelWorld } from '../reliability-world.js';

const STARTED = '"sync worker started"';
const GRACE_MS = 10_000;

function worker(world: RelWorld, name: string): EntryProcess {
  return new EntryProcess(
    'workers/sync-worker.ts',
    [],
    world.workerEnv({ HOST_ID: name, WORKER_CONCURRENCY: '5', SHUTDOWN_GRACE_MS: String(GRACE_MS) }),
  );
}

export const sigtermCase: ReliabilityCase = {
  name: 'SIGTERM during load',
  timeoutMs: 120_000,
  async run() {
    const world = await startRelWorld('sigterm', relAccounts('term', 20), {
      latencyMs: 100,
      seed: { articles: 45 },
    });
    const first = worker(world, 'first');
    let second: EntryProcess | undefined;
    try {
      await first.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 });
      const busy = new Promise<void>((resolve) => world.events.once('progress', () => resolve()));
      const results = await enqueueSyncBulk(
        world.queue,
        world.accounts.map((a) => ({ accountId: a.accountId, trigger: 'api' as const })),
      );
      const ids = results.map((r) => r.jobId);
      await busy;
      const signalled = performance.now();
      first.signal('SIGTERM');
      const exit = await first.exited;
      const tookMs = performance.now() - signalled;
      assert.equal(exit.code, 0, `exit ${exit.code} ${exit.signal}; stderr: ${first.stderr}`);
      assert.ok(tookMs < GRACE_MS, `took ${Math.round(tookMs)} ms, grace is ${GRACE_MS}`);
      const finishedByFirst = first.stdout.split('\n').filter((l) => l.includes('"sync completed"')).length;
      assert.ok(finishedByFirst > 0, 'the running jobs finished before the process exited');
      assert.equal(await world.queue.getActiveCount(), 0, 'nothing left active by the stopped process');

      second = worker(world, 'second');
      await second.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 });
      await allFinished(world, ids, 60_000);
      const jobs = await assertAllCompleted(world.queue, ids);
      for (const job of jobs) {
        assert.equal(job.attemptsMade, 1, `job ${job.id} was interrupted and run again`);
      }
      assertOneHolderAtATime(
        world.sim,
        world.accounts.map((a) => a.appId),
      );
      const store = new RedisSyncStore({ redis: world.admin, keys: new RedisKeys(world.prefix) });
      for (const a of world.accounts) await assertStoredEqualsClean(store, world.sim, a);
      return `exit 0 after ${Math.round(tookMs)} ms (grace ${GRACE_MS}); ${finishedByFirst} running job(s) finished, the other ${ids.length - finishedByFirst} done by the next worker, none run twice`;
    } finally {
      await first.stop();
      await second?.stop();
      await world.close();
    }
  },
};
