import type { FailureDiagnostic } from '../failures/index.js';
import { localizeDiagnostic } from '../failures/index.js';
import { DEFAULT_LANG, type Lang, type MessageKey, t } from '../i18n/index.js';
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

function detailLines(d: ShownDiagnostic, lang: Lang): string[] {
  // English keeps its short labels (scripts may read them); other languages use the dictionary's.
  const label = (en: string, key: MessageKey) => (lang === 'en' ? en : t(lang, key));
  const rows: Array<[string, string | number | null | undefined]> = [
    [label('IP', 'field.ip'), d.ip],
    ['IPv6', d.ipv6],
    ['errcode', d.errcode],
    ['rid', d.rid],
    [label('WeChat said', 'field.errmsg'), d.errmsg],
    [label('endpoint', 'field.endpoint'), d.endpoint],
    [label('field', 'field.field'), d.field],
    [label('blocked until', 'cli.blockedUntil'), d.blockedUntil],
  ];
  return rows.filter(([, value]) => value !== null && value !== undefined).map(([k, v]) => `  ${k}: ${v}`);
}

/** The stored (English) diagnostic in `lang`, by its fields; unknown codes keep their stored text. */
function localized(d: ShownDiagnostic, lang: Lang): { summary: string; remedy: string[] } {
  if (lang === 'en') return { summary: d.summary, remedy: d.remedy };
  return localizeDiagnostic(
    {
      code: d.code as FailureDiagnostic['code'],
      summary: d.summary,
      remedy: d.remedy,
      accountId: d.accountId ?? null,
      appId: d.appId ?? null,
      ip: d.ip ?? null,
      errcode: d.errcode ?? null,
      endpoint: d.endpoint ?? null,
      field: d.field ?? null,
    },
    lang,
  );
}

/**
 * A failed job in plain words: the diagnostic's sentence, the facts an operator needs
 * (the IP to whitelist, WeChat's rid for a support ticket, the errcode) and the numbered
 * steps that fix it. Without a diagnostic (retries used up on a transient fault) the
 * failedReason is all there is.
 */
export function formatFailed(job: FailedJob, lang: Lang = DEFAULT_LANG): string {
  const diagnostic = readDiagnostic(job.progress);
  if (!diagnostic) {
    const reason = job.failedReason ?? t(lang, 'cli.noReason');
    if (lang !== 'en')
      return t(lang, 'cli.failedPlain', { jobId: job.jobId, attempts: job.attemptsMade, reason });
    return `job ${job.jobId} failed after ${plural(job.attemptsMade, 'attempt')}: ${reason}`;
  }
  const { summary, remedy } = localized(diagnostic, lang);
  const lines = [
    t(lang, 'cli.failed', { jobId: job.jobId, code: diagnostic.code, summary }),
    ...detailLines(diagnostic, lang),
  ];
  if (remedy.length > 0) {
    lines.push(t(lang, 'cli.howToFix'), ...remedy.map((step, i) => `  ${i + 1}. ${step}`));
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
