import type { Job, QueueEvents } from 'bullmq';
import type { SyncQueue } from '../../src/queue/sync-queue.js';

/**
 * The job once it completed or failed for good, read back from the queue. A final failure
 * is an outcome the caller asserts on, not an error here; a job still running after
 * `timeoutMs` is, and says why (a retried attempt leaves its reason and stack behind).
 */
export async function finishedJob(
  queue: SyncQueue,
  events: QueueEvents,
  jobId: string,
  timeoutMs = 20_000,
): Promise<Job> {
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.waitUntilFinished(events, timeoutMs).catch(() => undefined);
  const done = await queue.getJob(jobId);
  if (!done) throw new Error(`job ${jobId} vanished`);
  const state = await done.getState();
  if (state !== 'completed' && state !== 'failed') {
    const last = done.stacktrace?.at(-1) ?? '';
    throw new Error(`job ${jobId} is ${state} after ${timeoutMs} ms: ${done.failedReason ?? ''}\n${last}`);
  }
  return done;
}
