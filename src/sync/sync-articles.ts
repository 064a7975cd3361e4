import type { Logger } from 'pino';
import { MAX_PAGE_COUNT } from '../wechat/client.js';
import type { PublishedPage } from '../wechat/types.js';
import { mapPublishedItem } from './map-article.js';
import { afterPage, firstPagingState, type PagingState, type PagingStep } from './offset-paging.js';
import { emptyKindSummary, type KindSummary, type SyncContext } from './sync-context.js';

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
 * Fetches every published article of the account (`freepublish/batchget`, all pages,
 * 20 a page: WeChat's maximum, so a full sync costs the fewest calls of the account's
 * 100 a day) and upserts each page, fenced, as it arrives. Stops at the first sign the
 * lock is lost; a stale run's writes are refused by the fence anyway.
 */
export async function syncArticles(ctx: SyncContext, opts: SyncArticlesOptions = {}): Promise<KindSummary> {
  const withContent = opts.withContent ?? false;
  const summary = emptyKindSummary();
  let paging = firstPagingState();
  for (;;) {
    const page = await fetchPage(ctx, paging, withContent, summary);
    await storePage(ctx, page, withContent, summary);
    const step = afterPage(paging, { ...page, received: page.item.length }, MAX_PAGE_COUNT);
    logPage(ctx.logger, paging, page, step);
    paging = step.state;
    if (step.done) return summary;
  }
}

function fetchPage(
  ctx: SyncContext,
  paging: PagingState,
  withContent: boolean,
  summary: KindSummary,
): Promise<PublishedPage> {
  const { account, client, tokens, signal } = ctx;
  // Before withToken too: an aborted run should not even refresh a token.
  signal.throwIfAborted();
  return tokens.withToken(account, (token) => {
    // And inside fn, so the retry after a token refresh is checked as well.
    signal.throwIfAborted();
    summary.wechatCalls += 1;
    return client.batchGetPublished(account.appId, token, {
      offset: paging.offset,
      count: MAX_PAGE_COUNT,
      noContent: !withContent,
    });
  });
}

async function storePage(
  ctx: SyncContext,
  page: PublishedPage,
  withContent: boolean,
  summary: KindSummary,
): Promise<void> {
  summary.pages += 1;
  summary.fetched += page.item.length;
  if (page.item.length > 0) {
    const articles = page.item.map((item) => mapPublishedItem(item, { withContent }));
    ctx.signal.throwIfAborted();
    const written = await ctx.store.upsertArticles(ctx.account.accountId, ctx.fence, articles);
    summary.added += written.added;
    summary.updated += written.updated;
    summary.unchanged += written.unchanged;
  }
  const { pages, fetched } = summary;
  await ctx.onProgress?.({ kind: 'articles', pages, fetched, total: page.total_count });
}

function logPage(logger: Logger, before: PagingState, page: PublishedPage, step: PagingStep): void {
  const { offset } = before;
  logger.debug({ offset, items: page.item.length, total: page.total_count }, 'articles page stored');
  if (step.done && step.reason === 'cap') {
    logger.warn(
      { pages: step.state.pages, offset: step.state.offset, total: page.total_count },
      'stopped paging at the page cap: WeChat kept reporting more articles than its first page announced',
    );
  }
}
