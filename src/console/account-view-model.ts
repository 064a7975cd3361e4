import type { FailureDiagnostic } from '../failures/index.js';
import { localizeDiagnostic } from '../failures/index.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { KindState } from '../store/sync-state.js';
import type { AccountPageData } from './account-page-data.js';
import type { ConsoleAccount } from './console-account.js';
import { type ShownTime, shownTime } from './format-time.js';
import { healthState } from './health-state.js';
import { type AccountRowView, accountRowView } from './list-view-model.js';

export interface DiagnosticView {
  summary: string;
  code: string;
  facts: Array<{ label: string; value: string }>;
  ip: string | null;
  rid: string | null;
  remedy: string[];
  at: ShownTime;
  blockedUntil: string | null;
}

export interface KindView {
  kind: string;
  checkpoint: string;
  lastCompleted: ShownTime;
  lastFull: ShownTime;
}

export interface JobView {
  id: string;
  state: string;
  created: ShownTime;
  failedReason: string | null;
  boardUrl: string;
}

export interface AccountPageView {
  row: AccountRowView;
  appId: string;
  /** How the account gets its tokens, in the page's language. */
  mode: string;
  diagnostic: DiagnosticView | null;
  kinds: KindView[];
  jobs: JobView[];
}

function diagnosticView(
  d: FailureDiagnostic,
  blockTtlMs: number | null,
  ctx: { now: number; lang: Lang; t: Translate },
): DiagnosticView {
  const { t } = ctx;
  const localized = localizeDiagnostic(d, ctx.lang);
  const rows: Array<[Parameters<Translate>[0], string | number | null]> = [
    ['field.ip', d.ip],
    ['field.ipv6', d.ipv6],
    ['field.rid', d.rid],
    ['field.errcode', d.errcode],
    ['field.errmsg', d.errmsg],
    ['field.endpoint', d.endpoint],
    ['field.field', d.field],
  ];
  return {
    summary: localized.summary,
    code: d.code,
    facts: rows
      .filter(([, v]) => v !== null && v !== '')
      .map(([k, v]) => ({ label: t(k), value: String(v) })),
    ip: d.ip,
    rid: d.rid,
    remedy: localized.remedy,
    at: shownTime(Date.parse(d.at), ctx.now, ctx.lang, t('value.none')),
    blockedUntil:
      blockTtlMs !== null
        ? t('account.blockedUntil', { time: new Date(ctx.now + blockTtlMs).toISOString() })
        : null,
  };
}

function kindView(kind: string, s: KindState, ctx: { now: number; lang: Lang; t: Translate }): KindView {
  const { now, lang, t } = ctx;
  const cp = s.checkpoint;
  return {
    kind,
    checkpoint: cp ? t('value.pass', { pass: cp.pass, pages: cp.pages }) : t('value.none'),
    lastCompleted: shownTime(s.lastCompleted?.completedAt ?? null, now, lang, t('value.never')),
    lastFull: shownTime(s.lastFull?.completedAt ?? null, now, lang, t('value.never')),
  };
}

/** The account page in the request's language. Pure. */
export function accountPageView(
  account: ConsoleAccount,
  data: AccountPageData,
  ctx: { now: number; lang: Lang; t: Translate; boardPath: string },
): AccountPageView {
  const state = healthState(data.facts, ctx.now);
  const row = accountRowView({ ...data.facts, state }, data.details, {
    ...ctx,
    scheduled: account.scheduled,
  });
  // The block's own diagnostic is the one that stops jobs now; else the last failure, while it is the latest outcome.
  const failure =
    data.block?.diagnostic ??
    (data.status.lastFailure &&
    (data.status.lastSuccessAt === null || (data.status.lastFailureAt ?? 0) > data.status.lastSuccessAt)
      ? data.status.lastFailure
      : null);
  return {
    row,
    appId: account.appId,
    mode:
      account.platform === null
        ? ctx.t('mode.ownSecret')
        : ctx.t('mode.platform', { platformId: account.platform }),
    diagnostic: failure ? diagnosticView(failure, data.block?.ttlMs ?? null, ctx) : null,
    kinds: data.syncState
      ? // The analytics kind keeps its days apart (src/analytics), not in the store's sync state.
        account.sync.flatMap((kind) =>
          kind === 'analytics' ? [] : [kindView(kind, data.syncState?.[kind] as KindState, ctx)],
        )
      : [],
    jobs: data.jobs.map((job) => ({
      id: job.id,
      state: job.state,
      created: shownTime(job.timestamp, ctx.now, ctx.lang, ctx.t('value.none')),
      failedReason: job.failedReason,
      boardUrl: `${ctx.boardPath}/queue/sync/${encodeURIComponent(job.id)}`,
    })),
  };
}
