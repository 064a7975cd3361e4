import { performance } from 'node:perf_hooks';
import { syncAnalytics } from '../analytics/sync-analytics.js';
import type { SyncKind } from '../config/index.js';
import { syncArticles } from './sync-articles.js';
import type { KindSummary, SyncContext, SyncProgress, SyncSummary } from './sync-context.js';
import { syncFollowers } from './sync-followers.js';
import { syncMaterials } from './sync-materials.js';

type KindSync = (ctx: SyncContext) => Promise<KindSummary>;

/** One module per kind; a kind joins the sync by being added here. */
const KIND_SYNCS: Record<SyncKind, KindSync> = {
  articles: syncArticles,
  followers: syncFollowers,
  materials: syncMaterials,
  analytics: syncAnalytics,
};

/**
 * Syncs the kinds the account asks for, one after another (they share the account's
 * quota, token and pacing), and returns the job's summary. Progress reports carry the
 * pages done of every kind so far, not only the current one's.
 */
export async function runSync(ctx: SyncContext): Promise<SyncSummary> {
  const started = performance.now();
  const kinds: SyncSummary['kinds'] = {};
  const pagesByKind: Partial<Record<SyncKind, number>> = {};
  const onProgress = ctx.onProgress;
  const report = async (p: SyncProgress) => {
    pagesByKind[p.kind] = p.pages;
    await onProgress?.({ ...p, pagesByKind: { ...pagesByKind } });
  };
  for (const kind of ctx.account.sync) {
    const kindStarted = performance.now();
    pagesByKind[kind] = 0;
    const summary = await KIND_SYNCS[kind]({
      ...ctx,
      logger: ctx.loggerWith?.({ kind }) ?? ctx.logger.child({ kind }),
      onProgress: report,
    });
    summary.durationMs = Math.round(performance.now() - kindStarted);
    kinds[kind] = summary;
  }
  const summary: SyncSummary = {
    accountId: ctx.account.accountId,
    kinds,
    durationMs: Math.round(performance.now() - started),
  };
  // No line of its own: the worker's one outcome line per job carries this summary.
  return summary;
}
