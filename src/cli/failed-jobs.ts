import type { Job } from 'bullmq';
import type { SyncQueue } from '../queue/sync-queue.js';

/** Which failed jobs an operator means: any of account and reason, both optional. */
export interface FailedJobFilter {
  account?: string;
  /** A reason code as shown by `jobs list` (IP_NOT_WHITELISTED, RETRIES_EXHAUSTED, …), case-insensitive. */
  reason?: string;
}

/** One failed job as `jobs list` shows it. */
export interface FailedJobView {
  jobId: string;
  accountId: string | null;
  reason: string;
  failedReason: string;
  attemptsMade: number;
  /** ISO time it failed (finishedOn). */
  failedAt: string | null;
}

/** BullMQ reads failed jobs a page at a time; the queue keeps at most 5 000 of them (job-options.ts). */
const PAGE = 200;

/** The reason code of a failed job: its diagnostic's code (the worker writes it to progress), else ERROR. */
export function reasonOf(job: Pick<Job, 'progress'>): string {
  const progress = job.progress as { diagnostic?: { code?: unknown } } | null;
  const code = progress && typeof progress === 'object' ? progress.diagnostic?.code : undefined;
  return typeof code === 'string' ? code : 'ERROR';
}

export function matchesFilter(
  view: Pick<FailedJobView, 'accountId' | 'reason'>,
  filter: FailedJobFilter,
): boolean {
  if (filter.account !== undefined && view.accountId !== filter.account) return false;
  if (filter.reason !== undefined && view.reason !== filter.reason.toUpperCase()) return false;
  return true;
}

export function viewOf(job: Job): FailedJobView {
  const accountId = typeof job.data?.accountId === 'string' ? job.data.accountId : null;
  return {
    jobId: String(job.id),
    accountId,
    reason: reasonOf(job),
    failedReason: (job.failedReason ?? '').slice(0, 300),
    attemptsMade: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/** Every failed job matching the filter, newest first, with its BullMQ job for retry or removal. */
export async function findFailedJobs(
  queue: SyncQueue,
  filter: FailedJobFilter,
): Promise<Array<{ job: Job; view: FailedJobView }>> {
  const found: Array<{ job: Job; view: FailedJobView }> = [];
  for (let start = 0; ; start += PAGE) {
    const page = (await queue.getJobs(['failed'], start, start + PAGE - 1)) as Job[];
    for (const job of page) {
      if (!job) continue;
      const view = viewOf(job);
      if (matchesFilter(view, filter)) found.push({ job, view });
    }
    if (page.length < PAGE) return found;
  }
}
