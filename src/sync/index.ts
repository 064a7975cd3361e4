export { type MapArticleOptions, mapNewsItem, mapPublishedItem } from './map-article.js';
export {
  afterPage,
  firstPagingState,
  PAGE_CAP_MARGIN,
  type PagingState,
  type PagingStep,
} from './offset-paging.js';
export { runSync } from './run-sync.js';
export { type SyncArticlesOptions, syncArticles } from './sync-articles.js';
export {
  emptyKindSummary,
  type KindSummary,
  type SyncContext,
  type SyncProgress,
  type SyncSummary,
} from './sync-context.js';
