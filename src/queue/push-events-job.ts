import { z } from 'zod';
import { newSyncJobId } from './job-ids.js';
import { SYNC_JOB_OPTIONS } from './job-options.js';
import { PUSH_EVENTS_JOB } from './names.js';
import type { SyncQueue } from './sync-queue.js';

/**
 * Data of a `push-events` job: only the account. The events themselves wait in the
 * account's pending list in Redis (src/push/pending-events.ts), so a job that is
 * delayed, retried or deduplicated never carries, and never loses, an event.
 */
export const pushEventsJobDataSchema = z
  .object({ accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -') })
  .strict();
export type PushEventsJobData = z.infer<typeof pushEventsJobDataSchema>;

/** One waiting push-events job per account: a storm of pushes makes a handful of jobs, not one each. */
export function pushEventsDeduplicationId(accountId: string): string {
  return `push-${accountId}`;
}

/** The queue as the push route uses it: same queue and options as syncs, its own job name. */
type PushEventsQueue = {
  add(name: typeof PUSH_EVENTS_JOB, data: PushEventsJobData, opts: object): Promise<{ id?: string }>;
};

/**
 * Makes sure a push-events job of the account is waiting. The job drops its
 * deduplication key once it holds the account lock, so an event taken after that gets a
 * new job, and one taken before is in the list that job drains.
 */
export async function enqueuePushEvents(queue: SyncQueue, accountId: string): Promise<string | undefined> {
  const data = pushEventsJobDataSchema.parse({ accountId });
  // The sync queue's type names only sync-account jobs; this is the one place another name is added.
  const job = await (queue as unknown as PushEventsQueue).add(PUSH_EVENTS_JOB, data, {
    ...SYNC_JOB_OPTIONS,
    jobId: newSyncJobId(accountId),
    deduplication: { id: pushEventsDeduplicationId(accountId) },
  });
  return job.id;
}
