import { CronExpressionParser } from 'cron-parser';
import ms from 'ms';
import type { Schedule } from './account.js';

/**
 * Below this a schedule would hammer WeChat's quotas (2 000 token calls a day per app)
 * and pile jobs up faster than a sync can finish.
 */
export const MIN_SCHEDULE_MS = 10_000;

/** How many upcoming cron fires are checked for a gap below MIN_SCHEDULE_MS. */
const CRON_GAPS_CHECKED = 5;

export type ScheduleResult = { value: Schedule } | { problem: string };

/** `"15m"`, `"1h"`, `"30s"` (via ms) or a number of milliseconds. */
export function parseEvery(every: string | number): ScheduleResult {
  // ms() throws on an empty string and returns fractions for "1.5s"; whole ms are enough.
  const fromText = typeof every === 'string' && every.trim() !== '' ? ms(every as ms.StringValue) : undefined;
  const everyMs =
    typeof every === 'number' ? every : fromText === undefined ? undefined : Math.round(fromText);
  const shown = JSON.stringify(every);
  if (typeof everyMs !== 'number' || !Number.isSafeInteger(everyMs)) {
    return {
      problem: `must be a duration like "15m", "1h", "30s" or a whole number of milliseconds, got ${shown}`,
    };
  }
  if (everyMs < MIN_SCHEDULE_MS) {
    return { problem: `must be at least ${MIN_SCHEDULE_MS / 1000}s (${MIN_SCHEDULE_MS} ms), got ${shown}` };
  }
  return { value: { kind: 'every', everyMs } };
}

/**
 * cron-parser fills missing fields with `*`, so a 4-field "every 15" pattern (meant as
 * minutes) would run every minute: 1 440 runs a day, the 100 article-list
 * calls of a day gone in under two hours. Only 5 fields (minute hour day-of-month month
 * day-of-week) or 6 (seconds first, as BullMQ allows) are accepted.
 */
function fieldCountProblem(pattern: string, shown: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length === 5 || fields.length === 6) return null;
  return `must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length} in ${shown}`;
}

/**
 * Validated with the cron-parser BullMQ itself uses (so BullMQ accepts what passes here),
 * plus a strict field count (fieldCountProblem).
 */
export function parseCron(pattern: string): ScheduleResult {
  const shown = JSON.stringify(pattern.slice(0, 100));
  if (pattern.trim() === '') return { problem: 'must not be blank' };
  // Bounded before the parser sees it: a cron pattern is short.
  if (pattern.length > 100) return { problem: `must be at most 100 characters, got ${pattern.length}` };
  const fieldProblem = fieldCountProblem(pattern, shown);
  if (fieldProblem) return { problem: fieldProblem };
  let fires: number[];
  try {
    const expression = CronExpressionParser.parse(pattern, { currentDate: new Date(Date.UTC(2030, 0, 1)) });
    fires = Array.from({ length: CRON_GAPS_CHECKED + 1 }, () => expression.next().getTime());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { problem: `not a valid cron pattern (${reason}), got ${shown}` };
  }
  // Six-field patterns have a seconds field, so "*/5 * * * * *" is a 5-second schedule.
  const tooClose = fires.slice(1).some((at, i) => at - (fires[i] ?? at) < MIN_SCHEDULE_MS);
  if (tooClose) return { problem: `fires more often than every ${MIN_SCHEDULE_MS / 1000}s, got ${shown}` };
  return { value: { kind: 'cron', pattern } };
}
