import type { Logger } from 'pino';
import { ConfigError, formatConfigError } from '../config/index.js';
import type { ScheduledAccount } from './plan-schedules.js';
import type { ReconcileReport } from './reconcile-schedules.js';
import type { SchedulerHandle } from './start-scheduler.js';

/**
 * SIGHUP: re-read the accounts and reconcile. A broken file at reload time must not
 * take the schedules down with it (at start the process refuses to run instead): the
 * error is logged in the same words as at start, and the schedules stay as they are.
 * Never throws; null when nothing was applied.
 */
export async function reloadSchedules(
  scheduler: Pick<SchedulerHandle, 'reconcile'>,
  loadAccounts: () => readonly ScheduledAccount[],
  logger: Logger,
): Promise<ReconcileReport | null> {
  let accounts: readonly ScheduledAccount[];
  try {
    accounts = loadAccounts();
  } catch (err) {
    const problem = err instanceof ConfigError ? formatConfigError(err).trimEnd() : undefined;
    logger.error({ err, problem }, 'accounts not reloaded; the current schedules stay as they are');
    return null;
  }
  try {
    return await scheduler.reconcile(accounts);
  } catch (err) {
    logger.error({ err }, 'reconcile after reload failed; the schedules may be partly applied');
    return null;
  }
}
