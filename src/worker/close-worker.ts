import type { Logger } from 'pino';
import type { SyncWorker } from './create-sync-worker.js';

/**
 * Stops taking jobs and waits for running ones, at most `graceMs` (BullMQ's close() has
 * no timeout of its own). Past the grace period it stops waiting and returns: the close
 * goes on in the background, and once the caller has closed the worker's connection
 * (or the process has exited) the running jobs' BullMQ locks are no longer renewed, so
 * another worker's stalled check takes them up: nothing is lost, only redone.
 *
 * Not close(true) after the grace period: BullMQ's close() hands every later call the
 * promise of its first one, so a "forced" close after a waiting close() waits just the
 * same (the bug this replaced). Nor pause() to drain first: when its jobs end after a
 * forced close, it reconnects the blocking connection that the close had shut.
 */
export async function closeWorkerGracefully(
  worker: SyncWorker,
  graceMs: number,
  logger: Logger,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const closed = worker.close().then(
    () => 'closed' as const,
    (err: unknown) => {
      logger.warn({ err }, 'error while closing the worker');
      return 'closed' as const;
    },
  );
  try {
    if ((await Promise.race([closed, timedOut])) === 'timeout') {
      logger.warn(
        { graceMs },
        'running jobs did not finish within the grace period; leaving them to be retried as stalled',
      );
    }
  } finally {
    clearTimeout(timer);
  }
}
