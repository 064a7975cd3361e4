import { localizeDiagnostic } from '../failures/index.js';
import type { Lang, Translate } from '../i18n/index.js';
import { expiryTime, type ShownTime, shownTime } from './format-time.js';
import { HEALTH_STATES, type HealthState, healthState, severity } from './health-state.js';
import type { AccountHealthFacts } from './read-health-facts.js';
import type { RowDetails } from './read-row-details.js';

export const PAGE_SIZE = 50;

export interface ListQuery {
  state: HealthState | 'all';
  /** Lower-cased search text; '' = no search. */
  q: string;
  /** 1-based. */
  page: number;
}

export interface ClassifiedAccount extends AccountHealthFacts {
  state: HealthState;
}

export interface ListSelection {
  rows: ClassifiedAccount[];
  /** Accounts per state over all accounts (the filter chips). */
  counts: Record<HealthState, number>;
  total: number;
  matched: number;
  page: number;
  pages: number;
}

/** Worst state first; within a state the most recent failure first, then by account id. */
function compareAccounts(a: ClassifiedAccount, b: ClassifiedAccount): number {
  return (
    severity(a.state) - severity(b.state) ||
    (b.lastFailureAt ?? 0) - (a.lastFailureAt ?? 0) ||
    (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)
  );
}

function matches(a: ClassifiedAccount, query: ListQuery): boolean {
  if (query.state !== 'all' && a.state !== query.state) return false;
  if (query.q === '') return true;
  return a.accountId.toLowerCase().includes(query.q) || (a.name?.toLowerCase().includes(query.q) ?? false);
}

/** Classifies every account, counts per state, filters, sorts worst first and cuts one page. Pure. */
export function selectAccounts(
  facts: readonly AccountHealthFacts[],
  query: ListQuery,
  now: number,
): ListSelection {
  const counts = Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as Record<HealthState, number>;
  const classified = facts.map((f): ClassifiedAccount => {
    const state = healthState(f, now);
    counts[state] += 1;
    return { ...f, state };
  });
  const matched = classified.filter((a) => matches(a, query)).sort(compareAccounts);
  const pages = Math.max(1, Math.ceil(matched.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    rows: matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    counts,
    total: facts.length,
    matched: matched.length,
    page,
    pages,
  };
}

export interface AccountRowView {
  accountId: string;
  name: string | null;
  state: HealthState;
  stateLabel: string;
  lastSuccess: ShownTime;
  lastFailure: ShownTime;
  failureSummary: string | null;
  nextRun: ShownTime;
  lock: string | null;
  tokenExpiry: ShownTime;
  quota: string;
  records: string;
}

/**
 * The row's one-line failure text. Stored in English; a whitelist refusal is re-rendered
 * from the facts the row has (account, app, IP), other codes keep the stored sentence.
 */
function failureSummary(a: ClassifiedAccount, stored: string | null, lang: Lang): string | null {
  if (a.lastFailureCode !== 'IP_NOT_WHITELISTED' || stored === null) return stored;
  const { accountId, appId, lastSeenIp: ip } = a;
  return localizeDiagnostic(
    {
      code: a.lastFailureCode,
      summary: stored,
      remedy: [],
      accountId,
      appId,
      ip,
      errcode: null,
      endpoint: null,
      field: null,
    },
    lang,
  ).summary;
}

export function stateLabel(a: Pick<ClassifiedAccount, 'state' | 'lastSeenIp'>, t: Translate): string {
  if (a.state === 'blocked' && a.lastSeenIp) return t('state.blockedIp', { ip: a.lastSeenIp });
  return t(`state.${a.state}`);
}

/** One table row, every value already in the page's language. */
export function accountRowView(
  a: ClassifiedAccount,
  details: RowDetails | undefined,
  ctx: { now: number; lang: Lang; t: Translate; scheduled: boolean },
): AccountRowView {
  const { now, lang, t } = ctx;
  const records = details?.records;
  return {
    accountId: a.accountId,
    name: a.name,
    state: a.state,
    stateLabel: stateLabel(a, t),
    lastSuccess: shownTime(a.lastSuccessAt, now, lang, t('value.never')),
    lastFailure: shownTime(a.lastFailureAt, now, lang, t('value.none')),
    failureSummary: failureSummary(a, details?.failureSummary ?? null, lang),
    nextRun: shownTime(
      details?.nextRunAt ?? null,
      now,
      lang,
      ctx.scheduled ? t('value.unknown') : t('value.notScheduled'),
    ),
    lock: a.holder ? `${a.holder.jobId}@${a.holder.host}` : null,
    tokenExpiry: expiryTime(details?.tokenExpiresAt ?? null, now, lang, t),
    // Stored by the workers after each sync (openapi/quota/get, src/quota); unknown until then.
    quota: details?.quota ?? t('value.unknown'),
    records: records ? t('value.records', records) : t('value.none'),
  };
}
