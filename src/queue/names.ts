/** The one queue all syncs go through, and the one job name on it. Nothing else spells these. */
export const SYNC_QUEUE = 'sync';
export const SYNC_JOB = 'sync-account';
/** Applies an account's pushed events (src/push); on the sync queue, under the same account lock. */
export const PUSH_EVENTS_JOB = 'push-events';

/** Who asked for a sync: part of the job data, shown on the board and in logs. */
export const TRIGGERS = ['schedule', 'api', 'cli'] as const;
export type Trigger = (typeof TRIGGERS)[number];
