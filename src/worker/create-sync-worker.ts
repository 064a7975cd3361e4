import { type Processor, Worker } from 'bullmq';
import {
  type BackoffSettings,
  computeBackoff,
  DEFAULT_BACKOFF,
  type SYNC_JOB,
  SYNC_QUEUE,
  type SyncJobData,
} from '../queue/index.js';
import type { RedisClient } from '../redis/connection.js';
import { announceRetry } from './attempt-log.js';

export interface SyncWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (BullMQ requires it for workers). */
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  processor: Processor<SyncJobData, object, typeof SYNC_JOB>;
  /** BullMQ's job lock; a worker that stops renewing it has its job re-run elsewhere. */
  lockDurationMs?: number;
  /** How often stalled jobs (of dead workers) are looked for. */
  stalledIntervalMs?: number;
  autorun?: boolean;
  /** Retry delays of failed attempts; default DEFAULT_BACKOFF. */
  backoff?: BackoffSettings;
}

export type SyncWorker = Worker<SyncJobData, object, typeof SYNC_JOB>;

export function createSyncWorker(opts: SyncWorkerOptions): SyncWorker {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  return new Worker<SyncJobData, object, typeof SYNC_JOB>(SYNC_QUEUE, opts.processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    autorun: opts.autorun ?? true,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    // One strategy for every retry: quota errors wait for WeChat's window, the rest back off with jitter.
    settings: {
      backoffStrategy: async (attemptsMade, _type, err, job) => {
        const now = Date.now();
        const delay = computeBackoff(attemptsMade, err, now, backoff);
        // The job's log and progress get the failed attempt and when the next one runs.
        if (job && delay >= 0) await announceRetry(job, attemptsMade, err, delay, now);
        return delay;
      },
    },
  });
}
