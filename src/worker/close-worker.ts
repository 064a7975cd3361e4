import type { Logger } from 'pino';
import type { SyncWorker } from './create-sync-worker.js';

/**
 * Stops taking jobs and waits for running ones, at most `graceMs` (BullMQ's close() has
 * no timeout of its own). Past the grace period the worker is closed by force: its
 * running jobs keep their BullMQ lock until it expires and are then picked up again by
 * another worker as stalled, so nothing is lost, only redone.
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
  try {
    const outcome = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') {
      logger.warn({ graceMs }, 'running jobs did not finish within the grace period; closing by force');
      await worker.close(true);
    }
  } finally {
    clearTimeout(timer);
  }
}
