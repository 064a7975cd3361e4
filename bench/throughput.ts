import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { enqueueSyncBulk, SYNC_JOB, SYNC_QUEUE, type SyncQueue } from '../src/queue/index.js';
import { createSyncQueue } from '../src/queue/sync-queue.js';
import { createRedisConnection } from '../src/redis/connection.js';
import type { Services } from '../src/runtime/services.js';
import { SYNC_WORKER_CONNECTION, startWorker } from '../src/worker/start-worker.js';
import { type BenchWorld, benchConnection, cachedTokens, firstArticlesPage } from './bench-world.js';
import { commandCount } from './command-stats.js';
import { redisCpuSeconds } from './redis-cpu.js';

export interface DrainFigures {
  jobsPerSec: number;
  commandsPerJob: number;
  /** Redis server CPU (user + sys, INFO cpu) per completed job, µs. */
  redisCpuUsPerJob: number;
  /** This process's CPU (process.cpuUsage: worker, producer, bench) per completed job, µs. */
  workerCpuUsPerJob: number;
}

interface Drainable {
  on(event: 'completed', listener: (job: Job) => void): unknown;
  on(event: 'failed', listener: (job: Job | undefined, err: Error) => void): unknown;
  off(event: 'completed' | 'failed', listener: (...args: never[]) => void): unknown;
}

/**
 * Time from the first add until the worker has completed `n` jobs, and the Redis commands,
 * Redis CPU and this process's CPU spent on the way. Counts the worker's own events (no
 * polling). A failed job makes the run invalid: a benchmark that measures failures
 * measures the wrong thing. The simulator runs in its own process (remote-simulator.ts),
 * so this process's CPU is the worker's (and the producer's add, the same in every run).
 */
export async function drain(
  admin: Redis,
  worker: Drainable,
  n: number,
  add: () => Promise<unknown>,
): Promise<DrainFigures> {
  let completed = 0;
  let onCompleted: () => void = () => undefined;
  let onFailed: (job: Job | undefined, err: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    onCompleted = () => {
      if (++completed === n) resolve();
    };
    onFailed = (job, err) => reject(new Error(`bench job ${job?.id} failed: ${err.message}`));
  });
  worker.on('completed', onCompleted);
  worker.on('failed', onFailed);
  try {
    const commandsBefore = await commandCount(admin);
    const redisCpuBefore = await redisCpuSeconds(admin);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await add();
    await done;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpu = (await redisCpuSeconds(admin)) - redisCpuBefore;
    const commands = (await commandCount(admin)) - commandsBefore;
    return {
      jobsPerSec: n / seconds,
      commandsPerJob: commands / n,
      redisCpuUsPerJob: (redisCpu * 1e6) / n,
      workerCpuUsPerJob: (cpu.user + cpu.system) / n,
    };
  } finally {
    worker.off('completed', onCompleted);
    worker.off('failed', onFailed);
  }
}

/** The whole pipeline: validate, blocked check, lock, cached token, one page of articles, store, release. */
export async function pipelineRun(
  world: BenchWorld,
  services: Services,
  queue: SyncQueue,
  concurrency: number,
  jobs: number,
): Promise<DrainFigures> {
  const running = await startWorker(services, { concurrency });
  try {
    const inputs = world.accounts
      .slice(0, jobs)
      .map((a) => ({ accountId: a.accountId, trigger: 'api' as const }));
    // The bench runs on its own single redis-server (never a Cluster), whose INFO it reads.
    return await drain(services.redis as Redis, running.worker, jobs, () => enqueueSyncBulk(queue, inputs));
  } finally {
    await running.close();
  }
}

/** The baseline: the same queue options and job data, a processor that does nothing. */
export function bareRun(world: BenchWorld, prefix: string, concurrency: number, jobs: number) {
  return bareWorkerRun(world, prefix, concurrency, jobs, async () => ({}));
}

/**
 * The floor under any pipeline: bare BullMQ whose processor makes the one WeChat call the
 * pipeline's one-page sync makes (freepublish/batchget through the same WeChatClient, so
 * got and the simulator's HTTP cost the same), with a token read once before the run,
 * and nothing else: no lock, token cache, pacing, store, progress, status or log line.
 * floor / bare is the most any design that calls WeChat once per job can reach against
 * the no-op; pipeline / floor is what the pipeline's own work costs.
 */
export async function floorRun(
  world: BenchWorld,
  services: Services,
  prefix: string,
  concurrency: number,
  jobs: number,
  /**
   * Hold each job until it has lasted concurrency / this many seconds, so the floor runs
   * at (about) this throughput: BullMQ batches more of its work at a higher throughput, so
   * Redis CPU per job is only comparable between runs at the same rate.
   */
  paceToJobsPerSec?: number,
) {
  const jobMs = paceToJobsPerSec ? (concurrency * 1000) / paceToJobsPerSec : 0;
  // Tokens come from the warmed cache before the clock starts: the floor pays for none.
  const accounts = world.accounts.slice(0, jobs);
  const tokens = await cachedTokens(services, accounts);
  const appIds = new Map(accounts.map((a) => [a.accountId, a.appId]));
  return bareWorkerRun(world, prefix, concurrency, jobs, async (job) => {
    const { accountId } = job.data;
    const token = tokens.get(accountId);
    const appId = appIds.get(accountId);
    if (!token || !appId) throw new Error(`floor: no token for ${accountId}`);
    const started = performance.now();
    const page = await firstArticlesPage(services, appId, token);
    const left = jobMs - (performance.now() - started);
    if (left > 1) await sleep(left);
    return { fetched: page.item.length };
  });
}

async function bareWorkerRun(
  world: BenchWorld,
  prefix: string,
  concurrency: number,
  jobs: number,
  processor: (job: Job<{ accountId: string }>) => Promise<object>,
) {
  const admin = benchConnection(world);
  const queue = createSyncQueue(admin, prefix);
  // The sync worker's own connection options (auto-pipelining, or not with BENCH_BARE_PLAIN=1), so the two compare like for like.
  const workerConnection = createRedisConnection(
    world.redis.url,
    'worker',
    process.env.BENCH_BARE_PLAIN ? {} : SYNC_WORKER_CONNECTION,
  );
  const worker = new Worker(SYNC_QUEUE, processor, {
    connection: workerConnection,
    prefix,
    concurrency,
  });
  await worker.waitUntilReady();
  try {
    const entries = world.accounts.slice(0, jobs).map((a, i) => ({
      name: SYNC_JOB as typeof SYNC_JOB,
      data: { accountId: a.accountId, force: false, trigger: 'api' as const },
      opts: { jobId: `bare-${Date.now().toString(36)}-${i}` },
    }));
    return await drain(admin, worker, jobs, () => queue.addBulk(entries));
  } finally {
    await worker.close();
    await queue.close();
    // BullMQ leaves a connection it was given open.
    await workerConnection.quit();
    await admin.quit();
  }
}
