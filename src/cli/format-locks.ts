import type { CleanupReport, LockEntry } from '../diagnosis/index.js';
import { formatDuration } from './format-duration.js';

const HEADERS = ['ACCOUNT', 'JOB', 'JOB STATE', 'HOST', 'PID', 'AGE', 'TTL LEFT', 'OWNER'];

function cells(l: LockEntry): string[] {
  const ttl = l.ttlMs < 0 ? 'no expiry' : formatDuration(l.ttlMs);
  const state = l.jobActive ? 'active' : `${l.jobState} (orphan)`;
  return [l.accountId, l.jobId, state, l.host, String(l.pid), formatDuration(l.ageMs), ttl, l.owner];
}

/** `locks list`: one row per account lock. */
export function formatLocks(locks: readonly LockEntry[]): string[] {
  if (locks.length === 0) return ['no account locks held'];
  const rows = locks.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}

/** `locks cleanup`: what was released, kept and skipped. */
export function formatCleanup(report: CleanupReport): string[] {
  const out: string[] = [];
  for (const l of report.released)
    out.push(`released ${l.accountId}: job ${l.jobId} is ${l.jobState}, not active`);
  for (const l of report.kept) out.push(`kept ${l.accountId}: job ${l.jobId} is active`);
  for (const l of report.skipped)
    out.push(`skipped ${l.accountId}: already released or re-taken by another job`);
  out.push(
    `${report.released.length} released, ${report.kept.length} kept (active), ${report.skipped.length} skipped`,
  );
  return out;
}
