import type { ArticlesCheckpoint, KindState } from '../store/index.js';
import { MAX_PAGE_COUNT } from '../wechat/client.js';
import type { PublishedPage } from '../wechat/types.js';
import { DEFAULT_ARTICLES_FULL_PASS_EVERY_MS, incrementalDone, newArticlesPass } from './articles-pass.js';
import { finishPass } from './finish-pass.js';
import { mapPublishedItem } from './map-article.js';
import { afterPage, type PagingState, type PagingStep } from './offset-paging.js';
import { completedState, inProgressState, resumable } from './pass-state.js';
import { noteSkipped, skippedProgress } from './skipped-entries.js';
import { emptyKindSummary, type KindSummary, kindStateAtStart, type SyncContext } from './sync-context.js';
import { callWeChat } from './wechat-call.js';

export interface SyncArticlesOptions {
  /**
   * Ask WeChat for the article HTML and store it. Off by default: answers and stored
   * records stay small, and the metadata is what downstream systems list and link.
   * A record holds what the last run fetched: a run without content after one with it
   * rewrites the records without their HTML (counted as updated).
   */
  withContent?: boolean;
}

/**
 * Published articles (`freepublish/batchget`, 20 a page: WeChat's maximum, so a pass
 * costs the fewest of the account's 100 calls a day). Each page is upserted, fenced,
 * together with the checkpoint after it, so a retry resumes at the next page. A pass is
 * incremental unless forced or due for a full pass (articles-pass.ts).
 */
export async function syncArticles(ctx: SyncContext, opts: SyncArticlesOptions = {}): Promise<KindSummary> {
  const withContent = opts.withContent ?? false;
  const now = ctx.now ?? Date.now;
  const summary = emptyKindSummary();
  let state = await kindStateAtStart(ctx, 'articles');
  const resumed = resumable<ArticlesCheckpoint>(state, 'articles', ctx.force);
  let cp =
    resumed ??
    newArticlesPass(
      state,
      ctx.force,
      now(),
      ctx.articlesFullPassEveryMs ?? DEFAULT_ARTICLES_FULL_PASS_EVERY_MS,
    );
  summary.resumed = resumed !== null;
  summary.full = cp.full;
  if (resumed)
    ctx.logger.info({ pass: cp.pass, offset: cp.offset, pages: cp.pages }, 'resuming articles pass');
  // The page cap counts this run's pages only: a resumed run starts from the checkpoint's offset.
  let paging: PagingState = { offset: cp.offset, pages: 0, cap: Number.POSITIVE_INFINITY };
  for (;;) {
    const page = await callWeChat(ctx, summary, (token) =>
      ctx.client.batchGetPublished(ctx.account.appId, token, {
        offset: paging.offset,
        count: MAX_PAGE_COUNT,
        noContent: !withContent,
      }),
    );
    // A malformed entry was received too: it must not make a full page look like the end.
    const received = page.item.length + page.rejected.length;
    const step = afterPage(paging, { ...page, received }, MAX_PAGE_COUNT);
    cp = { ...cp, offset: step.state.offset, pages: cp.pages + 1 };
    if (step.done) {
      // The last page is written with its pass completed, in the same fenced write: one
      // store call fewer per pass (most scheduled syncs are one page), and no moment where
      // a finished pass still looks resumable.
      await storePage(ctx, page, withContent, completedState(state, cp, now()), summary, false);
      logStep(ctx, page, step);
      summary.completed = true;
      return summary;
    }
    state = inProgressState(state, cp);
    const stop = await storePage(ctx, page, withContent, state, summary, !cp.full);
    logStep(ctx, page, step);
    paging = step.state;
    if (stop) break;
  }
  return finishPass(ctx, 'articles', state, cp, now(), summary);
}

/**
 * Stores one page with the state after it. With `mayStop` (an incremental pass with more
 * pages to come) it also says whether the pass may stop here; otherwise it answers false
 * without counting, which would cost a store call for nothing.
 */
async function storePage(
  ctx: SyncContext,
  page: PublishedPage,
  withContent: boolean,
  state: KindState,
  summary: KindSummary,
  mayStop: boolean,
): Promise<boolean> {
  const { accountId } = ctx.account;
  const articles = page.item.map((item) => mapPublishedItem(item, { withContent }));
  noteSkipped(ctx, summary, 'articles', 'article_id', page.rejected);
  ctx.signal.throwIfAborted();
  summary.pages += 1;
  summary.fetched += page.item.length;
  // The page's progress goes out with its write (one round trip, not two): what it reports
  // is known before the write, and a write that fails fails the attempt, whose own
  // progress then replaces this one.
  const [written] = await Promise.all([
    ctx.store.upsertArticles(accountId, ctx.fence, articles, state),
    ctx.onProgress?.({
      kind: 'articles',
      pages: summary.pages,
      fetched: summary.fetched,
      total: page.total_count,
      ...skippedProgress(summary),
    }),
  ]);
  summary.added += written.added;
  summary.updated += written.updated;
  summary.unchanged += written.unchanged;
  // Counting costs a Redis call or a query: only when the page itself allows stopping.
  if (!mayStop || written.added + written.updated > 0 || articles.length === 0) return false;
  return incrementalDone(
    written,
    articles.length,
    await ctx.store.countArticles(accountId),
    page.total_count,
  );
}

function logStep(ctx: SyncContext, page: PublishedPage, step: PagingStep): void {
  const items = page.item.length;
  ctx.logger.debug(
    { offset: step.state.offset - page.item_count, items, total: page.total_count },
    'articles page stored',
  );
  if (step.done && step.reason === 'cap') {
    ctx.logger.warn(
      { pages: step.state.pages, offset: step.state.offset, total: page.total_count },
      'stopped paging at the page cap: WeChat kept reporting more articles than its first page announced',
    );
  }
}
