import type { AccountDiagnosis, DeploymentEgress, DiagnosisReport } from '../diagnosis/index.js';
import { localizeDiagnostic } from '../failures/index.js';
import { DEFAULT_LANG, type Lang, t } from '../i18n/index.js';
import { formatDuration } from './format-duration.js';

const HEADERS = [
  'ACCOUNT',
  'MODE',
  'TOKEN',
  'BLOCKED',
  'LOCK',
  'LAST SUCCESS',
  'LAST FAILURE',
  'JOBS w/a/d/f',
  'LAST IP',
];

function ago(iso: string | null, now: number): string {
  if (iso === null) return '-';
  return `${formatDuration(Math.max(0, Math.round((now - Date.parse(iso)) / 1000) * 1000))} ago`;
}

function row(a: AccountDiagnosis, now: number): string[] {
  const token = a.token.ok ? `ok (${a.token.source})` : `FAIL ${a.token.failure?.code ?? 'ERROR'}`;
  const blocked = a.block.clearedByThisCheck
    ? 'lifted now'
    : a.block.until
      ? `until ${a.block.until.slice(11, 19)}Z`
      : 'no';
  const lock = a.lock ? `${a.lock.jobId}@${a.lock.host}` : '-';
  const failure = a.lastFailure
    ? `${ago(a.lastFailure.at, now)} ${a.lastFailure.diagnostic?.code ?? ''}`.trim()
    : '-';
  const j = a.jobs;
  const jobs = `${j.waiting + j.prioritized}/${j.active}/${j.delayed}/${j.failed}`;
  return [
    a.accountId,
    a.mode.kind === 'platform' ? `platform ${a.mode.platformId}` : 'own secret',
    token,
    blocked,
    lock,
    ago(a.lastSuccess?.at ?? null, now),
    failure,
    jobs,
    a.egress.ip ?? '-',
  ];
}

function table(rows: string[][]): string[] {
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}

/** What is wrong with one account and how to fix it, spelled out. */
function details(a: AccountDiagnosis, lang: Lang): string[] {
  const out = [`${a.accountId} (AppID ${a.appId}): ${a.token.error ?? 'cannot get a token'}`];
  const f = a.token.failure;
  if (f?.errcode !== undefined && f?.errcode !== null)
    out.push(`  errcode: ${f.errcode}  errmsg: ${f.errmsg}`);
  if (a.egress.ip) {
    const changed =
      a.egress.changedSinceLastSuccess === true
        ? ` (changed: ${a.egress.ipAtLastSuccess} worked before)`
        : a.egress.changedSinceLastSuccess === false
          ? ' (same IP as at the last success)'
          : '';
    out.push(`  egress IP WeChat saw: ${a.egress.ip}${changed}`);
  }
  if (f?.rid) out.push(`  rid: ${f.rid}`);
  // The token failure's own steps come first in a.remedy; in another language they are re-rendered.
  const own = f?.remedy?.length ?? 0;
  const remedy =
    f && own > 0 && lang !== 'en'
      ? [...localizeDiagnostic(f, lang).remedy, ...a.remedy.slice(own)]
      : a.remedy;
  if (remedy.length > 0) {
    out.push(lang === 'en' ? '  How to fix:' : `  ${t(lang, 'cli.howToFix')}`);
    remedy.forEach((step, i) => {
      out.push(`    ${i + 1}. ${step}`);
    });
  }
  return out;
}

/** How the deployment reaches WeChat, and a split egress spelled out. */
function egressLines(egress: DeploymentEgress | undefined): string[] {
  if (!egress) return [];
  const out = [
    egress.mode === 'proxy'
      ? `egress: through the proxy ${egress.proxy} (WECHAT_PROXY_URL): whitelist the proxy's address`
      : "egress: direct (WeChat sees each host's own address)",
  ];
  if (egress.split) {
    const ips = egress.split.ips.map((i) => `${i.ip} (${i.accounts.join(', ')})`).join(', ');
    out.push(`SPLIT EGRESS: WeChat reported different IPs for this deployment: ${ips}`);
    egress.split.remedy.forEach((step, i) => {
      out.push(`  ${i + 1}. ${step}`);
    });
  }
  return out;
}

/** Token fights of accounts that are otherwise healthy (an unhealthy one has them in its remedy). */
function fightLines(a: AccountDiagnosis): string[] {
  const f = a.tokenFights;
  if (!a.healthy || f === undefined || f.count === 0) return [];
  const out = [`${a.accountId}: TOKEN FIGHT, ${f.count} in 24 h, last at ${f.lastAt ?? '?'}`];
  a.remedy.forEach((step, i) => {
    out.push(`    ${i + 1}. ${step}`);
  });
  return ['', ...out];
}

/** `acc quota: /cgi-bin/user/get 12/500 left (LOW), …`, APIs with the least left first; null when never checked. */
export function quotaLine(a: AccountDiagnosis, now: number): string | null {
  const entries = Object.entries(a.quota ?? {}).sort(
    ([, x], [, y]) => x.remain / (x.dailyLimit || 1) - y.remain / (y.dailyLimit || 1),
  );
  if (entries.length === 0) return null;
  const parts = entries.map(([path, q]) => {
    const low = q.dailyLimit > 0 && q.remain < q.dailyLimit * 0.1 ? ' (LOW)' : '';
    return `${path} ${q.remain}/${q.dailyLimit} left${low}`;
  });
  const checked = Math.min(...entries.map(([, q]) => q.checkedAt));
  return `${a.accountId} quota (checked ${ago(new Date(checked).toISOString(), now)}): ${parts.join(', ')}`;
}

/** The human output of `diagnose`: Redis, one table row per account, then what to fix. */
export function formatDiagnosis(report: DiagnosisReport, now: number, lang: Lang = DEFAULT_LANG): string[] {
  const { redis } = report;
  const out = [
    redis.reachable
      ? `redis: ok (${redis.latencyMs} ms)`
      : `redis: UNREACHABLE (${redis.error ?? 'no answer'})`,
  ];
  if (!redis.reachable) return [...out, 'unhealthy: Redis does not answer; nothing else could be checked'];
  out.push(...egressLines(report.egress));
  out.push('', ...table(report.accounts.map((a) => row(a, now))));
  for (const a of report.accounts) out.push(...fightLines(a));
  for (const a of report.accounts) {
    if (a.block.clearedByThisCheck)
      out.push('', `${a.accountId}: token ok, so its whitelist block was lifted`);
  }
  for (const a of report.accounts) {
    const quota = quotaLine(a, now);
    if (quota) out.push('', quota);
  }
  for (const a of report.accounts.filter((x) => !x.healthy)) out.push('', ...details(a, lang));
  const failing = report.accounts.filter((a) => !a.healthy).length;
  out.push(
    '',
    report.healthy
      ? `healthy: ${report.accounts.length} account(s) can get a token`
      : `unhealthy: ${failing} of ${report.accounts.length} account(s) cannot get a token`,
  );
  return out;
}
