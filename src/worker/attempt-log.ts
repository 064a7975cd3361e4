import type { MinimalJob } from 'bullmq';
import type { Account } from '../config/index.js';
import { scrubString } from '../log/index.js';
import { outcomeCodeOf } from '../metrics/index.js';

/** An error's text in a job log line or progress: first line, scrubbed of secrets, at most 300 characters. */
export function attemptErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return scrubString((message.split('\n')[0] ?? '').slice(0, 300));
}

/** `attempt 2 of 5`: BullMQ's attemptsMade counts the attempts before this one. */
export function attemptLabel(job: Pick<MinimalJob, 'attemptsMade' | 'opts'>): string {
  return `attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}`;
}

/** How the account gets its tokens, as the job log and the board say it. */
export function tokenModeText(account: Pick<Account, 'platform'>): string {
  return account.platform === undefined
    ? 'tokens via own AppSecret'
    : `tokens via platform ${account.platform}`;
}

/**
 * The job log's first line of an attempt: where and when it ran, and (for a configured
 * account) how it gets its tokens (Bull Board's Logs tab).
 */
export function attemptStartedText(
  job: Pick<MinimalJob, 'attemptsMade' | 'opts'>,
  hostId?: string,
  account?: Pick<Account, 'platform'>,
): string {
  const mode = account === undefined ? '' : `; ${tokenModeText(account)}`;
  return `${attemptLabel(job)} started on ${hostId ?? 'this host'} (pid ${process.pid})${mode}`;
}

/** Seconds for a log line: one decimal under 10 s (test and first retries are sub-second). */
function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

/** What the job's progress says while it waits for its next attempt (the CLI's --wait shows it). */
export interface RetryProgress {
  phase: 'retrying';
  /** The attempt that failed (1-based). */
  attempt: number;
  attempts: number;
  error: { code: string; message: string };
  /** ISO time of the next attempt. */
  nextAttemptAt: string;
}

/**
 * Called by the backoff strategy, which alone knows the delay BullMQ will use: writes the
 * failed attempt and the retry plan to the job's log (Bull Board's Logs tab) and progress.
 * Never throws: a log write that fails must not change the retry.
 */
export async function announceRetry(
  job: Pick<MinimalJob, 'opts' | 'log' | 'updateProgress'>,
  /** The strategy's attemptsMade: it counts the attempt that just failed (the job's own does not yet). */
  attempt: number,
  err: unknown,
  delayMs: number,
  now: number,
): Promise<void> {
  const attempts = job.opts.attempts ?? 1;
  const code = outcomeCodeOf(err);
  const message = attemptErrorText(err);
  const nextAttemptAt = new Date(now + delayMs).toISOString();
  const progress: RetryProgress = {
    phase: 'retrying',
    attempt,
    attempts,
    error: { code, message },
    nextAttemptAt,
  };
  try {
    await job.log(
      `attempt ${attempt} of ${attempts} failed: ${code}: ${message}; next attempt in ${seconds(delayMs)} s (${nextAttemptAt})`,
    );
    await job.updateProgress(progress as unknown as Record<string, unknown>);
  } catch {
    // The retry goes ahead anyway; the worker's own log line has the failure.
  }
}
