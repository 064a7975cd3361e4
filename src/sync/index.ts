export { DEFAULT_ARTICLES_FULL_PASS_EVERY_MS, incrementalDone, newArticlesPass } from './articles-pass.js';
export { type MapArticleOptions, mapNewsItem, mapPublishedItem } from './map-article.js';
export { mapUserInfo } from './map-follower.js';
export { mapMaterial } from './map-material.js';
export {
  afterPage,
  firstPagingState,
  PAGE_CAP_MARGIN,
  type PagingState,
  type PagingStep,
} from './offset-paging.js';
export { completedState, inProgressState, nextPassNumber, resumable } from './pass-state.js';
export { runSync } from './run-sync.js';
export { type SyncArticlesOptions, syncArticles } from './sync-articles.js';
export {
  type CallPacer,
  emptyKindSummary,
  type KindSummary,
  type SyncContext,
  type SyncProgress,
  type SyncSummary,
} from './sync-context.js';
export { syncFollowers } from './sync-followers.js';
export { syncMaterials } from './sync-materials.js';
