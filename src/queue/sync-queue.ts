import { Queue } from 'bullmq';
import type { RedisClient } from '../redis/connection.js';
import type { SyncJobData } from './job-data.js';
import { SYNC_JOB_OPTIONS } from './job-options.js';
import { type SYNC_JOB, SYNC_QUEUE } from './names.js';

export type SyncQueue = Queue<SyncJobData, unknown, typeof SYNC_JOB>;

/**
 * The sync queue as producers see it. The connection is passed in (one per process role,
 * see src/redis/connection.ts) so its retry behaviour is the caller's choice.
 */
export function createSyncQueue(connection: RedisClient, prefix: string): SyncQueue {
  return new Queue<SyncJobData, unknown, typeof SYNC_JOB>(SYNC_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: SYNC_JOB_OPTIONS,
  });
}
