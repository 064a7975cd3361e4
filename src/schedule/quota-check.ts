import { CronExpressionParser } from 'cron-parser';
import type { Schedule, SyncKind } from '../config/index.js';

/**
 * WeChat's daily call quota of the list call each kind makes at least once per sync
 * (docs/wechat-api.md): freepublish/batchget 100 a day, user/get 500. Materials have no
 * published list quota, so they are not checked.
 */
export const DAILY_LIST_QUOTA: Partial<Record<SyncKind, { endpoint: string; perDay: number }>> = {
  articles: { endpoint: 'freepublish/batchget', perDay: 100 },
  followers: { endpoint: 'user/get', perDay: 500 },
};

const DAY_MS = 86_400_000;

/** How many times a schedule fires in one day (a cron counted over a fixed UTC day). */
export function runsPerDay(schedule: Schedule): number {
  if (schedule.kind === 'every') return Math.floor(DAY_MS / schedule.everyMs);
  const start = Date.UTC(2030, 0, 1);
  const expression = CronExpressionParser.parse(schedule.pattern, {
    currentDate: new Date(start - 1),
    endDate: new Date(start + DAY_MS - 1),
    tz: 'UTC',
  });
  let runs = 0;
  // At most 8 640 fires a day: schedules closer than 10 s are refused at config time.
  while (expression.hasNext()) {
    expression.next();
    runs += 1;
  }
  return runs;
}

export interface QuotaWarning {
  accountId: string;
  kind: SyncKind;
  runsPerDay: number;
  perDay: number;
  message: string;
}

/**
 * Accounts whose schedule alone spends more list calls a day than WeChat allows for a kind
 * they sync: from the quota's end on, every sync of the day fails with 45009. Pure.
 */
export function scheduleQuotaWarnings(
  accounts: ReadonlyArray<{ accountId: string; schedule: Schedule | null; sync: readonly SyncKind[] }>,
): QuotaWarning[] {
  const warnings: QuotaWarning[] = [];
  for (const account of accounts) {
    if (!account.schedule) continue;
    const runs = runsPerDay(account.schedule);
    for (const kind of account.sync) {
      const quota = DAILY_LIST_QUOTA[kind];
      if (!quota || runs <= quota.perDay) continue;
      const hours = ((quota.perDay / runs) * 24).toFixed(1);
      warnings.push({
        accountId: account.accountId,
        kind,
        runsPerDay: runs,
        perDay: quota.perDay,
        message: `account ${account.accountId}: its schedule runs ${runs} times a day, but WeChat allows ${quota.perDay} ${quota.endpoint} calls a day (${kind}): the quota is spent after about ${hours} h and later syncs fail with 45009; schedule it at most every ${Math.ceil(DAY_MS / quota.perDay / 60_000)} minutes`,
      });
    }
  }
  return warnings;
}
