import { setTimeout as sleep } from 'node:timers/promises';
import { enqueueSync, type SyncQueue } from '../src/queue/index.js';
import type { Services } from '../src/runtime/services.js';
import { startWorker } from '../src/worker/start-worker.js';
import type { BenchWorld } from './bench-world.js';
import { percentile } from './stats.js';

export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Enqueue→complete latency at a fixed arrival rate, one enqueueSync per arrival (the API's
 * path). Arrivals follow a schedule fixed in advance, so a slow add does not lower the rate.
 */
export async function latencyRun(
  world: BenchWorld,
  services: Services,
  queue: SyncQueue,
  opts: { perSecond: number; jobs: number; concurrency: number },
): Promise<LatencyFigures> {
  const running = await startWorker(services, { concurrency: opts.concurrency });
  const enqueuedAt = new Map<string, number>();
  // A job can complete before its add() resolves: pair the two times at the end.
  const completedAt = new Map<string, number>();
  let resolveAll: () => void = () => undefined;
  let rejectAll: (err: Error) => void = () => undefined;
  const allDone = new Promise<void>((resolve, reject) => {
    resolveAll = resolve;
    rejectAll = reject;
  });
  running.worker.on('completed', (job) => {
    completedAt.set(String(job.id), performance.now());
    if (completedAt.size === opts.jobs) resolveAll();
  });
  running.worker.on('failed', (job, err) =>
    rejectAll(new Error(`latency job ${job?.id} failed: ${err.message}`)),
  );
  try {
    const start = performance.now();
    const adds: Array<Promise<void>> = [];
    for (let i = 0; i < opts.jobs; i++) {
      // Pacing the arrivals is the point here: a timer, not a wait for an event.
      const due = start + (i * 1000) / opts.perSecond - performance.now();
      if (due > 0) await sleep(due);
      const account = world.accounts[i % world.accounts.length]!;
      const at = performance.now();
      adds.push(
        enqueueSync(queue, { accountId: account.accountId, trigger: 'api' }).then((r) => {
          enqueuedAt.set(r.jobId, at);
        }),
      );
    }
    await Promise.all(adds);
    await allDone;
  } finally {
    await running.close();
  }
  const sorted = [...enqueuedAt]
    .map(([id, at]) => (completedAt.get(id) ?? Number.NaN) - at)
    .sort((a, b) => a - b);
  if (sorted.some(Number.isNaN))
    throw new Error('a latency job completed without being enqueued by this run');
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}
