import type { QueueEvents } from 'bullmq';
import type { SyncQueue } from '../queue/sync-queue.js';

export type JobOutcome =
  | { kind: 'completed'; returnvalue: unknown }
  | { kind: 'failed'; failedReason: string | null; attemptsMade: number; progress: unknown }
  | { kind: 'timedOut'; state: string }
  | { kind: 'vanished' };

/**
 * Waits for the job's final outcome through BullMQ's own wait (QueueEvents; it also
 * checks the job once listening, so a job that finished before we listened is seen).
 * Retries in between are not outcomes: BullMQ emits `failed` only on the last attempt.
 * A rejection means failed, timed out or the queue closing, so the job's state in Redis
 * decides which one it was.
 */
export async function waitForJob(
  queue: SyncQueue,
  events: QueueEvents,
  jobId: string,
  timeoutMs: number,
): Promise<JobOutcome> {
  const job = await queue.getJob(jobId);
  if (!job) return { kind: 'vanished' };
  try {
    return { kind: 'completed', returnvalue: await job.waitUntilFinished(events, timeoutMs) };
  } catch {
    // Decided below from Redis, not from the error's wording.
  }
  const fresh = await queue.getJob(jobId);
  if (!fresh) return { kind: 'vanished' };
  const state = await fresh.getState();
  if (state === 'completed') return { kind: 'completed', returnvalue: fresh.returnvalue };
  if (state === 'failed') {
    return {
      kind: 'failed',
      failedReason: fresh.failedReason ?? null,
      attemptsMade: fresh.attemptsMade,
      progress: fresh.progress,
    };
  }
  return { kind: 'timedOut', state };
}
