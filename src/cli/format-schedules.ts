import type { JobSchedulerJson } from 'bullmq';
import { accountIdOfScheduler } from '../queue/job-ids.js';
import { formatDuration } from './format-duration.js';

/** One scheduler as `schedules --json` prints it. */
export interface ScheduleRow {
  schedulerId: string;
  /** null for a scheduler this system did not make. */
  accountId: string | null;
  every: number | null;
  /** Phase within `every` (ms); null for cron. */
  offset: number | null;
  pattern: string | null;
  tz: string | null;
  /** ISO time of the next run; null when BullMQ has none. */
  next: string | null;
}

type StoredScheduler = Pick<
  JobSchedulerJson<unknown>,
  'key' | 'every' | 'offset' | 'pattern' | 'tz' | 'next'
>;

export function toScheduleRows(schedulers: readonly StoredScheduler[]): ScheduleRow[] {
  const rows = schedulers.map((s) => ({
    schedulerId: s.key,
    accountId: accountIdOfScheduler(s.key),
    every: s.every ?? null,
    offset: s.every ? (s.offset ?? 0) : null,
    pattern: s.pattern ?? null,
    tz: s.pattern ? (s.tz ?? null) : null,
    next: typeof s.next === 'number' && Number.isFinite(s.next) ? new Date(s.next).toISOString() : null,
  }));
  // Ours by account id, then the foreign ones by scheduler id.
  const order = (r: ScheduleRow): [number, string] =>
    r.accountId === null ? [1, r.schedulerId] : [0, r.accountId];
  return rows.sort((a, b) => {
    const [groupA, keyA] = order(a);
    const [groupB, keyB] = order(b);
    return groupA - groupB || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
  });
}

function scheduleText(row: ScheduleRow): string {
  if (row.every !== null) return `every ${formatDuration(row.every)}`;
  if (row.pattern !== null) return `cron ${row.pattern}${row.tz ? ` (${row.tz})` : ''}`;
  return '?';
}

function untilText(next: string | null, now: number): string {
  if (next === null) return '-';
  const ms = Date.parse(next) - now;
  // Past due means no worker has taken the job yet (none running, or all busy).
  return ms <= 0
    ? `due ${formatDuration(Math.round(-ms / 1000) * 1000)} ago`
    : `in ${formatDuration(Math.round(ms / 1000) * 1000)}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A compact table, one line per scheduler; times in UTC. */
export function formatSchedulesTable(rows: readonly ScheduleRow[], now: number): string {
  if (rows.length === 0) return 'no schedules: no account has one, or the scheduler has not run yet';
  const cells = rows.map((row) => [
    row.accountId ?? `(not ours) ${row.schedulerId}`,
    scheduleText(row),
    row.offset === null ? '-' : `+${formatDuration(row.offset)}`,
    row.next === null ? '-' : `${row.next.slice(0, 19).replace('T', ' ')}`,
    untilText(row.next, now),
  ]);
  return table(['ACCOUNT', 'SCHEDULE', 'OFFSET', 'NEXT RUN (UTC)', 'WHEN'], cells);
}

export function formatSchedulesJson(rows: readonly ScheduleRow[]): string {
  return JSON.stringify(rows, null, 2);
}
