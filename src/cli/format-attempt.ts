/** What the worker writes to a job's progress (sync-processor, attempt-log): only the fields shown here. */
interface ProgressData {
  phase?: unknown;
  attempt?: unknown;
  attempts?: unknown;
  error?: { code?: unknown; message?: unknown };
  nextAttemptAt?: unknown;
  kind?: unknown;
  pages?: unknown;
  fetched?: unknown;
  total?: unknown;
}

/** `16:02:05 UTC` of an ISO time: enough to tell when the next attempt comes. */
function clock(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** A permanent line for a failed attempt that will be retried, or null when the progress is not one. */
export function formatRetryLine(jobId: string, data: unknown, now: number): string | null {
  const p = (data ?? {}) as ProgressData;
  if (p.phase !== 'retrying' || typeof p.nextAttemptAt !== 'string') return null;
  const inS = Math.max(0, Math.round((Date.parse(p.nextAttemptAt) - now) / 1000));
  const error = `${String(p.error?.code ?? 'ERROR')}: ${String(p.error?.message ?? '')}`.slice(0, 300);
  return `job ${jobId}: attempt ${String(p.attempt)} of ${String(p.attempts)} failed (${error}); next attempt at ${clock(p.nextAttemptAt)} (in ${inS} s)`;
}

/** The line when an attempt starts running (attemptsMade counts the finished ones). */
export function formatAttemptStarted(jobId: string, attemptsMade: number, attempts: number): string {
  return `job ${jobId}: attempt ${attemptsMade + 1} of ${attempts} running`;
}

/** A terminal's progress line while a sync pages through WeChat, or null when not syncing. */
export function formatSyncingLine(jobId: string, data: unknown): string | null {
  const p = (data ?? {}) as ProgressData;
  if (p.phase !== 'syncing' || typeof p.kind !== 'string') return null;
  const total = typeof p.total === 'number' ? ` of ${p.total}` : '';
  return `job ${jobId}: syncing ${p.kind}, page ${String(p.pages ?? 0)}, ${String(p.fetched ?? 0)}${total} records`;
}
