import { enqueueSync, enqueueSyncBulk } from '../src/queue/index.js';
import { createSyncQueue } from '../src/queue/sync-queue.js';
import { reconcileSchedules } from '../src/schedule/index.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { type BenchWorld, benchConnection, discardingLogger } from './bench-world.js';

export interface SchedulingFigures {
  reconcileSeconds: number;
  /** A second reconcile of the same accounts: nothing to change, the cost of every redeploy. */
  reconcileAgainSeconds: number;
  enqueueBulkSeconds: number;
  enqueueOneByOneSeconds: number;
}

/** addBulk batch: one round trip per 500 jobs, so one call never holds Redis for long. */
const BULK_BATCH = 500;
/** enqueueSync calls in flight at once, as many concurrent API requests would make. */
const IN_FLIGHT = 100;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Reconciling schedulers for `count` accounts on `every: 15m`, and enqueueing `count` API syncs two ways. */
export async function schedulingRun(
  world: BenchWorld,
  run: number,
  count: number,
): Promise<SchedulingFigures> {
  const prefix = `bench-sched-${run}-${Date.now().toString(36)}`;
  const connection = benchConnection(world);
  const queue = createSyncQueue(connection, prefix);
  const logger = discardingLogger();
  const ids = Array.from({ length: count }, (_, i) => `sched_${i}`);
  const accounts = ids.map((accountId) => ({
    accountId,
    schedule: { kind: 'every' as const, everyMs: 15 * 60_000 },
  }));
  try {
    const reconcileSeconds = await timed(async () => {
      const report = await reconcileSchedules(queue, accounts, logger);
      if (report.created.length !== count)
        throw new Error(`reconcile created ${report.created.length} of ${count}`);
    });
    const reconcileAgainSeconds = await timed(async () => {
      const report = await reconcileSchedules(queue, accounts, logger);
      if (report.unchanged.length !== count)
        throw new Error(`second reconcile changed ${count - report.unchanged.length}`);
    });
    const enqueueBulkSeconds = await timed(async () => {
      for (let i = 0; i < count; i += BULK_BATCH) {
        const batch = ids
          .slice(i, i + BULK_BATCH)
          .map((accountId) => ({ accountId, trigger: 'api' as const, force: true }));
        await enqueueSyncBulk(queue, batch);
      }
    });
    const enqueueOneByOneSeconds = await timed(async () => {
      for (let i = 0; i < count; i += IN_FLIGHT) {
        await Promise.all(
          ids
            .slice(i, i + IN_FLIGHT)
            .map((accountId) => enqueueSync(queue, { accountId, trigger: 'api', force: true })),
        );
      }
    });
    return { reconcileSeconds, reconcileAgainSeconds, enqueueBulkSeconds, enqueueOneByOneSeconds };
  } finally {
    await queue.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
  }
}
