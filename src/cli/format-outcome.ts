import { formatDuration } from './format-duration.js';
import { readDiagnostic, readSyncSummary, type ShownDiagnostic } from './job-outcome.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A completed job: per kind, pages and what the writes did. An unknown result shape is shown as JSON. */
export function formatCompleted(jobId: string, returnvalue: unknown): string {
  const summary = readSyncSummary(returnvalue);
  if (!summary) return `job ${jobId} completed; result: ${JSON.stringify(returnvalue ?? null)}`;
  const lines = [`job ${jobId} completed in ${formatDuration(summary.durationMs)}`];
  const kinds = Object.entries(summary.kinds);
  if (kinds.length === 0)
    lines.push('  nothing synced: none of the kinds this account asks for is implemented yet');
  for (const [kind, k] of kinds) {
    lines.push(
      `  ${kind}: ${plural(k.pages, 'page')}, ${k.added} added, ${k.updated} updated, ${k.unchanged} unchanged`,
    );
  }
  return lines.join('\n');
}

export interface FailedJob {
  jobId: string;
  failedReason: string | null;
  attemptsMade: number;
  progress: unknown;
}

function detailLines(d: ShownDiagnostic): string[] {
  const rows: Array<[string, string | number | null | undefined]> = [
    ['IP', d.ip],
    ['IPv6', d.ipv6],
    ['errcode', d.errcode],
    ['rid', d.rid],
    ['WeChat said', d.errmsg],
    ['endpoint', d.endpoint],
    ['field', d.field],
    ['blocked until', d.blockedUntil],
  ];
  return rows.filter(([, value]) => value !== null && value !== undefined).map(([k, v]) => `  ${k}: ${v}`);
}

/**
 * A failed job in plain words: the diagnostic's sentence, the facts an operator needs
 * (the IP to whitelist, WeChat's rid for a support ticket, the errcode) and the numbered
 * steps that fix it. Without a diagnostic (retries used up on a transient fault) the
 * failedReason is all there is.
 */
export function formatFailed(job: FailedJob): string {
  const diagnostic = readDiagnostic(job.progress);
  const attempts = plural(job.attemptsMade, 'attempt');
  if (!diagnostic) {
    return `job ${job.jobId} failed after ${attempts}: ${job.failedReason ?? 'no reason recorded'}`;
  }
  const lines = [
    `job ${job.jobId} failed (${diagnostic.code}): ${diagnostic.summary}`,
    ...detailLines(diagnostic),
  ];
  if (diagnostic.remedy.length > 0) {
    lines.push('how to fix it:', ...diagnostic.remedy.map((step, i) => `  ${i + 1}. ${step}`));
  }
  return lines.join('\n');
}

export function formatTimedOut(jobId: string, timeoutS: number, state: string): string {
  return [
    `gave up waiting after ${timeoutS} s: job ${jobId} is still ${state}.`,
    'The job keeps running; its outcome shows on Bull Board (/admin/queues) and at GET /official-api/wechat/sync/' +
      jobId,
  ].join('\n');
}

export function formatVanished(jobId: string): string {
  return `job ${jobId} no longer exists (removed while waiting); its outcome is unknown`;
}
