import type { QueueEvents } from 'bullmq';
import type { SyncQueue } from '../queue/sync-queue.js';
import { formatAttemptStarted, formatRetryLine, formatSyncingLine } from './format-attempt.js';

export interface AttemptWriters {
  /** A permanent status line (stderr). */
  status(line: string): void;
  /** A line a terminal overwrites in place; null where stderr is not a terminal (then nothing is shown). */
  progress: ((line: string) => void) | null;
  now(): number;
}

/**
 * While `sync --wait` waits: each attempt's start, each failed attempt with the time of
 * the next one (from the progress the worker writes, see src/worker/attempt-log.ts), and
 * on a terminal a progress line of the pages. Returns the function that stops listening.
 */
export function watchAttempts(
  events: QueueEvents,
  queue: SyncQueue,
  jobId: string,
  writers: AttemptWriters,
): () => void {
  const onActive = ({ jobId: id }: { jobId: string }) => {
    if (id !== jobId) return;
    void queue
      .getJob(jobId)
      .then((job) => {
        if (job) writers.status(formatAttemptStarted(jobId, job.attemptsMade, job.opts.attempts ?? 1));
      })
      .catch(() => {}); // a status line is not worth failing the wait for
  };
  const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
    if (id !== jobId) return;
    const retry = formatRetryLine(jobId, data, writers.now());
    if (retry) return writers.status(retry);
    const syncing = formatSyncingLine(jobId, data);
    if (syncing && writers.progress) writers.progress(syncing);
  };
  events.on('active', onActive);
  events.on('progress', onProgress as never);
  return () => {
    events.off('active', onActive);
    events.off('progress', onProgress as never);
  };
}
