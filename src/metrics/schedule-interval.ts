import { CronExpressionParser } from 'cron-parser';
import type { Schedule } from '../config/index.js';

/** How many upcoming cron fires are looked at; the longest gap among them counts. */
const CRON_FIRES = 8;

/**
 * The longest gap between two runs of a schedule, for the "no successful sync for 2 ×
 * its schedule" alert: a cron like `0 9,17 * * *` has uneven gaps, and the alert must
 * not fire during the long one. Null for an account without a schedule.
 */
export function scheduleIntervalMs(schedule: Schedule | null, from: number): number | null {
  if (!schedule) return null;
  if (schedule.kind === 'every') return schedule.everyMs;
  const expression = CronExpressionParser.parse(schedule.pattern, { currentDate: new Date(from), tz: 'UTC' });
  const fires = Array.from({ length: CRON_FIRES }, () => expression.next().getTime());
  return Math.max(...fires.slice(1).map((at, i) => at - (fires[i] ?? at)));
}
