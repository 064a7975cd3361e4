import type { JobsOptions } from 'bullmq';
import { SYNC_BACKOFF } from './backoff.js';

/**
 * Defaults of every sync job. Finished jobs are trimmed by age and count so Redis does
 * not grow without end (BullMQ keeps them forever otherwise); failed ones are kept
 * longer because they carry the diagnostic an operator needs.
 */
export const SYNC_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: SYNC_BACKOFF },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
  // Job logs say who held the lock each time a job was re-delayed; bound them.
  keepLogs: 50,
} satisfies JobsOptions;
