import type { FailedJobView } from './failed-jobs.js';

/** `jobs list`: one line per failed job, newest first, then a count per reason. */
export function formatFailedJobs(views: readonly FailedJobView[]): string[] {
  if (views.length === 0) return ['no failed jobs match'];
  const lines = views.map(
    (v) =>
      `${v.jobId}  ${v.accountId ?? '-'}  ${v.reason}  ${v.failedAt ?? '-'}  attempts ${v.attemptsMade}  ${v.failedReason}`,
  );
  const byReason = new Map<string, number>();
  for (const v of views) byReason.set(v.reason, (byReason.get(v.reason) ?? 0) + 1);
  const counts = [...byReason].map(([reason, n]) => `${reason} ${n}`).join(', ');
  lines.push(`${views.length} failed ${views.length === 1 ? 'job' : 'jobs'}: ${counts}`);
  return lines;
}
