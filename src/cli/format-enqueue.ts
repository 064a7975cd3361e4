import type { EnqueueResult } from '../queue/enqueue-sync.js';
import { formatDuration } from './format-duration.js';

/** How many known account ids an "unknown account" message lists before it only counts. */
const LISTED_ACCOUNTS = 20;

export function formatUnknownAccount(accountId: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown account ${accountId}; the accounts file lists none`;
  const shown = known.slice(0, LISTED_ACCOUNTS).join(', ');
  const more = known.length > LISTED_ACCOUNTS ? `, … (${known.length} in all)` : '';
  return `unknown account ${accountId}; known: ${shown}${more}`;
}

export function formatEnqueued(accountId: string, result: EnqueueResult): string {
  if (!result.deduplicated) return `enqueued a sync of account ${accountId}: job ${result.jobId}`;
  return [
    `a sync of account ${accountId} is already waiting: job ${result.jobId}`,
    'deduplicated: already waiting (use --force for a separate job)',
  ].join('\n');
}

export interface BlockNotice {
  summary: string;
  ttlMs: number;
}

/** Told before waiting, so a fast failure is no surprise. */
export function formatBlockedWarning(accountId: string, block: BlockNotice): string {
  return [
    `warning: account ${accountId} is blocked for another ${formatDuration(block.ttlMs)} after: ${block.summary}`,
    `its jobs fail at once without calling WeChat; after fixing the cause run: npm run cli -- unblock --account ${accountId}`,
  ].join('\n');
}

export function formatWaiting(jobId: string, timeoutS: number): string {
  return `waiting up to ${timeoutS} s for job ${jobId} to finish…`;
}
