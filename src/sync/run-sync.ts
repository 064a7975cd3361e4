import { performance } from 'node:perf_hooks';
import type { SyncKind } from '../config/index.js';
import { syncArticles } from './sync-articles.js';
import type { KindSummary, SyncContext, SyncSummary } from './sync-context.js';

type KindSync = (ctx: SyncContext) => Promise<KindSummary>;

/**
 * One module per kind; a kind joins the sync by being added here. Followers and
 * materials come with a later issue.
 */
const KIND_SYNCS: Partial<Record<SyncKind, KindSync>> = {
  articles: syncArticles,
};

/**
 * Syncs the kinds the account asks for, one after another (they share the account's
 * quota and token), and returns the job's summary. A kind that is not implemented yet
 * is logged once at warn and left out of the summary: reporting it as synced would
 * tell an operator that data exists when none was fetched.
 */
export async function runSync(ctx: SyncContext): Promise<SyncSummary> {
  const started = performance.now();
  const missing = ctx.account.sync.filter((kind) => KIND_SYNCS[kind] === undefined);
  if (missing.length > 0) {
    ctx.logger.warn({ kinds: missing }, 'sync kinds not implemented yet: skipped, nothing fetched or stored');
  }
  const kinds: SyncSummary['kinds'] = {};
  for (const kind of ctx.account.sync) {
    const sync = KIND_SYNCS[kind];
    if (sync === undefined) continue;
    kinds[kind] = await sync({ ...ctx, logger: ctx.logger.child({ kind }) });
  }
  const summary: SyncSummary = {
    accountId: ctx.account.accountId,
    kinds,
    durationMs: Math.round(performance.now() - started),
  };
  ctx.logger.info({ summary }, 'sync finished');
  return summary;
}
