export { type BackoffSettings, computeBackoff, DEFAULT_BACKOFF, SYNC_BACKOFF } from './backoff.js';
export { type EnqueueResult, enqueueSync, enqueueSyncBulk } from './enqueue-sync.js';
export {
  describeIssues,
  MAX_JOB_DATA_BYTES,
  oversizedJobData,
  type SyncJobData,
  type SyncJobInput,
  syncJobDataSchema,
} from './job-data.js';
export {
  accountIdOfJobId,
  accountIdOfScheduler,
  newSyncJobId,
  schedulerId,
  syncDeduplicationId,
} from './job-ids.js';
export { SYNC_JOB_OPTIONS } from './job-options.js';
export { PUSH_EVENTS_JOB, SYNC_JOB, SYNC_QUEUE, TRIGGERS, type Trigger } from './names.js';
export {
  enqueuePushEvents,
  type PushEventsJobData,
  pushEventsDeduplicationId,
  pushEventsJobDataSchema,
} from './push-events-job.js';
export { createSyncQueue, type SyncQueue } from './sync-queue.js';
