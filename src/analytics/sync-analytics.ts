import { emptyKindSummary, type KindSummary, type SyncContext } from '../sync/sync-context.js';
import { callWeChat } from '../sync/wechat-call.js';
import { WeChatError } from '../wechat/errors/index.js';
import { DATACUBE_APIS, type DatacubeApi, type DatacubeRow } from '../wechat/types.js';
import { backfillWindow, dayRange } from './beijing-days.js';
import { DATACUBE_SPAN_DAYS } from './datacube-spans.js';
import { mapMassSent } from './map-mass-sent.js';
import { type DayRequest, planRequests } from './plan-requests.js';

/** A call that failed for a reason a later pass may not meet again: its days are recorded failed, the pass goes on. */
function isDayFailure(err: unknown): err is WeChatError {
  return err instanceof WeChatError && err.retry === 'backoff';
}

/** Stores the mass-sent articles of a getarticletotal answer beside the published ones. */
async function storeMassSent(ctx: SyncContext, rows: DatacubeRow[], summary: KindSummary): Promise<void> {
  const articles = rows.flatMap((row) => mapMassSent(row) ?? []);
  if (articles.length === 0) return;
  const { accountId } = ctx.account;
  // Under the account lock: the articles state read here is written back unchanged.
  const state = (await ctx.store.getSyncState(accountId)).articles;
  const written = await ctx.store.upsertArticles(accountId, ctx.fence, articles, state);
  summary.added += written.added;
  summary.updated += written.updated;
  summary.unchanged += written.unchanged;
}

async function fetchRequest(
  ctx: SyncContext,
  api: DatacubeApi,
  req: DayRequest,
  summary: KindSummary,
): Promise<boolean> {
  const { store } = ctx.analytics!;
  const { accountId, appId } = ctx.account;
  const days = dayRange(req.begin, req.end);
  let rows: DatacubeRow[];
  try {
    rows = await callWeChat(ctx, summary, (token) =>
      ctx.client.getDatacube(appId, token, api, req.begin, req.end),
    );
  } catch (err) {
    if (!isDayFailure(err)) throw err;
    await store.markFailed(accountId, ctx.fence, api, days, `${err.name}: ${err.errmsg}`);
    ctx.logger.warn({ api, begin: req.begin, end: req.end, err }, 'datacube days failed; retried next pass');
    return false;
  }
  summary.pages += 1;
  summary.fetched += rows.length;
  const byDay = new Map<string, DatacubeRow[]>(days.map((day) => [day, []]));
  for (const row of rows) byDay.get(row.ref_date)?.push(row);
  // Articles first: a day marked stored always has its mass-sent articles stored.
  if (api === 'getarticletotal') await storeMassSent(ctx, rows, summary);
  await store.saveDays(accountId, ctx.fence, api, byDay);
  return true;
}

/**
 * The `analytics` kind: for each datacube API, the missing days of the backfill window
 * (oldest first, at most ANALYTICS_CALLS_PER_PASS calls, each within the API's span),
 * fetched and stored per day. A call that fails transiently marks its days failed and
 * the pass goes on; those days are still missing, so the next pass fetches them first.
 * Quota, permission and configuration errors end the job as in every kind.
 */
export async function syncAnalytics(ctx: SyncContext): Promise<KindSummary> {
  const settings = ctx.analytics;
  if (!settings) throw new Error('analytics sync: no analytics store configured for this worker');
  const summary = emptyKindSummary();
  const window = backfillWindow((ctx.now ?? Date.now)(), settings.backfillDays);
  const windowDays = dayRange(window.from, window.to).length;
  let missing = 0;
  for (const api of DATACUBE_APIS) {
    const stored = await settings.store.storedDays(ctx.account.accountId, api, window.from, window.to);
    const plan = planRequests(window, stored, DATACUBE_SPAN_DAYS[api], settings.callsPerPass);
    let filled = 0;
    let calls = 0;
    const queue = [...plan];
    while (queue.length > 0 && calls < settings.callsPerPass) {
      const req = queue.shift()!;
      ctx.signal.throwIfAborted();
      calls += 1;
      const days = dayRange(req.begin, req.end);
      if (await fetchRequest(ctx, api, req, summary)) filled += days.length;
      // A failed span is tried again day by day, so one bad day does not cost its neighbours.
      else if (days.length > 1) queue.unshift(...days.map((day) => ({ begin: day, end: day })));
    }
    missing += windowDays - stored.size - filled;
  }
  summary.missingDays = missing;
  summary.completed = missing === 0;
  return summary;
}
