import { type Job, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/index.js';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { createServices, type Services } from '../../src/runtime/services.js';
import { type RunningWorker, startWorker } from '../../src/worker/start-worker.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { finishedJob } from './finished-job.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';
import { makeAccount, type TestAccountSpec, testConfig } from './test-config.js';

export interface TestSystem {
  sim: SimulatorHandle;
  config: AppConfig;
  services: Services;
  worker: RunningWorker | null;
  queue: SyncQueue;
  events: QueueEvents;
  log: CapturedLog;
  redis: Redis;
  enqueue(accountId: string, force?: boolean): Promise<string>;
  /** Resolves when the job completes or finally fails (no polling: BullMQ queue events). */
  finished(jobId: string, timeoutMs?: number): Promise<Job>;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  name: string;
  accounts: TestAccountSpec[];
  /** Start an in-process worker (default true). */
  worker?: boolean;
  config?: Partial<AppConfig>;
  /** Use this simulator instead of starting one (the caller closes it). */
  sim?: SimulatorHandle;
}

/**
 * The whole pipeline in one test process: simulator, services, a worker and a queue,
 * all under a unique prefix that close() deletes.
 */
export async function startTestSystem(opts: TestSystemOptions): Promise<TestSystem> {
  const sim = opts.sim ?? (await startSimulator());
  const prefix = uniquePrefix(opts.name);
  const config = testConfig(
    { queuePrefix: prefix, wechatApiBase: sim.url, accounts: opts.accounts.map(makeAccount) },
    opts.config,
  );
  const log = captureLog();
  const services = createServices(config, log.logger);
  const redis = createTestRedis();
  const queue = createSyncQueue(redis, prefix);
  const eventsConnection = createTestRedis();
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  const worker = opts.worker === false ? null : await startWorker(services);

  return {
    sim,
    config,
    services,
    worker,
    queue,
    events,
    log,
    redis,
    async enqueue(accountId, force = false) {
      return (await enqueueSync(queue, { accountId, force, trigger: 'api' })).jobId;
    },
    finished: (jobId, timeoutMs) => finishedJob(queue, events, jobId, timeoutMs),
    async close() {
      await worker?.close();
      await events.close();
      // BullMQ leaves a connection it was handed open; left open, it keeps jest from exiting.
      eventsConnection.disconnect();
      await queue.close();
      await services.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      if (!opts.sim) await sim.close();
    },
  };
}
