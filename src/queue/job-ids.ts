import { randomBytes } from 'node:crypto';

/*
 * BullMQ job ids must not contain ':' (it separates key parts); account ids are
 * validated to [A-Za-z0-9_-], so these ids are safe by construction.
 */

/** A fresh job id that still says which account it is for (readable on the board). */
export function newSyncJobId(accountId: string): string {
  return `${accountId}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Deduplication id: one waiting sync per account. */
export function syncDeduplicationId(accountId: string): string {
  return `sync-${accountId}`;
}

/** Job scheduler id of an account's repeatable sync. */
export function schedulerId(accountId: string): string {
  return `schedule-${accountId}`;
}

/** Inverse of schedulerId; null for schedulers this system did not create. */
export function accountIdOfScheduler(id: string): string | null {
  return id.startsWith('schedule-') ? id.slice('schedule-'.length) : null;
}

const JOB_ID = /^(.+)-[0-9a-z]+-[0-9a-f]{6}$/;
const SCHEDULED_JOB_ID = /^repeat:schedule-(.+):\d+$/;

/**
 * The account a sync job is for, read from its id alone (diagnosis counts jobs per account
 * without loading each job): newSyncJobId's `${accountId}-${time}-${hex}`, or BullMQ's
 * `repeat:${schedulerId}:${millis}` for scheduled runs. Null for any other id.
 */
export function accountIdOfJobId(jobId: string): string | null {
  return JOB_ID.exec(jobId)?.[1] ?? SCHEDULED_JOB_ID.exec(jobId)?.[1] ?? null;
}
