import type { Account, SyncKind } from '../config/index.js';
import { scheduleIntervalMs } from '../metrics/schedule-interval.js';

/** What the console knows of a configured account: never its secret. */
export interface ConsoleAccount {
  accountId: string;
  appId: string;
  /** The platformId when the account's tokens come from a third-party platform; null = its own AppSecret. */
  platform: string | null;
  name: string | null;
  sync: readonly SyncKind[];
  scheduled: boolean;
  /** Longest gap between scheduled runs (cron parsed once here, not per request); null = unscheduled. */
  intervalMs: number | null;
}

export function toConsoleAccounts(accounts: readonly Account[], now: number): ConsoleAccount[] {
  return accounts.map((a) => ({
    accountId: a.accountId,
    appId: a.appId,
    platform: a.platform ?? null,
    name: a.name ?? null,
    sync: a.sync,
    scheduled: a.schedule !== null,
    intervalMs: scheduleIntervalMs(a.schedule, now),
  }));
}
