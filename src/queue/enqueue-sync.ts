import type { JobsOptions } from 'bullmq';
import { type SyncJobData, type SyncJobInput, syncJobDataSchema } from './job-data.js';
import { newSyncJobId, syncDeduplicationId } from './job-ids.js';
import { SYNC_JOB } from './names.js';
import type { SyncQueue } from './sync-queue.js';

export interface EnqueueResult {
  jobId: string;
  /** True when a sync of this account was already waiting and that job is returned instead. */
  deduplicated: boolean;
}

interface PreparedSync {
  data: SyncJobData;
  opts: JobsOptions & { jobId: string };
}

/**
 * Without `force`, BullMQ's deduplication returns the sync of this account that is still
 * waiting (the worker drops the deduplication key once it holds the account lock, so a
 * request made while a sync runs gets a fresh job). We pass our own job id so "was it
 * deduplicated?" is answered atomically by the id BullMQ hands back.
 */
function prepare(input: SyncJobInput): PreparedSync {
  const data = syncJobDataSchema.parse(input);
  const jobId = newSyncJobId(data.accountId);
  const dedup = data.force ? {} : { deduplication: { id: syncDeduplicationId(data.accountId) } };
  return { data, opts: { jobId, ...dedup } };
}

function resultOf(prepared: PreparedSync, id: string | undefined): EnqueueResult {
  if (!id) throw new Error('BullMQ returned a job without id');
  return { jobId: id, deduplicated: id !== prepared.opts.jobId };
}

/** Adds one sync (see prepare for deduplication). */
export async function enqueueSync(queue: SyncQueue, input: SyncJobInput): Promise<EnqueueResult> {
  const prepared = prepare(input);
  const job = await queue.add(SYNC_JOB, prepared.data, prepared.opts);
  return resultOf(prepared, job.id);
}

/**
 * Adds many syncs in one round trip (BullMQ's addBulk: one script call, atomic), with
 * the same validation and deduplication as enqueueSync, results in input order. Every
 * input is validated before anything is added, so a bad one adds none.
 */
export async function enqueueSyncBulk(
  queue: SyncQueue,
  inputs: readonly SyncJobInput[],
): Promise<EnqueueResult[]> {
  if (inputs.length === 0) return [];
  const prepared = inputs.map(prepare);
  const jobs = await queue.addBulk(prepared.map((p) => ({ name: SYNC_JOB, data: p.data, opts: p.opts })));
  return jobs.map((job, i) => resultOf(prepared[i]!, job.id));
}
