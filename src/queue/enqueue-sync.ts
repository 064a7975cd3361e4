import { type SyncJobInput, syncJobDataSchema } from './job-data.js';
import { newSyncJobId, syncDeduplicationId } from './job-ids.js';
import { SYNC_JOB } from './names.js';
import type { SyncQueue } from './sync-queue.js';

export interface EnqueueResult {
  jobId: string;
  /** True when a sync of this account was already waiting and that job is returned instead. */
  deduplicated: boolean;
}

/**
 * Adds one sync. Without `force`, BullMQ's deduplication returns the sync of this account
 * that is still waiting (the worker drops the deduplication key once it holds the account
 * lock, so a request made while a sync runs gets a fresh job). We pass our own job id so
 * "was it deduplicated?" is answered atomically by the id BullMQ hands back.
 */
export async function enqueueSync(queue: SyncQueue, input: SyncJobInput): Promise<EnqueueResult> {
  const data = syncJobDataSchema.parse(input);
  const jobId = newSyncJobId(data.accountId);
  const job = await queue.add(SYNC_JOB, data, {
    jobId,
    ...(data.force ? {} : { deduplication: { id: syncDeduplicationId(data.accountId) } }),
  });
  if (!job.id) throw new Error('BullMQ returned a job without id');
  return { jobId: job.id, deduplicated: job.id !== jobId };
}
