import type { Logger } from 'pino';

/**
 * SIGTERM/SIGINT handling shared by every entry point: run `stop` once, exit 0 when it
 * finishes, exit 1 if it has not finished within `hardLimitMs` (a stuck close must not
 * keep a container from stopping; anything unfinished is recovered by BullMQ's stalled
 * job check on another worker).
 */
export function onShutdown(
  logger: Logger,
  hardLimitMs: number,
  stop: (signal: string) => Promise<void>,
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ hardLimitMs }, 'did not stop in time; exiting');
      process.exit(1);
    }, hardLimitMs).unref();
    stop(signal).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
